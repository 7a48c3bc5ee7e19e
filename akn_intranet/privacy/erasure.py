"""Art. 17 DSGVO for a former contact: the account's personal data are removed or replaced by a
pseudonym ("ehemalige Ansprechperson, Stadt X"); what the alliance must keep stays.

Kept: every version of a document byte for byte (its SHA-256 is what the members approved; an
approved one is the alliance's official record, Art. 17 (3) b and e DSGVO), and each approval
stays with its member. Everything else that names the person (their mails, the history, the
security log, other people's mails that mention them) says the pseudonym instead.
"""

from datetime import datetime

from sqlalchemy import String, delete, func, update

from workflows.lifecycle import WorkflowError

from ..approvals.models import ApprovalToken
from ..attendance.models import AttendanceLink, AttendanceReply
from ..auth.models import CONTACT, InvitationToken, RecoveryCode, User
from ..calendar.models import CalendarFeed
from ..extensions import db
from ..mail.models import PENDING, OutboxMessage
from ..oparl.files import forget_document_figures
from ..search.indexing import reindex
from ..security_log.operations import record

# Text that no erasure may change: the submitted versions (see the module's docstring).
KEPT_TEXT = frozenset({("minutes_versions", "body")})


class NotErasable(WorkflowError):
    status = 409


def pseudonym(user: User) -> str:
    return f"ehemalige Ansprechperson, {user.affiliation}" if user.affiliation else "ehemalige Ansprechperson"


def check_erasable(actor: User, user: User) -> None:
    if user.erased_at is not None:
        raise NotErasable(f"Dieser Zugang ist bereits gelöscht ({user.name}).")
    if user.role != CONTACT:
        raise NotErasable("Gelöscht werden können nur Zugänge von Ansprechpersonen.")
    if user.active:
        raise NotErasable(
            f"{user.name} ist noch aktiv. Bitte deaktivieren Sie den Zugang zuerst; "
            "gelöscht werden nur ehemalige Ansprechpersonen."
        )
    if user.id == actor.id:
        raise NotErasable("Den eigenen Zugang können Sie nicht löschen.")


def _replace_everywhere(old: str, new: str) -> None:
    """Every text column of every table (but the kept ones) that mentions ``old`` says ``new`` instead."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and (table.name, column.name) not in KEPT_TEXT:
                db.session.execute(
                    update(table).where(column.contains(old, autoescape=True)).values({column: func.replace(column, old, new)})
                )


def erase(actor: User, user: User, now: datetime) -> None:
    check_erasable(actor, user)
    name, address, label = user.name, user.email, pseudonym(user)
    for link in (InvitationToken, AttendanceLink, CalendarFeed, ApprovalToken, RecoveryCode):
        db.session.execute(delete(link).where(link.user_id == user.id))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == address, OutboxMessage.status == PENDING))
    db.session.execute(  # the mails they received: what they said was for them only
        update(OutboxMessage).where(OutboxMessage.recipient == address).values(body_text="", body_html="", calendar=None)
    )
    db.session.execute(  # a deputy they named is a third person, known only through them
        update(AttendanceReply).where(AttendanceReply.user_id == user.id).values(deputy="")
    )
    user.name, user.email, user.organisation = label, f"geloescht-{user.id}@akn.invalid", ""
    user.password_hash, user.totp_secret, user.totp_last_step = None, None, None
    user.erased_at = now
    user.end_sessions()
    db.session.flush()
    for old in (f"{name} ({user.affiliation})", name, address):  # the longest form first
        _replace_everywhere(old, label)
    forget_document_figures()  # the PDFs' approval records now show the pseudonym
    reindex(db.session.connection())  # the index holds folded words ("juergens") the replacement cannot see
    record("contact_erased", actor=actor, subject=user, detail=f"Personenbezogene Daten entfernt: {label}")
