from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer, joinedload, raiseload, selectinload, with_polymorphic

from workflows.lifecycle import FINAL_STATES, MINUTES_DRAFTED

from ..action_items.operations import open_items
from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.models import Activity
from ..lifecycle.status import waiting_for
from ..mail.models import FAILED, PENDING, OutboxMessage
from ..minutes.models import MinutesVersion
from ..projects.models import Project

bp = Blueprint("dashboard", __name__)

# Ten years pile up: the dashboard shows what is open and only the latest finished ones of each kind.
RECENT_FINISHED = 5
OPEN_ITEMS_SHOWN = 20  # the most urgent; the full list is one click away


def _recent_finished(kind: type[Activity]):  # noqa: ANN202  (a scalar subquery)
    return (
        select(kind.id).where(kind.state.in_(FINAL_STATES)).order_by(kind.starts_at.desc()).limit(RECENT_FINISHED).correlate(None)
    ).scalar_subquery()


def _shown_activities() -> list[Activity]:
    """Open forums and projects and the latest finished ones, each with its host or lead; any other lazy
    load would be an N+1 and fails (raiseload)."""
    activity = with_polymorphic(Activity, [Forum, Project])
    query = (
        select(activity)
        .where(
            or_(
                activity.state.not_in(FINAL_STATES),
                activity.id.in_(_recent_finished(Forum)),
                activity.id.in_(_recent_finished(Project)),
            )
        )
        .order_by(activity.starts_at.desc())
        .options(joinedload(activity.Forum.host), joinedload(activity.Project.lead), raiseload("*", sql_only=True))
    )
    activities = list(db.session.scalars(query).unique())
    _load_approval_progress([a.id for a in activities if a.state == MINUTES_DRAFTED])
    return activities


def _load_approval_progress(activity_ids: list[int]) -> None:
    """Who approves and who has approved, for the documents awaiting approval only: the rest of the
    dashboard does not need them, and loading them for every row was half of its time."""
    activity = with_polymorphic(Activity, [Forum, Project])
    query = (
        select(activity)
        .where(activity.id.in_(activity_ids))
        .options(
            selectinload(activity.Forum.attendees).joinedload(User.member),
            selectinload(activity.Project.participants),
            selectinload(activity.versions).options(  # the text is not shown here: not loaded either
                defer(MinutesVersion.body, raiseload=True), joinedload(MinutesVersion.approvals)
            ),
            raiseload("*", sql_only=True),
        )
    )
    db.session.scalars(query).all()  # fills in the activities already in the session


def _mail_counts() -> dict[str, int]:
    """Waiting and failed mail: the coordinator's notice (nobody else sees the outbox)."""
    query = (
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.status.in_([PENDING, FAILED]))
        .group_by(OutboxMessage.status)
    )
    return dict(db.session.execute(query).all())


@bp.get("/")
@login_required
def index():
    activities = _shown_activities()
    now = utcnow()
    open_action_items = open_items(limit=OPEN_ITEMS_SHOWN + 1)  # one more tells whether there are more
    return render_template(
        "dashboard/index.html",
        forum_rows=[(a, waiting_for(a, now)) for a in activities if a.kind == "forum"],
        project_rows=[(a, waiting_for(a, now)) for a in activities if a.kind == "project"],
        mail_counts=_mail_counts() if current_user.is_coordinator else {},
        open_action_items=open_action_items[:OPEN_ITEMS_SHOWN],
        more_action_items=len(open_action_items) > OPEN_ITEMS_SHOWN,
        recent_finished=RECENT_FINISHED,
    )
