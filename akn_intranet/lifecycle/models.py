"""What runs through the lifecycle (forums and joint projects) and its audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified

from workflows.lifecycle import NEW, SYSTEM_TRIGGER_LABELS, TRIGGER_LABELS

from ..approvals import rules as approval_rules
from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..members.models import Member
from .kinds import Kind, kind_named

if TYPE_CHECKING:  # the minutes package builds on this one
    from ..minutes.models import MinutesVersion


class Activity(db.Model):
    """A forum or a joint project: one state machine, one document, one approval procedure.

    Joined-table inheritance: ``forums`` and ``projects`` add their own columns.
    """

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # the name of its Kind (kind_spec)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(30), default=NEW)
    state_since: Mapped[datetime] = mapped_column(UTCDateTime)
    # When anything about it last changed (draft, approvals); writing it bumps the revision.
    touched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic lock: a second click, a concurrent approval or a stale form loses.
    revision: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"polymorphic_on": "kind", "version_id_col": revision}

    sections = relationship(
        "Section", order_by="Section.position", cascade="all, delete-orphan", back_populates="activity"
    )
    action_items = relationship(
        "ActionItem", order_by="ActionItem.id", cascade="all, delete-orphan", back_populates="activity"
    )
    versions = relationship("MinutesVersion", order_by="MinutesVersion.number", back_populates="activity")
    attachments = relationship("Attachment", order_by="Attachment.id", back_populates="activity")

    @property
    def kind_spec(self) -> Kind:
        """Everything that differs between forums and projects: words, mails, pages."""
        return kind_named(self.kind)

    @property
    def responsible_member(self) -> Member:
        """Who writes the document: the host of a forum, the lead of a project."""
        raise NotImplementedError

    @property
    def responsible_member_id(self) -> int:
        return self.responsible_member.id

    def approving_members(self) -> list[Member]:
        """Who approves the document, as the rules of procedure say (each kind answers)."""
        raise NotImplementedError

    def touch(self, now: datetime) -> None:
        """Record a change: the UPDATE always happens, so the revision always moves and a
        concurrent writer (a second approval, a stale form) is detected even within one instant."""
        self.touched_at = now
        flag_modified(self, "touched_at")

    @property
    def state_label(self) -> str:
        return self.kind_spec.words.label(self.state)

    @property
    def current_version(self) -> MinutesVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def thread_id(self) -> str:
        return f"{self.kind}-{self.id}"

    def approving_members_count(self) -> int:
        return len(self.approving_members())

    def minutes_written(self) -> bool:
        return any(s.notes.strip() or s.decisions.strip() or s.decision_items for s in self.sections)

    def members_yet_to_approve(self, approving: list[Member] | None = None) -> list[Member]:
        """Of ``approving`` (default: who approves now), those without an approval of the current version."""
        version = self.current_version
        approved = {a.member_id for a in version.approvals} if version else set()
        return [m for m in (self.approving_members() if approving is None else approving) if m.id not in approved]

    def approval_rule_met(self, now: datetime) -> str:
        return approval_rules.rule_met(self, now)


# History rows that are no transition (the activity keeps its state), by what they record: the packages that
# write them add their German names here (publications/models.py).
NOTE_LABELS: dict[str, str] = {}


class HistoryEntry(db.Model):
    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
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
        return TRIGGER_LABELS.get(self.trigger) or NOTE_LABELS.get(self.trigger, self.trigger)
