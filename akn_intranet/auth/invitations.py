"""Invitation links to set the first password: random, stored only as a hash, single-use, expiring.

The same precautions as the approval links (``approvals/tokens.py``): the mail carries the raw
token, the database only its SHA-256; GET shows the form and only the POST sets the password.
"""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..approvals.operations import LinkProblem
from ..approvals.tokens import hash_token, spend
from ..clock import local_today, utcnow
from ..extensions import db
from ..formatting import format_datetime
from ..mail.operations import enqueue
from ..members.operations import is_member_from
from ..urls import external_url
from .models import InvitationToken, User
from .passwords import set_password


def issue_invitation(user: User) -> tuple[str, InvitationToken]:
    """A new link for ``user``; earlier unused links of the same user stop working.

    Returns the raw token for the mail (the database keeps only its hash) and the stored row.
    """
    now = utcnow()
    db.session.execute(
        update(InvitationToken)
        .where(InvitationToken.user_id == user.id, InvitationToken.used_at.is_(None), InvitationToken.expires_at > now)
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    raw = secrets.token_urlsafe(32)
    lifetime = timedelta(days=current_app.config["AKN_INVITATION_LINK_DAYS"])
    token = InvitationToken(token_hash=hash_token(raw), user=user, created_at=now, expires_at=now + lifetime)
    db.session.add(token)
    return raw, token


def send_invitation(user: User, actor: User) -> None:
    """Write the invitation mail to the outbox; it goes out after the commit."""
    raw, token = issue_invitation(user)
    enqueue(
        recipient=user.email,
        subject="Ihr Zugang zum AKN Intranet",
        template="mail/contact/invitation.md",
        thread=f"contact-{user.id}",
        activity_id=None,
        notification="contact_invitation",
        user=user,
        actor=actor,
        link=external_url("auth.accept_invitation", token=raw),
        expires_at=token.expires_at,
    )
    db.session.flush()


def check_invitation(raw: str) -> InvitationToken:
    """The token behind a link, or a :class:`LinkProblem` that says why it sets nothing."""
    token = None
    if raw and len(raw) <= 100:
        token = db.session.scalars(select(InvitationToken).filter_by(token_hash=hash_token(raw))).first()
    if token is None:
        raise LinkProblem(
            "Link ungültig",
            "Diesen Einladungslink gibt es so nicht: Er ist unvollständig oder wurde verändert. "
            "Bitte öffnen Sie ihn direkt aus der Einladungs-E-Mail oder wenden Sie sich an die Koordination.",
            404,
        )
    if token.used_at is not None:
        raise LinkProblem(
            "Link bereits verwendet",
            f"Mit diesem Link wurde am {format_datetime(token.used_at)} bereits ein Passwort festgelegt. "
            "Jeder Link gilt nur einmal. Melden Sie sich mit Ihrem Passwort an; haben Sie es vergessen, "
            "wenden Sie sich bitte an die Koordination.",
        )
    if token.expires_at <= utcnow():
        raise LinkProblem(
            "Link abgelaufen",
            f"Dieser Link war bis {format_datetime(token.expires_at)} gültig (oder wurde durch eine neuere "
            "Einladung ersetzt). Bitte wenden Sie sich an die Koordination; sie kann Ihnen eine neue Einladung senden.",
        )
    if not token.user.is_active and not _member_later(token.user):
        raise LinkProblem(
            "Zugang nicht aktiv",
            "Ihr Zugang zum AKN Intranet ist derzeit deaktiviert. Bitte wenden Sie sich an die Koordination.",
            403,
        )
    return token


def _member_later(user: User) -> bool:
    """A contact of a member whose joining is recorded but not yet in effect may already set a password."""
    return user.active and user.member is not None and is_member_from(user.member, local_today())


def accept_invitation(raw: str, password: str) -> User:
    """Set the password and spend the link; of two submissions arriving together only one counts."""
    token = check_invitation(raw)
    if not spend(InvitationToken, token.id):
        raise LinkProblem("Link bereits verwendet", "Mit diesem Link wurde bereits ein Passwort festgelegt.")
    set_password(token.user, password)
    db.session.flush()
    return token.user
