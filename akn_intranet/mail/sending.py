"""Delivering the outbox over SMTP: after the commit, with retries and back-off."""

import atexit
import re
import smtplib
import threading
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

import flask_mail
from flask import Flask, current_app, g
from sqlalchemy import and_, or_, select, update

from ..clock import utcnow
from ..database import flush_to_disk
from ..extensions import db, mail
from ..lifecycle.models import Activity
from ..log_redaction import redact
from ..minutes import pdf
from .models import FAILED, PENDING, SENDING, SENT, OutboxMessage

SENDER_THREAD = "akn-mail-sender"
# Claimed at a time; a sender renews its claims at half the claim time (AKN_MAIL_CLAIM_SECONDS) while it works.
CLAIM_BATCH = 20


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    redacted: int = 0  # delivered messages whose personal links were removed from the database

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed


def _claim_due(limit: int) -> tuple[list[OutboxMessage], datetime]:
    """Mark due messages as ours in one statement, so two senders never share one; returns them and the
    moment of the claim (which ``_renew`` knows them by).

    A claim older than the claim time belongs to a sender that died (kill -9, power loss): it is
    taken over, and only the message that was in flight then can arrive twice (same Message-ID).
    A sender that lives renews its claims at half the claim time, however slow the server.
    """
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["AKN_MAIL_CLAIM_SECONDS"])
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
                and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < stale),
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
    outgoing = list(db.session.scalars(messages))
    db.session.expunge_all()  # from here on plain values: no reloading while SMTP talks,
    db.session.rollback()  # and no transaction either (on SQLite it held the write lock against every click)
    return outgoing, now


def _renew(outgoing: list[tuple[int, int, flask_mail.Message]], claimed_at: datetime) -> tuple[list, datetime]:
    """The claims still ours get a new moment, in one statement; one another sender has taken over meanwhile
    (this one outlasted the claim time) is dropped from ``outgoing``, so it does not go out twice."""
    now = utcnow()
    kept = set(db.session.scalars(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_([message_id for message_id, _, _ in outgoing]),
            OutboxMessage.status == SENDING,
            OutboxMessage.claimed_at == claimed_at,
        )
        .values(claimed_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ))
    db.session.commit()
    return [entry for entry in outgoing if entry[0] in kept], now


CALENDAR_METHOD = re.compile(r"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)
CALENDAR_ATTACHMENTS = {"REQUEST": "einladung.ics", "CANCEL": "absage.ics"}


class CalendarMessage(flask_mail.Message):
    """A mail with a calendar entry as Outlook, Thunderbird and Gmail expect it (RFC 6047): the
    entry as a third alternative ``text/calendar; method=…`` beside text and HTML, and once more
    as an ``.ics`` attachment for clients that only show attachments."""

    def __init__(self, *, calendar: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        match = CALENDAR_METHOD.search(calendar)
        self.calendar_method = match.group(1) if match else "PUBLISH"
        self.alts["calendar"] = calendar
        self.attach(CALENDAR_ATTACHMENTS.get(self.calendar_method, "termin.ics"), "application/ics", calendar.encode())

    def _message(self):  # noqa: ANN202  (Flask-Mail's hook)
        message = super()._message()
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.calendar_method)
        return message


# The distribution mail says "anbei": it carries the approved version as PDF/A (minutes/pdf.py).
CARRIES_DOCUMENT = "distributed"


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes


def _document(activity_id: int, documents: dict[int, Document]) -> Document:
    """The activity's approved version as PDF, laid out when its mail is sent, once per sending run: an
    approved version, its approvals and its history never change, so every recipient gets the same file.
    Not stored in the outbox: thirty copies of a file the database can render again."""
    if activity_id not in documents:
        version = db.session.get(Activity, activity_id).current_version
        page, name = pdf.page(version), pdf.filename(version)
        db.session.rollback()  # read; the layout below needs no transaction (on SQLite: no write lock held)
        documents[activity_id] = Document(name, pdf.convert(page))
    return documents[activity_id]


def _as_mail(message: OutboxMessage, document: Document | None) -> flask_mail.Message:
    calendar = {"calendar": message.calendar} if message.calendar else {}
    mail_message = (CalendarMessage if calendar else flask_mail.Message)(
        **calendar,
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
    if document is not None:
        mail_message.attach(document.filename, "application/pdf", document.content)
    return mail_message


def _failure(attempts: int, error: Exception) -> dict:
    """Column values after a failed attempt: back off, or give up after the last attempt."""
    values = {"attempts": attempts + 1, "last_error": f"{type(error).__name__}: {error}"[:2000]}
    if attempts + 1 >= current_app.config["AKN_MAIL_MAX_ATTEMPTS"]:
        return {**values, "status": FAILED}
    delay = current_app.config["AKN_MAIL_RETRY_SECONDS"] * 2 ** attempts
    return {**values, "status": PENDING, "next_attempt_at": utcnow() + timedelta(seconds=delay)}


def _record_sent(report: SendReport, message_id: int, message: flask_mail.Message) -> None:
    """Committed the moment the server accepted it: a stop or crash after this never sends it again.
    A delivered personal link leaves the database: only the mail keeps it."""
    values = {"status": SENT, "sent_at": utcnow(), "attempts": OutboxMessage.attempts + 1}
    if redact(message.body) != message.body:
        values.update(body_text=redact(message.body), body_html=redact(message.html))
        report.redacted += 1
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
    db.session.commit()
    report.sent += 1


def _record_failure(report: SendReport, message_id: int, values: dict) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))
    db.session.commit()
    report.failed += values["status"] == FAILED
    report.retrying += values["status"] == PENDING


