"""The transactional outbox: mail written with the change, sent after the commit."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime
from ..extensions import db

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
STATUS_LABELS = {PENDING: "wartend", SENDING: "wird gesendet", SENT: "gesendet", FAILED: "fehlgeschlagen"}


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    thread_id: Mapped[str] = mapped_column(String(250))  # In-Reply-To and References
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"), index=True)
    notification: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # The calendar entry (iCalendar text, akn_intranet/calendar/ics.py) of an invitation, change or
    # cancellation, written with the message and sent as its text/calendar part and .ics attachment.
    calendar: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]
