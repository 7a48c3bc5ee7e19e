"""The document of an activity: the draft in sections, and the submitted versions."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..approvals.models import Approval
from ..attachments.models import Attachment, version_attachments
from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..lifecycle.models import Activity

SECTION_TITLE_MAX = 300  # an agenda line becomes a section title: forms and the standing agenda obey it


class Section(db.Model):
    """A TOP of a forum's agenda or a heading of a project report; notes and decisions are the draft."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(SECTION_TITLE_MAX))
    notes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")

    activity: Mapped[Activity] = relationship(back_populates="sections")
    # the structured decisions (decisions/models.py); ``decisions`` above is the free text around them
    decision_items = relationship(
        "Decision", order_by="Decision.position", cascade="all, delete-orphan", back_populates="section"
    )


class MinutesVersion(db.Model):
    """A submitted document, frozen: the text approvers see and its SHA-256. Never updated."""

    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("activity_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    activity: Mapped[Activity] = relationship(back_populates="versions")
    submitted_by: Mapped[User | None] = relationship()
    approvals: Mapped[list[Approval]] = relationship(order_by=Approval.created_at, back_populates="version")
    attachments: Mapped[list[Attachment]] = relationship(
        secondary=version_attachments, order_by=Attachment.id, back_populates="versions"
    )
