from flask import Blueprint, render_template
from flask_login import login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..action_items.operations import open_items
from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.status import waiting_for
from ..mail.models import FAILED, PENDING, OutboxMessage
from ..minutes.models import MinutesVersion
from ..projects.models import Project

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    forums = db.session.scalars(
        select(Forum)
        .order_by(Forum.starts_at.desc())
        .options(
            selectinload(Forum.host),
            selectinload(Forum.attendees).selectinload(User.member),
            selectinload(Forum.versions).selectinload(MinutesVersion.approvals),
        )
    ).all()
    projects = db.session.scalars(
        select(Project)
        .order_by(Project.starts_at.desc())
        .options(
            selectinload(Project.lead),
            selectinload(Project.participants),
            selectinload(Project.versions).selectinload(MinutesVersion.approvals),
        )
    ).all()
    now = utcnow()
    mail_counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.status.in_([PENDING, FAILED]))
            .group_by(OutboxMessage.status)
        ).all()
    )
    return render_template(
        "dashboard/index.html",
        forum_rows=[(forum, waiting_for(forum, now)) for forum in forums],
        project_rows=[(project, waiting_for(project, now)) for project in projects],
        mail_counts=mail_counts,
        open_action_items=open_items(),
    )
