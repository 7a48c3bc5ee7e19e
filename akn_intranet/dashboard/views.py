from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import defer, joinedload, with_polymorphic

from workflows.lifecycle import FINAL_STATES, HELD, MINUTES_DRAFTED

from ..action_items.operations import open_items
from ..auth.models import User
from ..clock import local_today, utcnow
from ..extensions import db
from ..forums.models import Forum, forum_attendance
from ..lifecycle.models import Activity
from ..lifecycle.status import waiting_for
from ..mail.models import FAILED, PENDING, OutboxMessage
from ..members.models import Member
from ..minutes.models import MinutesVersion
from ..projects.models import Project, project_participants
from .loading import NOTHING_ELSE, fill, statement, versions_with_approvals
from .tasks import tasks_of

bp = Blueprint("dashboard", __name__)

# Ten years pile up: the dashboard shows what is open and only the latest finished ones of each kind.
RECENT_FINISHED = 5
OPEN_ITEMS_SHOWN = 20  # the most urgent; the full list is one click away


def _recent_finished(kind: type[Activity]):  # noqa: ANN202  (a scalar subquery)
    return (
        select(kind.id).where(kind.state.in_(FINAL_STATES)).order_by(kind.starts_at.desc()).limit(RECENT_FINISHED).correlate(None)
    ).scalar_subquery()


def _shown_query() -> Select:
    activity = with_polymorphic(Activity, [Forum, Project])
    return (
        select(activity)
        .where(
            or_(
                activity.state.not_in(FINAL_STATES),
                activity.id.in_(_recent_finished(Forum)),
                activity.id.in_(_recent_finished(Project)),
            )
        )
        .order_by(activity.starts_at.desc())
        .options(joinedload(activity.Forum.host), joinedload(activity.Project.lead), NOTHING_ELSE)
    )


def _shown_activities() -> list[Activity]:
    """Open forums and projects and the latest finished ones, each with its host or lead; any other lazy
    load would be an N+1 and fails (raiseload)."""
    activities = list(db.session.scalars(statement("dashboard.shown", _shown_query)).unique())
    _load_approval_progress([a for a in activities if a.state in (HELD, MINUTES_DRAFTED)])
    return activities


IDS = bindparam("ids", expanding=True)


def _versions_query() -> Select:
    """Every version of the documents awaiting approval with its approvals (not their text: not shown here)."""
    return versions_with_approvals(defer(MinutesVersion.body, raiseload=True))


def _attendees_query() -> Select:
    return (
        select(forum_attendance.c.forum_id, User)
        .join(User, User.id == forum_attendance.c.user_id)
        .where(forum_attendance.c.forum_id.in_(IDS))
        .order_by(User.name)
        .options(joinedload(User.member), NOTHING_ELSE)
    )


def _participants_query() -> Select:
    return (
        select(project_participants.c.project_id, Member)
        .join(Member, Member.id == project_participants.c.member_id)
        .where(project_participants.c.project_id.in_(IDS))
        .options(NOTHING_ELSE)
    )


def _load_approval_progress(documents: list[Activity]) -> None:
    """Who approves and who has approved, for the documents being written (has one come back?) or
    awaiting approval only: the rest of the dashboard does not need them. One flat query per
    collection (versions with their approvals, a forum's attendees, a project's participants)
    instead of nested selectin loaders, which cost 7 of the dashboard's 19 ms for 6 activities and
    19 approvals (in-process, ten years, SQLite)."""
    if not documents:
        return
    rows = db.session.execute(statement("dashboard.versions", _versions_query), {"activity_ids": [a.id for a in documents]}).all()
    versions = list(dict.fromkeys(version for version, _approval in rows))  # in order, each once
    fill(documents, "versions", ((v.activity_id, v) for v in versions))
    fill(versions, "approvals", ((v.id, approval) for v, approval in rows if approval is not None))
    awaiting = [a for a in documents if a.state == MINUTES_DRAFTED]  # who approves: only while it is asked
    forums = [a for a in awaiting if isinstance(a, Forum)]
    if forums:
        rows = db.session.execute(statement("dashboard.attendees", _attendees_query), {"ids": [f.id for f in forums]})
        fill(forums, "attendees", rows)
    projects = [a for a in awaiting if isinstance(a, Project)]
    if projects:
        rows = db.session.execute(statement("dashboard.participants", _participants_query), {"ids": [p.id for p in projects]})
        fill(projects, "participants", rows)


def _mail_counts_query() -> Select:
    return select(OutboxMessage.status, func.count()).where(OutboxMessage.status.in_([PENDING, FAILED])).group_by(
        OutboxMessage.status)


def _mail_counts() -> dict[str, int]:
    """Waiting and failed mail: the coordinator's notice (nobody else sees the outbox)."""
    return dict(db.session.execute(statement("dashboard.mail_counts", _mail_counts_query)).all())


def _open_first(activities: list[Activity]) -> list[Activity]:
    """Open ones first, the next date first; finished and cancelled ones below, the latest first."""
    open_ones = sorted((a for a in activities if a.state not in FINAL_STATES), key=lambda a: a.starts_at)
    finished = sorted((a for a in activities if a.state in FINAL_STATES), key=lambda a: a.starts_at, reverse=True)
    return open_ones + finished


@bp.get("/")
@login_required
def index():
    activities = _open_first(_shown_activities())
    now = utcnow()
    open_action_items = open_items(limit=OPEN_ITEMS_SHOWN + 1)  # one more tells whether there are more
    mail_counts = _mail_counts() if current_user.is_coordinator else {}
    return render_template(
        "dashboard/index.html",
        tasks=tasks_of(current_user, activities, mail_counts.get(FAILED, 0), now),
        today=local_today(),
        forum_rows=[(a, waiting_for(a, now)) for a in activities if a.kind == "forum"],
        project_rows=[(a, waiting_for(a, now)) for a in activities if a.kind == "project"],
        mail_counts=mail_counts,
        open_action_items=open_action_items[:OPEN_ITEMS_SHOWN],
        more_action_items=len(open_action_items) > OPEN_ITEMS_SHOWN,
        recent_finished=RECENT_FINISHED,
    )
