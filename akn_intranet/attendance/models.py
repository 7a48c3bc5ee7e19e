"""Attendance replies to a forum's invitation, and the personal links that record them."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..lifecycle.models import Activity
from ..links import PersonalLink

ATTENDING = "attending"
ABSENT = "absent"
DEPUTY = "deputy"
ANSWERS = {ATTENDING: "Ich nehme teil", ABSENT: "Ich nehme nicht teil", DEPUTY: "Vertretung"}


class AttendanceLink(PersonalLink, db.Model):
    """A contact's link to answer one forum's invitation; it can be used again until the forum starts."""

    __tablename__ = "attendance_links"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)

    user: Mapped[User] = relationship()
    activity: Mapped[Activity] = relationship()


class AttendanceReply(db.Model):
    """A contact's latest answer for one forum; a new answer replaces it."""

    __tablename__ = "attendance_replies"
    __table_args__ = (UniqueConstraint("activity_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[str] = mapped_column(String(20))
    deputy: Mapped[str] = mapped_column(String(200), default="")  # who comes instead
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        return f"Vertretung: {self.deputy}" if self.answer == DEPUTY else ANSWERS[self.answer]
