"""Project pages. Thin: read the form, call an operation, commit, redirect."""

from datetime import time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from workflows.lifecycle import NEW, PROJECT

from ..attachments.views import page_context as attachments_context
from ..auth.access import coordinator_required
from ..clock import local_to_utc, to_local
from ..dashboard.loading import NOTHING_ELSE, fill_documents, statement
from ..dashboard.widgets import QUICK_SELECT
from ..extensions import db
from ..forms import options
from ..lifecycle.operations import history_of
from ..lifecycle.pages import load_activity, require_trigger
from ..members.forms import member_pairs
from ..members.models import Member
from ..paging import page_of
from ..transactions import commit, commit_or_rerender
from . import operations
from .forms import FieldOfActionForm, ProjectFilterForm, ProjectForm
from .kind import PROJECT_KIND
from .models import FieldOfAction, Project, ProjectGoal, project_fields, project_participants

bp = Blueprint("projects", __name__, url_prefix="/projekte")

PAGE_SIZE = 50


def _field_pairs() -> list[tuple[int, str]]:
    fields = db.session.scalars(select(FieldOfAction).filter_by(active=True).order_by(FieldOfAction.name))
    return [(f.id, f.name) for f in fields]


def _project_form(project: Project | None = None) -> ProjectForm:
    if project is None or request.method == "POST":
        form = ProjectForm()
    else:
        form = ProjectForm(
            obj=project,
            starts_on=to_local(project.starts_at).date(),
            lead_id=project.lead_member_id,
            participant_ids=[m.id for m in project.participants],
            field_ids=[f.id for f in project.fields_of_action],
            sdgs=[g.number for g in project.goals],
        )
    form.lead_id.choices = options(member_pairs())
    form.participant_ids.choices = options(member_pairs())
    form.field_ids.choices = options(_field_pairs())
    return form


def _details(form: ProjectForm) -> operations.ProjectDetails:
    members = {m.id: m for m in db.session.scalars(select(Member))}
    return operations.ProjectDetails(
        title=form.title.data.strip(),
        description=(form.description.data or "").strip(),
        project_kind=form.project_kind.data,
        starts_at=local_to_utc(form.starts_on.data, time(0, 0)),
        ends_on=form.ends_on.data,
        lead=members[form.lead_id.data],
        participants=[members[i] for i in form.participant_ids.data],
        fields_of_action=[db.session.get(FieldOfAction, i) for i in form.field_ids.data],
        sdgs=list(form.sdgs.data),
    )


PROJECT_IDS = bindparam("project_ids", expanding=True)


def _goal_numbers_query() -> Select:
    return select(ProjectGoal.project_id, ProjectGoal.number).where(ProjectGoal.project_id.in_(PROJECT_IDS)).order_by(
        ProjectGoal.number)


def _participant_counts_query() -> Select:
    column = project_participants.c.project_id
    return select(column, func.count()).where(column.in_(PROJECT_IDS)).group_by(column)


def _list_columns(projects: list[Project]) -> dict[str, dict[int, object]]:
    """What the list shows of a project's goals and participants: the SDG numbers and how many take part,
    as plain values (two flat queries) instead of loading ~100 goals and ~250 members as objects."""
    ids = {"project_ids": [p.id for p in projects]}
    numbers: dict[int, list[int]] = {}
    for project_id, number in db.session.execute(statement("projects.goal_numbers", _goal_numbers_query), ids):
        numbers.setdefault(project_id, []).append(number)
    counts = dict(db.session.execute(statement("projects.participant_counts", _participant_counts_query), ids).all())
    return {"goal_numbers": numbers, "participant_counts": counts}


@bp.get("/")
@login_required
def index():
    form = ProjectFilterForm(request.args)
    form.state.choices = options([("", "alle"), *((s, label) for s, label in PROJECT.labels.items() if s != NEW)])
    form.member.choices = options([(0, "alle"), *member_pairs()])
    form.field.choices = options([(0, "alle"), *_field_pairs()])
    for field in (form.state, form.member, form.field, form.sdg):
        field.widget = QUICK_SELECT
    query = select(Project).order_by(Project.starts_at.desc())
    if form.state.data:
        query = query.where(Project.state == form.state.data)
    if form.member.data:
        query = query.where(Project.id.in_(select(project_participants.c.project_id).filter_by(member_id=form.member.data)))
    if form.field.data:
        query = query.where(Project.id.in_(select(project_fields.c.project_id).filter_by(field_id=form.field.data)))
    if form.sdg.data:
        query = query.where(Project.id.in_(select(ProjectGoal.project_id).filter_by(number=form.sdg.data)))
    query = query.options(joinedload(Project.lead), NOTHING_ELSE)
    pages = page_of(lambda limit, offset: db.session.scalars(query.limit(limit).offset(offset)).all(), PAGE_SIZE)
    projects = pages.rows
    return render_template("projects/index.html", projects=projects, form=form, pages=pages, **_list_columns(projects))


