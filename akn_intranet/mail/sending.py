"""Delivering the outbox over SMTP: after the commit, with retries and back-off."""

import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import flask_mail
from flask import Flask, current_app, g
from sqlalchemy import and_, or_, select, update

from ..clock import utcnow
from ..extensions import db, mail
from .models import FAILED, PENDING, SENDING, SENT, OutboxMessage

# A message claimed this long ago by a sender that never finished is sent again (same Message-ID).
STALE_CLAIM = timedelta(minutes=10)
SENDER_THREAD = "akn-mail-sender"


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claim_due(limit: int) -> list[OutboxMessage]:
    """Mark due messages as ours in one statement, so two senders never share one."""
    now = utcnow()
    claim = uuid4().hex
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
                and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - STALE_CLAIM),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=SENDING, claim=claim, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(select(OutboxMessage).filter_by(claim=claim).order_by(OutboxMessage.id))
    )


def _as_mail(message: OutboxMessage) -> flask_mail.Message:
    mail_message = flask_mail.Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        extra_headers={
            "In-Reply-To": message.thread_id,
            "References": message.thread_id,
            "Auto-Submitted": "auto-generated",
        },
    )
    mail_message.msgId = message.message_id
    return mail_message


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claim = None
    if message.attempts >= current_app.config["AKN_MAIL_MAX_ATTEMPTS"]:
        message.status = FAILED
    else:
        message.status = PENDING
        delay = current_app.config["AKN_MAIL_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
        message.next_attempt_at = utcnow() + timedelta(seconds=delay)


def send_due(limit: int = 500) -> SendReport:
    """Send every due message over one SMTP connection; commit after each one."""
    report = SendReport()
    messages = _claim_due(limit)
    if not messages:
        return report
    mails = [_as_mail(message) for message in messages]  # no database access while SMTP talks
    done = 0
    try:
        with mail.connect() as connection:
            for message, outgoing in zip(messages, mails, strict=True):
                try:
                    connection.send(outgoing)
                except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
                    _record_failure(message, error)
                else:
                    message.attempts += 1
                    message.status, message.sent_at, message.claim = SENT, utcnow(), None
                db.session.commit()
                done += 1
    except (OSError, smtplib.SMTPException) as error:
        for message in messages[done:]:
            _record_failure(message, error)
        db.session.commit()
    for message in messages:
        if message.status == SENT:
            report.sent += 1
        elif message.status == FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report


def resend(message: OutboxMessage) -> None:
    """The coordinator tries a failed message once more; its history (attempts, error) stays."""
    message.status, message.next_attempt_at, message.claim = PENDING, utcnow(), None
    g.akn_mail_queued = True


def _send_in_background(app: Flask) -> None:
    with app.app_context():
        try:
            send_due()
        finally:
            db.session.remove()


def dispatch_queued() -> threading.Thread | None:
    """After a commit that queued mail: send it in the background so no click waits for SMTP."""
    if not g.pop("akn_mail_queued", False) or not current_app.config["AKN_SEND_MAIL"]:
        return None
    thread = threading.Thread(
        target=_send_in_background, args=(current_app._get_current_object(),), name=SENDER_THREAD, daemon=True
    )
    thread.start()
    return thread