def _release(message_ids: list[int]) -> None:
    """Claims a stopping sender did not get to: due again at once for the next sender (no wait, no duplicate)."""
    if message_ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == SENDING)
            .values(status=PENDING, claimed_at=None)
        )
        db.session.commit()


def _claim_next(
    limit: int, report: SendReport, documents: dict[int, Document]
) -> tuple[list[tuple[int, int, flask_mail.Message]], datetime]:
    """The next few due messages, as plain values, within what is left of ``limit``, and when they were claimed.

    A document that cannot be laid out fails its message like a refusing server: logged, retried with
    back-off, then "fehlgeschlagen" with the error in the outbox. Never sent without what it says is attached.
    """
    outgoing = []
    claimed, claimed_at = _claim_due(min(CLAIM_BATCH, limit - report.handled))
    for message in claimed:
        try:
            document = _document(message.activity_id, documents) if message.notification == CARRIES_DOCUMENT else None
        except Exception as error:  # WeasyPrint, Pango, a template: whatever it is, the outbox shows it
            db.session.rollback()
            current_app.logger.exception("PDF für Nachricht %s nicht erstellt", message.id)
            _record_failure(report, message.id, _failure(message.attempts, error))
            continue
        outgoing.append((message.id, message.attempts, _as_mail(message, document)))
    return outgoing, claimed_at


def send_due(limit: int = 500, stopping: threading.Event | None = None) -> SendReport:
    """Send due messages over one SMTP connection, a few claims at a time, each outcome recorded as
    the server answers. Set ``stopping`` and it ends after the message in flight, releasing the rest."""
    report = SendReport()
    documents: dict[int, Document] = {}  # activity id → its document, laid out once for all its recipients
    stopping = stopping or threading.Event()
    renew_after = timedelta(seconds=current_app.config["AKN_MAIL_CLAIM_SECONDS"] / 2)
    outgoing, claimed_at = _claim_next(limit, report, documents)
    if not outgoing:
        return report
    try:
        with mail.connect() as connection:
            while outgoing and not stopping.is_set():
                if utcnow() - claimed_at >= renew_after:
                    outgoing, claimed_at = _renew(outgoing, claimed_at)
                if outgoing:
                    message_id, attempts, message = outgoing[0]  # listed until recorded: a dropped connection fails it
                    try:
                        connection.send(message)
                    except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as error:
                        _record_failure(report, message_id, _failure(attempts, error))
                    else:
                        _record_sent(report, message_id, message)
                    outgoing.pop(0)
                if not outgoing and report.handled < limit and not stopping.is_set():
                    outgoing, claimed_at = _claim_next(limit, report, documents)
    except (OSError, smtplib.SMTPException) as error:
        for message_id, attempts, _ in outgoing:
            _record_failure(report, message_id, _failure(attempts, error))
        outgoing = []
    _release([message_id for message_id, _, _ in outgoing])
    if report.redacted:
        flush_to_disk()
    return report


def resend(message: OutboxMessage) -> None:
    """The coordinator tries a failed message once more; its history (attempts, error) stays."""
    message.status, message.next_attempt_at = PENDING, utcnow()
    g.akn_mail_queued = True


_SENDERS: "weakref.WeakSet[BackgroundSender]" = weakref.WeakSet()


@atexit.register
def _stop_senders() -> None:
    """The end of a CLI command (e.g. ``akn demo``) or of a worker: no claim is left behind."""
    for sender in list(_SENDERS):
        sender.stop()


class BackgroundSender:
    """At most one sender thread per app and process: a commit while it runs only asks it to look
    again when done, so slow SMTP never piles up threads (each with its connection) beside requests."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._running = self._again = False
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        _SENDERS.add(self)

    def stop(self, timeout: float = 20.0) -> None:
        """Before the process exits on purpose (SIGTERM, recycling, restart): finish the message in
        flight, release the other claims, so the next sender takes them at once and none twice."""
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def wake(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            if self._stopping.is_set():
                return  # the mail waits in the outbox for the next process or `tick`
            self._running = True
            self._thread = threading.Thread(target=self._run, name=SENDER_THREAD, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        again = True
        while again:
            try:
                with self.app.app_context():
                    try:
                        send_due(stopping=self._stopping)
                    finally:
                        db.session.remove()
            except Exception:  # the database is gone, say: the mail waits in the outbox for `tick`
                self.app.logger.exception("Mailversand im Hintergrund fehlgeschlagen")
            with self._lock:
                again, self._again = self._again and not self._stopping.is_set(), False
                self._running = again


def dispatch_queued() -> None:
    """After a commit that queued mail: send it in the background so no click waits for SMTP."""
    if g.pop("akn_mail_queued", False) and current_app.config["AKN_SEND_MAIL"]:
        current_app.extensions["akn_mail_sender"].wake()
