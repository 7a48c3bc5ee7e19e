"""Action items (Aufgaben) decided in minutes and reports: the securing of results."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import local_today
from ..database import UTCDateTime
from ..extensions import db
from ..lifecycle.models import Activity
from ..members.models import Member


class ActionItem(db.Model):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_note: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"), index=True)

    activity: Mapped[Activity] = relationship(back_populates="action_items")
    member: Mapped[Member] = relationship()
    done_by: Mapped[User | None] = relationship()
    decision = relationship("Decision", back_populates="action_items")  # the decision it carries out, if any

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_date is not None and self.due_date < today

    @property
    def overdue(self) -> bool:
        """Overdue as of today in Berlin (the test clock included): what the pages highlight."""
        return self.is_overdue(local_today())

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

