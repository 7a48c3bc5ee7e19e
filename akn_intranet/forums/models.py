"""Kooperationsforen: agenda, attendance, minutes draft and submitted versions."""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflows.lifecycle import LABELS, NEW

from ..approvals.models import Approval
from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..members.models import Member

forum_attendance = Table(
    "forum_attendance",
    db.metadata,
    Column("forum_id", ForeignKey("forums.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Forum(db.Model):
    __tablename__ = "forums"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200))
    host_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    state: Mapped[str] = mapped_column(String(30), default=NEW)
    state_since: Mapped[datetime] = mapped_column(UTCDateTime)
    other_attendees: Mapped[str] = mapped_column(Text, default="")
    # When anything about the forum last changed (draft, approvals); writing it bumps the revision.
    touched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic lock: a second click, a concurrent approval or a stale form loses.
    revision: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": revision}

    host: Mapped[Member] = relationship()
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        order_by="AgendaItem.position", cascade="all, delete-orphan", back_populates="forum"
    )
    action_items: Mapped[list["ActionItem"]] = relationship(
        order_by="ActionItem.id", cascade="all, delete-orphan", back_populates="forum"
    )
    attendees: Mapped[list[User]] = relationship(secondary=forum_attendance, order_by=User.name)
    versions: Mapped[list["MinutesVersion"]] = relationship(
        order_by="MinutesVersion.number", back_populates="forum"
    )

    @property
    def state_label(self) -> str:
        return LABELS["forum"][self.state]

    @property
    def current_version(self) -> "MinutesVersion | None":
        return self.versions[-1] if self.versions else None

    @property
    def members_present(self) -> list[Member]:
        """The members whose contacts attended: they approve the minutes."""
        members = {u.member.id: u.member for u in self.attendees if u.member and u.member.active}
        return sorted(members.values(), key=lambda m: m.sort_key)

    def members_present_count(self) -> int:
        return len(self.members_present)

    def minutes_written(self) -> bool:
        return any(item.notes.strip() or item.decisions.strip() for item in self.agenda_items)

    def members_yet_to_approve(self) -> list[Member]:
        version = self.current_version
        approved = {a.member_id for a in version.approvals} if version else set()
        return [m for m in self.members_present if m.id not in approved]

    def approvals_complete(self) -> bool:
        return self.current_version is not None and not self.members_yet_to_approve()

    @property
    def thread_id(self) -> str:
        return f"forum-{self.id}"


class AgendaItem(db.Model):
    """A TOP; its notes and decisions are the host's minutes draft."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")

    forum: Mapped[Forum] = relationship(back_populates="agenda_items")


class ActionItem(db.Model):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    description: Mapped[str] = mapped_column(Text)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    due_date: Mapped[date | None] = mapped_column(Date)

    forum: Mapped[Forum] = relationship(back_populates="action_items")
    member: Mapped[Member] = relationship()


class MinutesVersion(db.Model):
    """Submitted minutes, frozen: the text approvers see and its SHA-256."""

    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("forum_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id"))
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    forum: Mapped[Forum] = relationship(back_populates="versions")
    submitted_by: Mapped[User | None] = relationship()
    approvals: Mapped[list[Approval]] = relationship(
        order_by=Approval.created_at, back_populates="version"
    )
