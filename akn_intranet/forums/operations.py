"""Everything that changes a forum: authorise, fire, flush. Only views commit."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from workflows.lifecycle import check

from ..auth.models import User
from ..calendar import ics
from ..extensions import db
from ..lifecycle.operations import create, fire, roles_of, update_planned
from ..members.models import Member
from ..minutes.models import Section
from .models import Forum


@dataclass
class ForumDetails:
    """What the coordinator enters when planning or editing a forum."""

    number: int
    title: str
    starts_at: datetime
    place: str
    host: Member
    agenda: list[str]
    duration_minutes: int | None = None  # None: as before; for a new forum the rules of procedure's length

    @property
    def agenda_titles(self) -> list[str]:
        return [t.strip() for t in self.agenda if t.strip()]


def next_number() -> int:
    return (db.session.scalar(select(func.max(Forum.number))) or 0) + 1


def _apply(forum: Forum, details: ForumDetails) -> None:
    forum.number, forum.title, forum.place, forum.host = details.number, details.title, details.place, details.host
    forum.starts_at = details.starts_at
    if details.duration_minutes is not None or forum.calendar_entry is None:
        ics.set_duration(forum, details.duration_minutes)
    if [section.title for section in forum.sections] != details.agenda_titles:
        forum.sections = _agenda(forum.sections, details.agenda_titles)


def _agenda(sections: list[Section], titles: list[str]) -> list[Section]:
    """The new agenda; an item that stays (moved or not) keeps its section and so its attachments, a
    dropped item's attachments fall back to the forum as a whole."""
    kept = {section.title: section for section in sections}
    agenda = []
    for position, title in enumerate(titles, start=1):
        section = kept.pop(title, None) or Section(title=title)
        section.position = position
        agenda.append(section)
    return agenda


def plan_forum(actor: User, details: ForumDetails, now: datetime | None = None) -> Forum:
    """Create the forum and fire ``plan``: the invitation goes to everyone."""
    forum = Forum()
    _apply(forum, details)
    return create(forum, actor, "plan", now)


def record_forum(actor: User, details: ForumDetails, *, attendees: list[User], other_attendees: str) -> Forum:
    """Nacherfassung: create a forum that took place, with who was there, and fire ``record``; everyone
    gets a notice and the host writes the minutes as after ``hold``."""
    forum = Forum()
    _apply(forum, details)
    _set_attendance(forum, attendees, other_attendees)
    return create(forum, actor, "record")


def update_forum(forum: Forum, actor: User, details: ForumDetails) -> bool:
    """Save a planned forum; a new date, length or place fires ``reschedule`` and mails everyone
    (with the calendar entry moved)."""
    rescheduled = (
        details.starts_at != forum.starts_at
        or details.place != forum.place
        or details.duration_minutes not in (None, ics.duration_minutes(forum))
    )
    return update_planned(forum, actor, lambda: _apply(forum, details), rescheduled=rescheduled)


def hold(forum: Forum, actor: User, *, attendees: list[User], other_attendees: str) -> None:
    """Record who was there and fire ``hold``; the members present will approve the minutes."""
    check(forum.state, "hold", roles_of(actor, forum), forum.kind_spec.words)  # before the attendance is touched
    _set_attendance(forum, attendees, other_attendees)
    fire(forum, "hold", actor=actor, roles=roles_of(actor, forum))


def _set_attendance(forum: Forum, attendees: list[User], other_attendees: str) -> None:
    forum.attendees = attendees
    forum.other_attendees = other_attendees.strip()
