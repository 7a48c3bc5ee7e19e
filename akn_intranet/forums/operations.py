"""Everything that changes a forum: authorise, fire, flush. Only views commit."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from workflows.lifecycle import (
    COORDINATOR,
    HELD,
    HOST,
    NEW,
    PLANNED,
    InvalidTransition,
    NotAllowed,
    Step,
)

from ..auth.models import CONTACT, User
from ..clock import utcnow
from ..extensions import db
from ..lifecycle.operations import fire
from ..members.models import Member
from . import minutes, notifications
from .models import ActionItem, AgendaItem, Forum, MinutesVersion

VOCABULARY = "forum"


class StaleForm(InvalidTransition):
    """The form was loaded before someone else saved: never overwrite silently."""


@dataclass
class ForumDetails:
    """What the coordinator enters when planning or editing a forum."""

    number: int
    title: str
    starts_at: datetime
    place: str
    host: Member
    agenda: list[str]

    @property
    def agenda_titles(self) -> list[str]:
        return [t.strip() for t in self.agenda if t.strip()]


@dataclass
class ItemMinutes:
    notes: str
    decisions: str


@dataclass
class ActionItemInput:
    description: str
    member_id: int
    due_date: date | None


def roles_of(user: User, forum: Forum) -> set[str]:
    roles = set()
    if user.is_coordinator:
        roles.add(COORDINATOR)
    if user.member_id == forum.host_member_id and user.role in (CONTACT, COORDINATOR):
        roles.add(HOST)
    return roles


def fire_and_notify(
    forum: Forum,
    trigger: str,
    *,
    actor: User | None,
    roles: set[str],
    comment: str = "",
    now: datetime | None = None,
) -> Step:
    step = fire(forum, trigger, actor=actor, roles=roles, comment=comment, vocabulary=VOCABULARY, now=now)
    notifications.notify(forum, step.notification, comment=comment.strip(), actor=actor)
    return step


def next_number() -> int:
    return (db.session.scalar(select(func.max(Forum.number))) or 0) + 1


def _require(forum: Forum, user: User, roles: set[str], state: str, action: str) -> None:
    if forum.state != state:
        raise InvalidTransition(f"{action} ist im Zustand „{forum.state_label}“ nicht möglich.")
    if not roles & roles_of(user, forum):
        raise NotAllowed(f"{action} ist Ihnen bei diesem Forum nicht erlaubt.")


def _apply(forum: Forum, details: ForumDetails) -> None:
    forum.number, forum.title, forum.place, forum.host = details.number, details.title, details.place, details.host
    forum.starts_at = details.starts_at
    if [item.title for item in forum.agenda_items] != details.agenda_titles:
        forum.agenda_items = [
            AgendaItem(position=i, title=title) for i, title in enumerate(details.agenda_titles, start=1)
        ]


def plan_forum(actor: User, details: ForumDetails, now: datetime | None = None) -> Forum:
    """Create the forum and fire ``plan``: the invitation goes to everyone."""
    now = now or utcnow()
    forum = Forum(state=NEW, state_since=now, touched_at=now)
    _apply(forum, details)
    db.session.add(forum)
    db.session.flush()
    fire_and_notify(forum, "plan", actor=actor, roles=roles_of(actor, forum), now=now)
    return forum


def update_forum(forum: Forum, actor: User, details: ForumDetails) -> bool:
    """Save a planned forum; a new date or place fires ``reschedule`` and mails everyone."""
    _require(forum, actor, {COORDINATOR}, PLANNED, "Bearbeiten")
    rescheduled = details.starts_at != forum.starts_at or details.place != forum.place
    _apply(forum, details)
    forum.touched_at = utcnow()
    if rescheduled:
        fire_and_notify(forum, "reschedule", actor=actor, roles=roles_of(actor, forum))
    db.session.flush()
    return rescheduled


def hold(forum: Forum, actor: User, *, attendees: list[User], other_attendees: str) -> None:
    """Record who was there and fire ``hold``; the members present will approve the minutes."""
    _require(forum, actor, {HOST, COORDINATOR}, PLANNED, "Die Anwesenheit zu erfassen")
    forum.attendees = attendees
    forum.other_attendees = other_attendees.strip()
    fire_and_notify(forum, "hold", actor=actor, roles=roles_of(actor, forum))


def save_draft(
    forum: Forum,
    actor: User,
    *,
    revision: int,
    items: list[ItemMinutes],
    action_items: list[ActionItemInput],
) -> None:
    """Store the host's draft; a draft loaded before someone else's save is refused."""
    _require(forum, actor, {HOST, COORDINATOR}, HELD, "Das Protokoll zu bearbeiten")
    if revision != forum.revision:
        raise StaleForm(
            "Das Protokoll wurde inzwischen von jemand anderem geändert. "
            "Bitte laden Sie die Seite neu und übernehmen Sie Ihre Änderungen erneut."
        )
    for item, entry in zip(forum.agenda_items, items, strict=False):
        item.notes, item.decisions = entry.notes.strip(), entry.decisions.strip()
    forum.action_items = [
        ActionItem(description=a.description.strip(), member_id=a.member_id, due_date=a.due_date)
        for a in action_items
        if a.description.strip()
    ]
    forum.touched_at = utcnow()
    db.session.flush()


def submit_minutes(forum: Forum, actor: User, **draft: object) -> MinutesVersion:
    """Save the draft, freeze it as a new version and send the approval links."""
    save_draft(forum, actor, **draft)
    body = minutes.compose(forum)
    version = MinutesVersion(
        forum=forum,
        number=len(forum.versions) + 1,
        body=body,
        sha256=minutes.sha256(body),
        submitted_at=utcnow(),
        submitted_by=actor,
    )
    db.session.add(version)
    db.session.flush()
    fire_and_notify(forum, "submit_minutes", actor=actor, roles=roles_of(actor, forum))
    return version


def transition(forum: Forum, actor: User, trigger: str, comment: str = "") -> Step:
    """Triggers that need nothing but a confirmation and perhaps a reason."""
    return fire_and_notify(forum, trigger, actor=actor, roles=roles_of(actor, forum), comment=comment)
