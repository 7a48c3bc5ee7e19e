"""People who log in: the coordinator, the members' contacts and the advisor."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime
from ..extensions import db
from ..links import PersonalLink
from ..members.models import Member

COORDINATOR = "coordinator"
CONTACT = "contact"
ADVISOR = "advisor"
ROLE_LABELS = {COORDINATOR: "Koordination", CONTACT: "Ansprechpartner*in", ADVISOR: "Beratung"}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=CONTACT)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    organisation: Mapped[str] = mapped_column(String(120), default="")  # for users without a member
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login id in every session cookie: raising it ends every session of this user.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Set when the coordinator erased a former contact's personal data (privacy/erasure.py): for good.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (auth/two_factor.py): the TOTP secret once confirmed, and the last time step
    # a code was accepted for, so that a code seen over someone's shoulder does not work a second time.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    # The OParl interface shows the person's name only with their consent (Konto page, oparl/): when they
    # first gave it (the Person's ``created``) and when they last changed it (its ``modified``).
    oparl_consent: Mapped[bool] = mapped_column(default=False, server_default=false())
    oparl_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    oparl_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member | None] = relationship(back_populates="contacts")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every browser logged in as this user (a copied cookie too) is logged out at its next request."""
        self.session_version += 1

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active and (self.member is None or self.member.active)

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR

    @property
    def affiliation(self) -> str:
        return self.member.name if self.member else self.organisation

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class InvitationToken(PersonalLink, db.Model):
    """A personal link to set the first password."""

    __tablename__ = "invitation_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship()


class LoginFailure(db.Model):
    """A failed login, kept in the database so that throttling holds across all worker processes."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), index=True)  # "email:…" or "ip:…"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class RecoveryCode(db.Model):
    """A one-time code for signing in without the authenticator app; only its SHA-256 is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
