"""Invitation links to set the first password (the link rules: ``links.py``).

GET shows the form and only the POST sets the password; a newer invitation replaces older links.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import update

from ..clock import local_today, utcnow
from ..extensions import db
from ..links import LinkProblem, LinkWording, find, issue, spend
from ..mail.operations import enqueue
from ..members.operations import is_member_from
from ..security_log.operations import record
from ..urls import external_url
from .models import InvitationToken, User
from .passwords import set_password

WORDING = LinkWording(
    done="ein Passwort festgelegt",
    source="der Einladungs-E-Mail",
    after_use="Melden Sie sich mit Ihrem Passwort an; haben Sie es vergessen, wenden Sie sich bitte an die Koordination.",
    after_expiry="Vielleicht wurde er durch eine neuere Einladung ersetzt. Bitte wenden Sie sich an die Koordination; "
    "sie kann Ihnen eine neue Einladung senden.",
)


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
    return issue(InvitationToken, timedelta(days=current_app.config["AKN_INVITATION_LINK_DAYS"]), user=user)


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
    token = find(InvitationToken, raw, WORDING)
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
    spend(token, WORDING)
    set_password(token.user, password)
    record("password_set", actor=token.user, subject=token.user)
    return token.user
