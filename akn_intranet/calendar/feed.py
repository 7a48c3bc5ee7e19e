"""The personal calendar feed: one secret address per person with every forum and project date for them.

The address carries a personal link token (``links.py``: stored only as a hash); renewing it makes a
new one and the old address answers 404 from then on. Calendar programs fetch the feed without a
session, so the token is the only key; it grants reading dates, nothing else.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from workflows.lifecycle import NEW

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.models import Activity
from ..links import LinkWording, find, issue
from ..projects.models import Project, project_participants
from ..urls import activity_url, external_url
from . import ics
from .models import CalendarFeed

WORDING = LinkWording(
    done="eine neue Kalenderadresse erzeugt", source="Ihrer Kalender-Seite im Intranet",
    after_expiry="Bitte erzeugen Sie im Intranet eine neue Kalenderadresse.",
)


def current_feed(user: User) -> CalendarFeed | None:
    now = utcnow()
    return db.session.scalars(
        select(CalendarFeed).filter_by(user_id=user.id, used_at=None).where(CalendarFeed.expires_at > now)
    ).first()


def renew(user: User) -> str:
    """A new feed address for ``user`` (the raw token, shown once); the previous one stops working."""
    now = utcnow()
    db.session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.used_at.is_(None))
        .values(used_at=now)  # "used up": replaced by the new address
        .execution_options(synchronize_session=False)
    )
    raw, _ = issue(CalendarFeed, timedelta(days=current_app.config["AKN_CALENDAR_FEED_DAYS"]), user=user)
    db.session.flush()
    return raw


def feed_url(raw: str) -> str:
    return external_url("calendar.feed_file", token=raw)


def relevant_activities(user: User) -> list[Activity]:
    """Every forum; the projects the person's member takes part in (all of them for people without one)."""
    # each entry reads its SEQUENCE and length, a forum its agenda: loaded with the rows, not one query each
    forums = select(Forum).where(Forum.state != NEW).options(selectinload(Forum.sections), selectinload(Forum.calendar_entry))
    projects = select(Project).where(Project.state != NEW).options(selectinload(Project.calendar_entry))
    if user.member_id is not None and not user.is_coordinator:
        projects = projects.where(Project.id.in_(select(project_participants.c.project_id).filter_by(member_id=user.member_id)))
    found = [*db.session.scalars(forums), *db.session.scalars(projects)]
    return sorted(found, key=lambda activity: activity.starts_at)


def calendar_of(raw: str) -> str:
    """The feed behind an address (a :class:`links.LinkProblem` for an unknown or renewed one)."""
    link = find(CalendarFeed, raw, WORDING)
    feed = ics.calendar()
    feed.add("x-wr-calname", "AKN Intranet")
    for activity in relevant_activities(link.user):
        sequence = activity.calendar_entry.sequence if activity.calendar_entry else 0
        feed.add_component(ics.event(activity, sequence, activity_url(activity, external=True)))
    return feed.to_ical().decode()
