"""Project pages. Thin: read the form, call an operation, commit, redirect."""

from datetime import time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, raiseload, selectinload

from workflows.lifecycle import NEW, PROJECT

from ..auth.access import coordinator_required
from ..clock import local_to_utc, to_local
from ..extensions import db
from ..forms import options
from ..lifecycle.operations import history_of
from ..lifecycle.pages import load_activity, require_trigger, with_document
from ..members.forms import member_pairs
from ..members.models import Member
from ..transactions import commit, commit_or_rerender
from ..urls import bounded_int
from . import operations
from .forms import FieldOfActionForm, ProjectFilterForm, ProjectForm
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


@bp.get("/")
@login_required
def index():
    form = ProjectFilterForm(request.args)
    form.state.choices = options([("", "alle"), *((s, label) for s, label in PROJECT.labels.items() if s != NEW)])
    form.member.choices = options([(0, "alle"), *member_pairs()])
    form.field.choices = options([(0, "alle"), *_field_pairs()])
    query = select(Project).order_by(Project.starts_at.desc())
    if form.state.data:
        query = query.where(Project.state == form.state.data)
    if form.member.data:
        query = query.where(Project.id.in_(select(project_participants.c.project_id).filter_by(member_id=form.member.data)))
    if form.field.data:
        query = query.where(Project.id.in_(select(project_fields.c.project_id).filter_by(field_id=form.field.data)))
    if form.sdg.data:
        query = query.where(Project.id.in_(select(ProjectGoal.project_id).filter_by(number=form.sdg.data)))
    page = max(request.args.get("seite", 1, type=bounded_int), 1)
    projects = db.session.scalars(
        query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE).options(
            joinedload(Project.lead), selectinload(Project.participants), selectinload(Project.goals),
            raiseload("*", sql_only=True),
        )
    ).all()
    pages = {"newer": page - 1 if page > 1 else None, "older": page + 1 if len(projects) > PAGE_SIZE else None}
    return render_template("projects/index.html", projects=projects[:PAGE_SIZE], form=form, pages=pages)


@bp.route("/neu", methods=["GET", "POST"])
@coordinator_required
def new():
    form = _project_form()
    if form.validate_on_submit():
        project = commit_or_rerender(
            lambda: operations.plan_project(current_user, _details(form)), "projects/form.html", form=form, project=None
        )
        flash("Das Projekt ist angelegt; alle Ansprechpersonen wurden informiert.", "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None)


@bp.get("/<int:project_id>")
@login_required
def detail(project_id: int):
    project = db.session.scalars(
        select(Project)
        .filter_by(id=project_id)
        .options(
            joinedload(Project.lead),
            selectinload(Project.participants),
            selectinload(Project.fields_of_action),
            selectinload(Project.goals),
            with_document(Project.versions),
            raiseload("*", sql_only=True),
        )
    ).first()
    if project is None:
        abort(404, "Dieses Projekt gibt es nicht.")
    return render_template("projects/detail.html", project=project, activity=project, history=history_of(project))


@bp.route("/<int:project_id>/bearbeiten", methods=["GET", "POST"])
@coordinator_required
def edit(project_id: int):
    project = load_activity("project", project_id)
    require_trigger(project, "reschedule")
    form = _project_form(project)
    if form.validate_on_submit():
        rescheduled = commit_or_rerender(
            lambda: operations.update_project(project, current_user, _details(form)),
            "projects/form.html", form=form, project=project,
        )
        flash(
            "Gespeichert; alle Ansprechpersonen wurden über die neuen Termine informiert."
            if rescheduled
            else "Gespeichert.",
            "success",
        )
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project)


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
