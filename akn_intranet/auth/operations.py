"""Contacts (Ansprechpersonen): added with an invitation, deactivated, reactivated; one's own password.

Only views commit. The number of active contacts per member comes from the rules of procedure.
"""

from sqlalchemy import func, select

from workflows.lifecycle import InvalidTransition, NotAllowed, Vetoed

from ..clock import local_today
from ..extensions import db
from ..members.models import Member
from ..members.operations import is_member_from
from ..rules.models import current_rules
from ..security_log.operations import record
from .invitations import send_invitation
from .models import CONTACT, User
from .passwords import set_password


def _active_contacts(member: Member) -> int:
    # Lock the member row (PostgreSQL), so two coordinators adding at once cannot both pass the limit.
    db.session.execute(select(Member.id).where(Member.id == member.id).with_for_update())
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.member_id == member.id, User.role == CONTACT, User.active.is_(True))
    )


def _check_member_may_have_another(member: Member) -> None:
    if not is_member_from(member, local_today()):
        raise Vetoed(f"{member.name} ist derzeit kein Mitglied; erfassen Sie zuerst den Beitritt.")
    limit = current_rules().contacts_per_member
    if _active_contacts(member) >= limit:
        raise Vetoed(
            f"{member.name} hat bereits {limit} aktive Ansprechperson{'en' if limit != 1 else ''}; die Geschäftsordnung "
            f"erlaubt höchstens {limit} je Mitglied. Deaktivieren Sie zuerst eine Ansprechperson."
        )


def _contact(user: User) -> User:
    if user.role != CONTACT:
        raise NotAllowed(f"{user.name} ist keine Ansprechperson eines Mitglieds; dieser Zugang wird hier nicht verwaltet.")
    return user


def add_contact(actor: User, name: str, email: str, member: Member) -> User:
    """Create the contact without a password and mail the invitation link to set one."""
    email = email.strip().lower()
    taken = db.session.scalars(select(User).where(func.lower(User.email) == email)).first()
    if taken is not None:
        raise Vetoed(f"Die E-Mail-Adresse {email} ist bereits vergeben ({taken.display_name}).")
    _check_member_may_have_another(member)
    user = User(name=name.strip(), email=email, role=CONTACT, member=member, active=True)
    db.session.add(user)
    db.session.flush()
    send_invitation(user, actor)
    record("contact_invited", actor=actor, subject=user)
    return user


def resend_invitation(actor: User, user: User) -> None:
    """A new link (the old one stops working), e.g. when the first one expired."""
    if not _contact(user).active:
        raise InvalidTransition(f"{user.name} ist deaktiviert; reaktivieren Sie den Zugang zuerst.")
    send_invitation(user, actor)
    record("contact_invited", actor=actor, subject=user, detail="Einladung erneut gesendet")


def deactivate_contact(actor: User, user: User) -> None:
    """No mail, no login from now on; the history keeps the name."""
    if user.id == actor.id:
        raise NotAllowed("Sie können Ihren eigenen Zugang nicht deaktivieren.")
    if not _contact(user).active:
        raise InvalidTransition(f"{user.name} ist bereits deaktiviert.")
    user.active = False
    user.end_sessions()
    record("contact_deactivated", actor=actor, subject=user)


def reactivate_contact(actor: User, user: User) -> None:
    if _contact(user).active:
        raise InvalidTransition(f"{user.name} ist bereits aktiv.")
    if user.erased_at is not None:
        raise InvalidTransition("Dieser Zugang ist gelöscht; bitte legen Sie eine neue Ansprechperson an.")
    _check_member_may_have_another(user.member)
    user.active = True
    record("contact_reactivated", actor=actor, subject=user)


def end_sessions(actor: User, user: User) -> None:
    """The coordinator logs a contact out everywhere (a lost laptop, a shared computer)."""
    _contact(user).end_sessions()
    record("sessions_ended", actor=actor, subject=user, detail="durch die Koordination")


def change_password(user: User, password: str) -> None:
    set_password(user, password)
    user.end_sessions()
    record("password_changed", actor=user, subject=user, detail="andere Anmeldungen beendet")
