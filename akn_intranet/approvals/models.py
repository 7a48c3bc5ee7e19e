"""Approvals of one minutes version, and the personal links that record them."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..members.models import Member


class Approval(db.Model):
    """One member's approval of one version; it never carries over to the next version."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("version_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("minutes_versions.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(String(64))  # the text the contact saw and approved
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()
    user: Mapped[User] = relationship()
    version = relationship("MinutesVersion", back_populates="approvals")


class ApprovalToken(db.Model):
    """A personal approval link; only the SHA-256 of the token is stored."""

    __tablename__ = "approval_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("minutes_versions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    version = relationship("MinutesVersion")