@bp.route("/neu", methods=["GET", "POST"])
@coordinator_required
def new():
    form = _project_form()
    if form.validate_on_submit():
        project = commit_or_rerender(
            lambda: operations.plan_project(current_user, _details(form)), "projects/form.html", form=form, project=None,
            recording=False,
        )
        flash("Das Projekt ist angelegt; alle Ansprechpersonen wurden informiert.", "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None, recording=False)


@bp.route("/nacherfassen", methods=["GET", "POST"])
@coordinator_required
def record():
    """Nacherfassung: a project that has begun enters at "held"; the lead writes the report."""
    form = _project_form()
    if form.validate_on_submit():
        project = commit_or_rerender(
            lambda: operations.record_project(current_user, _details(form)), "projects/form.html", form=form, project=None,
            recording=True,
        )
        flash("Das Projekt ist nacherfasst; alle Ansprechpersonen wurden informiert. Die Federführung kann jetzt den "
              "Ergebnisbericht schreiben.", "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None, recording=True)


PROJECT_ID = bindparam("project_id")


def _project_query() -> Select:
    """The project with its lead and its SDGs (a few: one row each, one round trip less)."""
    eager = joinedload(Project.lead), joinedload(Project.goals)
    return select(Project).where(Project.id == PROJECT_ID).options(*eager, NOTHING_ELSE)


def _participants_query() -> Select:
    return (
        select(Member)
        .join(project_participants, project_participants.c.member_id == Member.id)
        .where(project_participants.c.project_id == PROJECT_ID)
        .options(NOTHING_ELSE)
    )


def _fields_query() -> Select:
    return (
        select(FieldOfAction)
        .join(project_fields, project_fields.c.field_id == FieldOfAction.id)
        .where(project_fields.c.project_id == PROJECT_ID)
        .order_by(FieldOfAction.name)
        .options(NOTHING_ELSE)
    )


@bp.get("/<int:project_id>")
@login_required
def detail(project_id: int):
    """The project with its participants, fields, goals and document, each collection by one flat query
    (nested eager loaders cost more than the few rows they load)."""
    key = {"project_id": project_id}
    project = db.session.scalars(statement("projects.detail", _project_query), key).unique().first()
    if project is None:
        abort(404, PROJECT_KIND.not_found)
    for attribute, query in (("participants", _participants_query), ("fields_of_action", _fields_query)):
        set_committed_value(project, attribute, db.session.scalars(statement(f"projects.{attribute}", query), key).all())
    fill_documents([project])
    return render_template(
        "projects/detail.html", project=project, activity=project, history=history_of(project), **attachments_context(project)
    )


@bp.route("/<int:project_id>/bearbeiten", methods=["GET", "POST"])
@coordinator_required
def edit(project_id: int):
    project = load_activity("project", project_id)
    require_trigger(project, "reschedule")
    form = _project_form(project)
    if form.validate_on_submit():
        rescheduled = commit_or_rerender(
            lambda: operations.update_project(project, current_user, _details(form)),
            "projects/form.html", form=form, project=project, recording=False,
        )
        flash(
            "Gespeichert; alle Ansprechpersonen wurden über die neuen Termine informiert."
            if rescheduled
            else "Gespeichert.",
            "success",
        )
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project, recording=False)


@bp.post("/<int:project_id>/teilnahme")
@login_required
def participation(project_id: int):
    project = load_activity("project", project_id)
    taking_part = request.form.get("action") == "join"
    operations.set_participation(project, current_user, taking_part)
    commit()
    flash(
        f"{current_user.member.name} ist {'jetzt beteiligt' if taking_part else 'nicht mehr beteiligt'}.", "success"
    )
    return redirect(url_for("projects.detail", project_id=project.id))


@bp.route("/handlungsfelder", methods=["GET", "POST"])
@coordinator_required
def fields():
    form = FieldOfActionForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        if db.session.scalars(select(FieldOfAction).filter_by(name=name)).first():
            form.name.errors.append(f"„{name}“ gibt es schon.")
        else:
            db.session.add(FieldOfAction(name=name))
            commit()
            flash(f"Handlungsfeld „{name}“ angelegt.", "success")
            return redirect(url_for("projects.fields"))
    all_fields = db.session.scalars(select(FieldOfAction).order_by(FieldOfAction.name)).all()
    return render_template("projects/fields.html", form=form, fields=all_fields)


@bp.post("/handlungsfelder/<int:field_id>")
@coordinator_required
def toggle_field(field_id: int):
    field = db.get_or_404(FieldOfAction, field_id, description="Dieses Handlungsfeld gibt es nicht.")
    field.active = not field.active
    commit()
    flash(f"„{field.name}“ ist {'wieder aktiv' if field.active else 'ausgeblendet'}.", "success")
    return redirect(url_for("projects.fields"))
