"""The minutes (forum) or report (project) form for the host or lead, and the printable versions."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..downloads import private_download
from ..forms import options
from ..lifecycle.models import Activity
from ..lifecycle.pages import load_activity, require_trigger
from ..members.forms import member_pairs
from ..transactions import commit_or_rerender
from ..urls import activity_url, form_number
from . import operations, pdf
from .forms import MinutesForm, decision_reference
from .models import MinutesVersion
from .record import approval_record

bp = Blueprint("minutes", __name__)

EXTRA_ACTION_ITEM_ROWS = 3
EXTRA_DECISION_ROWS = 2  # per section; more after saving the draft (no JavaScript needed)
FORUM, PROJECT = {"kind": "forum"}, {"kind": "project"}


def _form(activity: Activity) -> MinutesForm:
    if request.method == "POST":
        form = MinutesForm()
    else:
        form = MinutesForm(
            revision=activity.revision,
            sections=[
                {"notes": s.notes, "decisions": s.decisions, "decision_items": [{"text": d.text} for d in s.decision_items]}
                for s in activity.sections
            ],
            action_items=[
                {
                    "task": a.description, "member_id": a.member_id, "due_date": a.due_date,
                    "decision": decision_reference(a.decision.section, a.decision.position) if a.decision else "",
                }
                for a in activity.action_items
            ],
        )
        for entry in form.sections:
            for _ in range(EXTRA_DECISION_ROWS):
                entry.decision_items.append_entry()
        for _ in range(EXTRA_ACTION_ITEM_ROWS):
            form.action_items.append_entry()
    choices = options([(0, "– bitte wählen –"), *member_pairs()])
    for entry in form.action_items:
        entry.member_id.choices = choices
    form.name_fields(activity.kind_spec, activity.sections)
    form.offer_decisions(activity.kind_spec, activity.sections)
    return form


def _draft(form: MinutesForm) -> dict:
    return {
        "revision": form_number(form.revision.data),
        "sections": [
            operations.SectionText(e.notes.data or "", e.decisions.data or "", [d.text.data or "" for d in e.decision_items])
            for e in form.sections
        ],
        "action_items": [
            operations.ActionItemInput(e.task.data or "", e.member_id.data, e.due_date.data, form.carried_out(e))
            for e in form.action_items
        ],
    }


@bp.route("/foren/<int:activity_id>/protokoll", methods=["GET", "POST"], defaults=FORUM)
@bp.route("/projekte/<int:activity_id>/bericht", methods=["GET", "POST"], defaults=PROJECT)
@login_required
def edit(kind: str, activity_id: int):
    activity = load_activity(kind, activity_id)
    require_trigger(activity, "submit_minutes")
    form = _form(activity)
    if form.validate_on_submit() and not form.missing_responsible() | form.invalid_decision_references():
        submitting = request.form.get("action") == "submit"
        change = operations.submit if submitting else operations.save_draft
        version = commit_or_rerender(
            lambda: change(activity, current_user, **_draft(form)), "minutes/edit.html", form=form, activity=activity
        )
        if submitting:
            flash(f"Fassung {version.number} ist zur Genehmigung versandt.", "success")
            return redirect(activity_url(activity))
        flash("Entwurf gespeichert.", "success")
        return redirect(url_for("minutes.edit", kind=kind, activity_id=activity.id))
    return render_template("minutes/edit.html", form=form, activity=activity)


def _version(kind: str, activity_id: int, number: int) -> MinutesVersion:
    activity = load_activity(kind, activity_id)
    found = next((v for v in activity.versions if v.number == number), None)
    if found is None:
        abort(404, "Diese Fassung gibt es nicht.")
    return found


@bp.get("/foren/<int:activity_id>/protokoll/fassung-<int:number>", defaults=FORUM)
@bp.get("/projekte/<int:activity_id>/bericht/fassung-<int:number>", defaults=PROJECT)
@login_required
def version(kind: str, activity_id: int, number: int):
    found = _version(kind, activity_id, number)
    return render_template("minutes/version.html", activity=found.activity, version=found, record=approval_record(found))


@bp.get("/foren/<int:activity_id>/protokoll/fassung-<int:number>.pdf", defaults=FORUM)
@bp.get("/projekte/<int:activity_id>/bericht/fassung-<int:number>.pdf", defaults=PROJECT)
@login_required
def version_pdf(kind: str, activity_id: int, number: int):
    """The same document as PDF/A, rendered on each download: a draft's status is not frozen with its text."""
    found = _version(kind, activity_id, number)
    return private_download(pdf.render(found), mimetype="application/pdf", name=pdf.filename(found))
