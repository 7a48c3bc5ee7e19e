"""Publishing a result and withdrawing it: only the coordinator, only for a distributed forum or project.
Each step is written to the activity's history; nothing here commits."""

import hashlib
from datetime import datetime

from sqlalchemy import delete, select

from workflows.lifecycle import DISTRIBUTED, InvalidTransition

from ..auth.models import User
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.models import Activity
from ..lifecycle.operations import note
from ..minutes.models import Section
from ..projects.models import Project
from .models import CHANGED, PUBLISHED, WITHDRAWN, Publication


def check_publishable(activity: Activity) -> None:
    """Only what the alliance has finished (distributed) may become public (409 otherwise)."""
    if activity.state != DISTRIBUTED:
        raise InvalidTransition(
            f"Veröffentlicht werden können nur verteilte Foren und Projekte; „{activity.title}“ ist "
            f"im Zustand „{activity.state_label}“."
        )


def publication_of(activity: Activity) -> Publication | None:
    return db.session.scalars(select(Publication).filter_by(activity_id=activity.id)).first()


def fingerprint(title: str, summary: str) -> str:
    """What the coordinator saw in the preview: publishing anything else shows the preview again."""
    return hashlib.sha256(f"{title}\0{summary}".encode()).hexdigest()


def proposed_summary(activity: Activity) -> str:
    """A start for the summary from what the intranet holds, without any contact's name: a forum's agenda
    and decisions, a project's description and fields of action."""
    if isinstance(activity, Forum):
        lines = ["# Tagesordnung", "", *(f"{s.position}. {s.title}" for s in activity.sections)]
        decided = [(activity.kind_spec.section_label(s), _decisions_of(s)) for s in activity.sections]
        if decided := [(label, text) for label, text in decided if text]:
            lines += ["", "# Beschlüsse", *(line for label, text in decided for line in ("", f"## {label}", "", text))]
        return "\n".join(lines) + "\n"
    if isinstance(activity, Project):
        lines = [activity.description.strip()] if activity.description.strip() else []
        if activity.fields_of_action:
            lines += ["", f"Handlungsfelder: {', '.join(f.name for f in activity.fields_of_action)}"]
        return "\n".join(lines).strip() + "\n"
    return ""


def _decisions_of(section: Section) -> str:
    """A section's decisions: its free text and the decisions entered as items of their own."""
    items = [f"- {d.text.strip()}" for d in section.decision_items if d.text.strip()]
    return "\n\n".join(part for part in (section.decisions.strip(), "\n".join(items)) if part)


def publish(activity: Activity, actor: User, title: str, summary: str, now: datetime) -> Publication:
    """Make the result public, or change the public text; flush."""
    check_publishable(activity)
    publication = publication_of(activity)
    if publication is None:
        publication = Publication(activity=activity, published_at=now, published_by=actor)
        db.session.add(publication)
        what = PUBLISHED
    else:
        what = CHANGED
    publication.title, publication.summary, publication.updated_at = title.strip(), summary.strip() + "\n", now
    db.session.flush()
    note(activity, what, actor=actor, now=now)
    return publication


def withdraw(activity: Activity, actor: User, now: datetime) -> None:
    """Take the result off the public page and the feed at once; of two clicks only one counts."""
    removed = db.session.execute(delete(Publication).where(Publication.activity_id == activity.id))
    if removed.rowcount != 1:
        raise InvalidTransition(f"„{activity.title}“ ist nicht (mehr) veröffentlicht.")
    note(activity, WITHDRAWN, actor=actor, now=now)
