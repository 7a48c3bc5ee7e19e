"""What a calendar needs to know of a forum or project beyond its date: the entry's revision and length.

One row per activity (``Activity.calendar_entry``): ``sequence`` is the SEQUENCE of its calendar
entry (RFC 5545), raised on every change of date, time or place and on the cancellation, so a
calendar moves or removes the one entry it has instead of adding a second. ``duration_minutes``
is a forum's length (projects last whole days, from their start day to their end day).
"""

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..links import PersonalLink


class CalendarEntry(db.Model):
    __tablename__ = "calendar_entries"
    __table_args__ = (
        CheckConstraint("sequence >= 0", name="calendar_sequence_not_negative"),
        CheckConstraint("duration_minutes > 0", name="calendar_duration_positive"),
    )

    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), primary_key=True)
    sequence: Mapped[int] = mapped_column(default=0)
    duration_minutes: Mapped[int | None]

    activity = relationship(
        "Activity", backref=backref("calendar_entry", uselist=False, cascade="all, delete-orphan")
    )


class CalendarFeed(PersonalLink, db.Model):
    """A person's secret calendar address (``calendar/feed.py``); renewing it marks the old one used."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship()
