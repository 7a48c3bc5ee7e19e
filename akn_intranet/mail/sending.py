"""Delivering the outbox over SMTP: after the commit, with retries and back-off."""

import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta

import flask_mail
from flask import Flask, current_app, g
from sqlalchemy import and_, or_, select, update

from ..clock import utcnow
from ..extensions import db, mail
from ..log_redaction import redact
from .models import FAILED, PENDING, SENDING, SENT, OutboxMessage

# A message claimed this long ago by a sender that never finished is sent again (same Message-ID).
STALE_CLAIM = timedelta(minutes=10)
SENDER_THREAD = "akn-mail-sender"
# Outcomes are written this many messages at a time: a crash re-sends at most these, never loses one.
RECORD_BATCH = 50


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claim_due(limit: int) -> list[OutboxMessage]:
    """Mark due messages as ours in one statement, so two senders never share one."""
    now = utcnow()
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
    claimed = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=SENDING, claimed_at=now)
        .returning(OutboxMessage.id)  # exactly the rows this statement claimed
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    messages = select(OutboxMessage).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)
    return list(db.session.scalars(messages))


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


def _failure(attempts: int, error: Exception) -> dict:
    """Column values after a failed attempt: back off, or give up after the last attempt."""
    values = {"attempts": attempts + 1, "last_error": f"{type(error).__name__}: {error}"[:2000]}
    if attempts + 1 >= current_app.config["AKN_MAIL_MAX_ATTEMPTS"]:
        return {**values, "status": FAILED}
    delay = current_app.config["AKN_MAIL_RETRY_SECONDS"] * 2 ** attempts
    return {**values, "status": PENDING, "next_attempt_at": utcnow() + timedelta(seconds=delay)}


def _record(report: SendReport, sent: list[int], failed: list[tuple[int, dict]], secrets: dict) -> None:
    """Write a batch of outcomes and commit; a crash before this re-sends them (same Message-ID).

    Delivered personal links leave the database: only the mail keeps them (``secrets``: id → message).
    """
    if sent:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(sent))
            .values(status=SENT, sent_at=utcnow(), attempts=OutboxMessage.attempts + 1)
        )
    for message_id in set(sent) & set(secrets):
        message = secrets.pop(message_id)
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(body_text=redact(message.body), body_html=redact(message.html))
        )
    for message_id, values in failed:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
    db.session.commit()
    report.sent += len(sent)
    report.failed += sum(values["status"] == FAILED for _, values in failed)
    report.retrying += sum(values["status"] == PENDING for _, values in failed)
    sent.clear()
    failed.clear()


def send_due(limit: int = 500) -> SendReport:
    """Send every due message over one SMTP connection, recording the outcomes in batches."""
    report = SendReport()
    outgoing = [(m.id, m.attempts, _as_mail(m)) for m in _claim_due(limit)]
    if not outgoing:
        return report
    secrets = {message_id: message for message_id, _, message in outgoing if redact(message.body) != message.body}
    db.session.expunge_all()  # from here on plain values: no reloading while SMTP talks,
    db.session.rollback()  # and no transaction either (on SQLite it held the write lock against every click)
    sent: list[int] = []
    failed: list[tuple[int, dict]] = []
    done = 0
    try:
        with mail.connect() as connection:
            for message_id, attempts, message in outgoing:
                try:
                    connection.send(message)
                except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
                    failed.append((message_id, _failure(attempts, error)))
                else:
                    sent.append(message_id)
                done += 1
                if len(sent) + len(failed) >= RECORD_BATCH:
                    _record(report, sent, failed, secrets)
    except (OSError, smtplib.SMTPException) as error:
        failed += [(message_id, _failure(attempts, error)) for message_id, attempts, _ in outgoing[done:]]
    _record(report, sent, failed, secrets)
    return report


def resend(message: OutboxMessage) -> None:
    """The coordinator tries a failed message once more; its history (attempts, error) stays."""
    message.status, message.next_attempt_at = PENDING, utcnow()
    g.akn_mail_queued = True


class BackgroundSender:
    """At most one sender thread per app and process: a commit while it runs only asks it to look
    again when done, so slow SMTP never piles up threads (each with its connection) beside requests."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._running = self._again = False

    def wake(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, name=SENDER_THREAD, daemon=True).start()

    def _run(self) -> None:
        again = True
        while again:
            try:
                with self.app.app_context():
                    try:
                        send_due()
                    finally:
                        db.session.remove()
            except Exception:  # the database is gone, say: the mail waits in the outbox for `tick`
                self.app.logger.exception("Mailversand im Hintergrund fehlgeschlagen")
            with self._lock:
                again, self._again = self._again, False
                self._running = again


def dispatch_queued() -> None:
    """After a commit that queued mail: send it in the background so no click waits for SMTP."""
    if g.pop("akn_mail_queued", False) and current_app.config["AKN_SEND_MAIL"]:
        current_app.extensions["akn_mail_sender"].wake()
