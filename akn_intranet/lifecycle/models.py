"""The audit trail: every transition of every forum or project."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows.lifecycle import SYSTEM_TRIGGER_LABELS, TRIGGER_LABELS

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db


class HistoryEntry(db.Model):
    __tablename__ = "history"
    __table_args__ = (Index("ix_history_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(250))  # kept as it was, even if the user changes
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        if self.actor_id is None and self.trigger in SYSTEM_TRIGGER_LABELS:
            return SYSTEM_TRIGGER_LABELS[self.trigger]
        return TRIGGER_LABELS.get(self.trigger, self.trigger)
