"""Writing the document of an activity: save the draft, submit a frozen version for approval."""

import hashlib
from dataclasses import dataclass
from datetime import date

from workflows.lifecycle import COORDINATOR, HELD, HOST, InvalidTransition, NotAllowed

from ..action_items.models import ActionItem
from ..attachments.models import Attachment, current
from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..formatting import render_markdown_template
from ..lifecycle.models import Activity
from ..lifecycle.operations import fire, roles_of
from ..transactions import StaleForm
from .models import MinutesVersion


@dataclass
class SectionText:
    notes: str
    decisions: str


@dataclass
class ActionItemInput:
    description: str
    member_id: int
    due_date: date | None


def compose(activity: Activity, attachments: list[Attachment]) -> str:
    """The Markdown text that is versioned, approved (by its SHA-256) and distributed; it lists the
    attachments with their SHA-256, so the hash covers the files too."""
    return render_markdown_template(f"minutes/{activity.kind}.md", activity=activity, attachments=attachments).strip() + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_draft(
    activity: Activity,
    actor: User,
    *,
    revision: int,
    sections: list[SectionText],
    action_items: list[ActionItemInput],
) -> None:
    """Store the draft; a form loaded before someone else's save is refused, not overwritten."""
    document = activity.kind_spec.document.sentence_start
    if activity.state != HELD:
        raise InvalidTransition(f"{document} kann im Zustand „{activity.state_label}“ nicht bearbeitet werden.")
    if not {HOST, COORDINATOR} & roles_of(actor, activity):
        raise NotAllowed(f"{document} schreibt {activity.responsible_member.name}; Ihnen ist das nicht erlaubt.")
    if revision != activity.revision:
        raise StaleForm(
            f"{document} wurde inzwischen von jemand anderem geändert. "
            "Bitte laden Sie die Seite neu und übernehmen Sie Ihre Änderungen erneut."
        )
    for section, text in zip(activity.sections, sections, strict=False):
        section.notes, section.decisions = text.notes.strip(), text.decisions.strip()
    activity.action_items = [
        ActionItem(description=a.description.strip(), member_id=a.member_id, due_date=a.due_date)
        for a in action_items
        if a.description.strip()
    ]
    activity.touch(utcnow())
    db.session.flush()


def submit(activity: Activity, actor: User, **draft: object) -> MinutesVersion:
    """Save the draft, freeze it (with its attachments) as a new version and send the approval links."""
    save_draft(activity, actor, **draft)
    attachments = current(activity)  # frozen with the version, like its text
    body = compose(activity, attachments)
    version = MinutesVersion(
        activity=activity,
        number=len(activity.versions) + 1,
        body=body,
        sha256=sha256(body),
        submitted_at=utcnow(),
        submitted_by=actor,
        attachments=attachments,
    )
    db.session.add(version)
    db.session.flush()
    fire(activity, "submit_minutes", actor=actor, roles=roles_of(actor, activity))
    return version
