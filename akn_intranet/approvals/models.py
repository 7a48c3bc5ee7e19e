"""Approvals of one minutes version, and the personal links that record them."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..links import PersonalLink
from ..members.models import Member

BY_LINK, IN_INTRANET = "link", "intranet"  # how an approval was given
VIA_LABELS = {BY_LINK: "per persönlichem Link", IN_INTRANET: "im Intranet"}


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
    via: Mapped[str] = mapped_column(String(20), default=BY_LINK, server_default=BY_LINK)

    member: Mapped[Member] = relationship()
    user: Mapped[User] = relationship()
    version = relationship("MinutesVersion", back_populates="approvals")

    @property
    def via_label(self) -> str:
        return VIA_LABELS[self.via]


class ApprovalToken(PersonalLink, db.Model):
    """A contact's personal link to decide on one version."""

    __tablename__ = "approval_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("minutes_versions.id"))

    user: Mapped[User] = relationship()
    version = relationship("MinutesVersion")
