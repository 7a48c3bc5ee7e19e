"""Writing the document of an activity: save the draft, submit a frozen version for approval."""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from workflows.lifecycle import COORDINATOR, HELD, HOST, InvalidTransition, NotAllowed

from ..action_items.models import ActionItem
from ..attachments.models import Attachment, current
from ..auth.models import User
from ..clock import utcnow
from ..decisions.models import Decision
from ..extensions import db
from ..formatting import render_markdown_template
from ..lifecycle.models import Activity
from ..lifecycle.operations import fire, roles_of
from ..transactions import StaleForm
from .models import MinutesVersion


@dataclass
class SectionText:
    notes: str
    decisions: str  # the free text around the decisions
    decision_items: list[str] = field(default_factory=list)  # one text per row of the editor; empty rows are dropped


@dataclass
class ActionItemInput:
    description: str
    member_id: int
    due_date: date | None
    carries_out: tuple[int, int] | None = None  # (section position, row of the decision in SectionText)


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
    """Store the draft, its decisions numbered anew per section (empty rows dropped) and its action items
    pointing at them; a form loaded before someone else's save is refused, not overwritten."""
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
    decisions = {}  # (section position, row) → the new decision: what the action items refer to
    for section, text in zip(activity.sections, sections, strict=False):
        section.notes, section.decisions = text.notes.strip(), text.decisions.strip()
        rows = [(row, item.strip()) for row, item in enumerate(text.decision_items, start=1) if item.strip()]
        section.decision_items = [Decision(position=number, text=item) for number, (_, item) in enumerate(rows, start=1)]
        decisions |= {(section.position, row): d for (row, _), d in zip(rows, section.decision_items, strict=True)}
    items = [
        ActionItem(
            description=a.description.strip(), member_id=a.member_id, due_date=a.due_date,
            decision=decisions[a.carries_out] if a.carries_out else None,
        )
        for a in action_items
        if a.description.strip()
    ]
    with db.session.no_autoflush:  # loading the replaced items must not flush the new decisions before the new items
        activity.action_items = items
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
