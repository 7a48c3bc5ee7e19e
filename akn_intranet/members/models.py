"""The member administrations of the alliance."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime
from ..extensions import db

# DIN 5007-1 ("Wörterbuch"): umlauts sort as their base letter, so Jüchen comes before Kaarst.
_GERMAN_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def german_sort_key(text: str) -> str:
    return text.casefold().translate(_GERMAN_FOLD)


class Member(db.Model):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)  # as signed: "Stadt Kaarst"
    place: Mapped[str] = mapped_column(String(80))  # "Kaarst": the host rotation sorts by it
    is_municipality: Mapped[bool] = mapped_column(default=True)
    hosts_forums: Mapped[bool] = mapped_column(default=True)
    # Mirrors the membership periods on today's date, so that queries stay simple; it is set when a
    # recorded joining or leaving takes effect (at once, or by ``flask akn tick`` on its date).
    active: Mapped[bool] = mapped_column(default=True)

    contacts = relationship("User", back_populates="member", order_by="User.name")
    memberships: Mapped[list["Membership"]] = relationship(
        order_by="Membership.id", back_populates="member", cascade="all, delete-orphan"
    )

    def is_member_on(self, day: date) -> bool:
        return any(period.covers(day) for period in self.memberships)

    @property
    def sort_key(self) -> str:
        return german_sort_key(self.place)

    def __repr__(self) -> str:
        return f"<Member {self.name}>"


class Membership(db.Model):
    """One period of membership. Joining adds a period, leaving closes it: nothing is overwritten."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    joined_on: Mapped[date | None] = mapped_column(Date)  # None: a founding member, since the founding
    left_on: Mapped[date | None] = mapped_column(Date)  # first day no longer a member
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship(back_populates="memberships")

    def covers(self, day: date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (self.left_on is None or day < self.left_on)
