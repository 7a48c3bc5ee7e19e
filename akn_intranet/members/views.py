"""The members page, joining and leaving. Thin: read the form, call an operation, commit, redirect."""

from collections.abc import Callable
from datetime import date
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.access import coordinator_required
from ..auth.models import ROLE_LABELS
from ..clock import local_today
from ..extensions import db
from ..formatting import format_date
from ..forms import PageForm
from ..lifecycle.pages import load_activity
from ..projects.operations import change_participation, check_participation_change
from ..transactions import commit, commit_or_rerender
from . import operations
from .forms import JoiningForm, LeavingForm, NewMemberForm, PeriodForm
from .models import Member

bp = Blueprint("members", __name__, url_prefix="/mitglieder")


def _load(member_id: int) -> Member:
    member = db.get_or_404(Member, member_id, description="Dieses Mitglied gibt es nicht.")
    return member


def _effective(day: date) -> str:
    return "ist sofort wirksam" if day <= local_today() else f"wird am {format_date(day)} wirksam"


@bp.get("/")
@login_required
def index():
    members = db.session.scalars(select(Member).options(selectinload(Member.contacts), selectinload(Member.memberships)))
    return render_template(
        "members/index.html", members=sorted(members, key=lambda m: m.sort_key), today=local_today(),
        role_labels=ROLE_LABELS,
    )


def _record(template: str, form: PeriodForm, record: Callable[[date, str], object], done: str, **context: object):
    """Show the form; on a valid POST record the change, commit, and say when it takes effect."""
    if form.validate_on_submit():
        day, note = form.effective_on.data, (form.note.data or "").strip()
        commit_or_rerender(lambda: record(day, note), template, form=form, **context)
        flash(f"{done} erfasst; er {_effective(day)}.", "success")
        return redirect(url_for("members.index"))
    return render_template(template, form=form, **context)


@bp.route("/neu", methods=["GET", "POST"])
@coordinator_required
def new():
    form = NewMemberForm()
    details = operations.NewMember((form.name.data or "").strip(), (form.place.data or "").strip(), form.is_municipality.data)
    add = partial(operations.add_member, current_user, details)
    return _record("members/join.html", form, add, f"Beitritt von {details.name}", member=None)


@bp.route("/<int:member_id>/beitritt", methods=["GET", "POST"])
@coordinator_required
def join(member_id: int):
    member = _load(member_id)
    rejoin = partial(operations.record_joining, member, current_user)
    return _record("members/join.html", JoiningForm(), rejoin, f"Erneuter Beitritt von {member.name}", member=member)


@bp.route("/<int:member_id>/austritt", methods=["GET", "POST"])
@coordinator_required
def leave(member_id: int):
    member = _load(member_id)
    leaving = partial(operations.record_leaving, member, current_user)
    projects = operations.blocking_projects(member)
    return _record("members/leave.html", LeavingForm(), leaving, f"Austritt von {member.name}", member=member, projects=projects)


@bp.route("/<int:member_id>/projekte/<int:project_id>/abmelden", methods=["GET", "POST"])
@coordinator_required
def withdraw(member_id: int, project_id: int):
    """Confirm, then take the member out of a planned project (so that it can leave)."""
    member, project = _load(member_id), load_activity("project", project_id)
    form = PageForm()
    if member not in project.participants:
        abort(409, f"{member.name} ist an „{project.title}“ nicht beteiligt.")
    check_participation_change(project, member, taking_part=False)
    if form.validate_on_submit():
        commit_or_rerender(
            lambda: change_participation(project, member, taking_part=False),
            "members/withdraw.html", form=form, member=member, project=project,
        )
        flash(f"{member.name} ist aus „{project.title}“ abgemeldet.", "success")
        return redirect(url_for("members.leave", member_id=member.id))
    return render_template("members/withdraw.html", form=form, member=member, project=project)


@bp.post("/<int:member_id>/gastgeber")
@coordinator_required
def hosting(member_id: int):
    member = _load(member_id)
    operations.toggle_hosting(member)
    commit()
    flash(f"{member.name} ist {'jetzt' if member.hosts_forums else 'nicht mehr'} Gastgeber in der Reihenfolge.", "success")
    return redirect(url_for("members.index"))
