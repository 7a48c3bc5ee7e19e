"""The security log page (Sicherheitsprotokoll): the coordinator's, newest first, a page at a time."""

from datetime import time, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased, selectinload

from ..auth.access import coordinator_required
from ..auth.models import User
from ..clock import local_to_utc
from ..extensions import db
from ..paging import Page, page_of
from .forms import FilterForm
from .models import SecurityEvent

bp = Blueprint("security_log", __name__, url_prefix="/sicherheitsprotokoll")
PAGE_SIZE = 50


def _filtered(form: FilterForm) -> Select:
    """The events the (valid) filters ask for; people match by the name shown then or their account now."""
    query = select(SecurityEvent)
    if form.event.data:
        query = query.where(SecurityEvent.event == form.event.data)
    if form.person.data and (person := form.person.data.strip()):
        actor, subject = aliased(User), aliased(User)
        query = (
            query.outerjoin(actor, SecurityEvent.actor_id == actor.id)
            .outerjoin(subject, SecurityEvent.subject_user_id == subject.id)
            .where(or_(*(
                column.icontains(person, autoescape=True)
                for column in (SecurityEvent.actor_label, actor.email, subject.name, subject.email)
            )))
        )
    if form.since.data:
        query = query.where(SecurityEvent.created_at >= local_to_utc(form.since.data, time.min))
    if form.until.data:  # German calendar days, the whole last day included
        query = query.where(SecurityEvent.created_at < local_to_utc(form.until.data + timedelta(days=1), time.min))
    if form.ip.data:
        query = query.where(SecurityEvent.ip.startswith(form.ip.data.strip(), autoescape=True))
    return query


@bp.get("/")
@coordinator_required
def index():
    form = FilterForm(request.args)
    if not form.validate():
        return render_template("security_log/index.html", form=form, events=[], pages=Page()), 422
    query = (
        _filtered(form).options(selectinload(SecurityEvent.subject))
        .order_by(SecurityEvent.created_at.desc(), SecurityEvent.id.desc())
    )
    events = page_of(lambda limit, offset: db.session.scalars(query.limit(limit).offset(offset)).all(), PAGE_SIZE)
    return render_template("security_log/index.html", form=form, events=events.rows, pages=events)
