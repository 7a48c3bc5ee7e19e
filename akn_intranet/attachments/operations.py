"""Adding and removing attachments: who may, when, and what a submitted version keeps. Only views commit.

The files of a forum, a project and their agenda items can change while the activity is planned or
held; the document's own only while it is being written (held). Submitting freezes the current set
with the version (``minutes/operations.py: submit``): the composed text lists each file with its
SHA-256, so the version's hash covers them and an approval binds to both. Adding or removing one does
not touch the activity's revision: the minutes open in another tab stay saveable.
"""

from workflows.lifecycle import COORDINATOR, HELD, HOST, PLANNED, InvalidTransition, NotAllowed, Vetoed

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..lifecycle.models import Activity
from ..lifecycle.operations import roles_of
from .content import FileType
from .models import ON_ACTIVITY, ON_DOCUMENT, Attachment

CHANGEABLE = {ON_ACTIVITY: (PLANNED, HELD), ON_DOCUMENT: (HELD,)}  # sections: like the activity


def targets(activity: Activity) -> list[tuple[str, str]]:
    """Where a file can be attached now, as (form value, German label)."""
    places = []
    if activity.state in CHANGEABLE[ON_ACTIVITY]:
        places.append((ON_ACTIVITY, f"{activity.kind_spec.noun} allgemein"))
        places += [(f"section-{s.id}", activity.kind_spec.section_label(s)) for s in activity.sections]
    if activity.state in CHANGEABLE[ON_DOCUMENT]:
        places.append((ON_DOCUMENT, activity.kind_spec.document.name))
    return places


def may_change(activity: Activity, actor: User) -> bool:
    """Whether the page offers to add or remove attachments (the sections need not be loaded)."""
    changeable = {state for states in CHANGEABLE.values() for state in states}
    return activity.state in changeable and bool({HOST, COORDINATOR} & roles_of(actor, activity))


def check_change(activity: Activity, actor: User, place: str) -> None:
    """Refuse (403/409) a change of the attachments at ``place`` that the actor or the state does not allow."""
    if not {HOST, COORDINATOR} & roles_of(actor, activity):
        raise NotAllowed(
            f"Anlagen verwalten {activity.responsible_member.name} und die Koordination; Ihnen ist das nicht erlaubt."
        )
    changeable = CHANGEABLE[ON_DOCUMENT if place == ON_DOCUMENT else ON_ACTIVITY]
    if activity.state not in changeable:
        which = f"Anlagen {activity.kind_spec.document.genitive}" if place == ON_DOCUMENT else "Anlagen"
        raise InvalidTransition(f"Im Zustand „{activity.state_label}“ lassen sich {which} nicht ändern.")


def place_of(attachment: Attachment) -> str:
    return ON_DOCUMENT if attachment.on_document else ON_ACTIVITY


def add(
    activity: Activity, actor: User, *, target: str, filename: str, file_type: FileType, size: int, sha256: str
) -> Attachment:
    """Attach a stored file (``storage.store``) at ``target``: a value of :func:`targets`."""
    if target not in dict(targets(activity)):
        raise Vetoed("Bitte wählen Sie aus, wozu die Anlage gehört.", "target")
    check_change(activity, actor, target)
    section = next((s for s in activity.sections if target == f"section-{s.id}"), None)
    attachment = Attachment(
        activity=activity, section=section, on_document=target == ON_DOCUMENT, filename=filename, content_type=file_type.mimetype,
        type_label=file_type.label, size=size, sha256=sha256, uploaded_by=actor, uploaded_at=utcnow(),
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def remove(attachment: Attachment, actor: User) -> str:
    """Take an attachment off the draft; returns its SHA-256, whose file the view removes after the commit
    (``storage.remove_unreferenced``) unless a submitted version still holds it."""
    activity = attachment.activity
    check_change(activity, actor, place_of(attachment))
    if attachment.removed_at is not None:
        raise InvalidTransition(f"„{attachment.filename}“ ist bereits entfernt.")
    if attachment.versions:
        attachment.removed_at = utcnow()  # the approved text names it: kept for that version
    else:
        db.session.delete(attachment)
    db.session.flush()
    return attachment.sha256
