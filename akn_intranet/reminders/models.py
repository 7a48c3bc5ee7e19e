"""The reminders already sent: their unique key is what makes ``flask akn tick`` idempotent."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime
from ..extensions import db


class SentReminder(db.Model):
    __tablename__ = "sent_reminders"
    __table_args__ = (UniqueConstraint("activity_id", "kind", "scope", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    # What the reminder is about, so a new occasion reminds again: e.g. "version-12" or "held-20261129".
    scope: Mapped[str] = mapped_column(String(80))
    recipient: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
