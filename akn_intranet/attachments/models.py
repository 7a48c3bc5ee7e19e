"""An attachment (Anlage) is a row naming a file; the file itself lies content-addressed on disk
(``storage.py``), so the same slides attached twice are stored once."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, select
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db

# The attachments a submitted version was approved with: frozen with it, like its text.
version_attachments = Table(
    "version_attachments",
    db.metadata,
    Column("version_id", ForeignKey("minutes_versions.id"), primary_key=True),
    Column("attachment_id", ForeignKey("attachments.id"), primary_key=True),
)

ON_ACTIVITY, ON_DOCUMENT = "activity", "document"  # where an attachment belongs besides an agenda item


class Attachment(db.Model):
    """A file on a forum or project, on one of its agenda items (sections), or on its document.

    Never changed once written; removed from a draft, it stays on record (``removed_at``) only where
    a submitted version holds it, and is deleted with its file otherwise.
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    on_document: Mapped[bool] = mapped_column(default=False)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    type_label: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    uploaded_by: Mapped[User | None] = relationship()
    activity = relationship("Activity", back_populates="attachments")
    section = relationship("Section")
    versions = relationship("MinutesVersion", secondary=version_attachments, back_populates="attachments")


def current(activity: object) -> list[Attachment]:
    """The attachments of a forum or project in force (not removed), in upload order: one query, also
    for a page whose activity was loaded without its relations."""
    query = select(Attachment).filter_by(activity_id=activity.id, removed_at=None).order_by(Attachment.id)
    return list(object_session(activity).scalars(query))
