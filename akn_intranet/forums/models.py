"""Kooperationsforen: number, place, host and attendance on top of the shared lifecycle."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from ..auth.models import User
from ..calendar import ics
from ..extensions import db
from ..lifecycle.models import Activity
from ..members.models import Member
from ..rules.models import ALL, MAJORITY, current_rules
from .kind import FORUM_KIND  # noqa: F401  registers the kind with its model

forum_attendance = Table(
    "forum_attendance",
    db.metadata,
    Column("forum_id", ForeignKey("forums.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Forum(Activity):
    __tablename__ = "forums"
    __mapper_args__ = {"polymorphic_identity": "forum"}

    id: Mapped[int] = mapped_column(ForeignKey("activities.id"), primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    place: Mapped[str] = mapped_column(String(200))
    host_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    other_attendees: Mapped[str] = mapped_column(Text, default="")

    host: Mapped[Member] = relationship()
    attendees: Mapped[list[User]] = relationship(secondary=forum_attendance, order_by=User.name)

    @property
    def ends_at(self) -> datetime:
        """Its start plus its length (its own, or the rules' default): as in its calendar entry."""
        return ics.ends_at(self)

    @property
    def responsible_member(self) -> Member:
        return self.host

    @property
    def responsible_member_id(self) -> int:
        return self.host_member_id

    @property
    def members_present(self) -> list[Member]:
        """The members whose contacts attended: they approve the minutes."""
        members = {u.member.id: u.member for u in self.attendees if u.member and u.member.active}
        return sorted(members.values(), key=lambda m: m.sort_key)

    def approving_members(self) -> list[Member]:
        """Those present; every active member where the rules say "all" or "a majority" approve."""
        session = object_session(self)  # its own session, in a request or a script
        if current_rules(session).approval_rule in (ALL, MAJORITY):
            return sorted(session.scalars(select(Member).filter_by(active=True)), key=lambda m: m.sort_key)
        return self.members_present
