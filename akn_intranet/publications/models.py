"""A published result: one per distributed forum or project, public until the coordinator withdraws it."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.models import NOTE_LABELS, Activity
from ..members.models import Member
from ..projects.models import Project

TITLE_MAX = 200
SUMMARY_MAX = 20_000
# What the activity's history says about its publication (lifecycle.operations.note).
PUBLISHED, CHANGED, WITHDRAWN = "publish", "change_publication", "withdraw_publication"
NOTE_LABELS.update({
    PUBLISHED: "Ergebnis veröffentlicht",
    CHANGED: "Veröffentlichtes Ergebnis geändert",
    WITHDRAWN: "Veröffentlichung zurückgenommen",
})


class Publication(db.Model):
    """The coordinator's title and Markdown summary of one activity; the row exists only while it is public
    (withdrawing deletes it; the activity's history keeps both steps)."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), unique=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text)  # Markdown, written by the coordinator
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    activity: Mapped[Activity] = relationship()
    published_by: Mapped[User | None] = relationship()

    @property
    def kind_label(self) -> str:
        """"Kooperationsforum" or the project's kind ("Projekt: Maßnahme")."""
        if isinstance(self.activity, Project):
            return f"{self.activity.kind_spec.noun}: {self.activity.kind_label}"
        return "Kooperationsforum"

    @property
    def members(self) -> list[Member]:
        """The members involved: a forum's host and those present, a project's lead and participants."""
        activity = self.activity
        if isinstance(activity, Forum):
            others = activity.members_present
        elif isinstance(activity, Project):
            others = activity.active_participants
        else:
            others = []
        first = activity.responsible_member
        return [first, *(m for m in others if m.id != first.id)]

    @property
    def fields_of_action(self) -> list[str]:
        return [f.name for f in self.activity.fields_of_action] if isinstance(self.activity, Project) else []

    @property
    def goals(self) -> list[str]:
        return [g.label for g in self.activity.goals] if isinstance(self.activity, Project) else []
