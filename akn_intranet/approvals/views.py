"""A member's decision on a submitted document: behind a personal link, or inside the intranet for a
logged-in contact. GET shows; only the confirming POST records (``operations.py``)."""

from flask import Blueprint, flash, redirect, render_template, request
from flask_login import current_user, login_required

from ..lifecycle.pages import load_activity
from ..links import LinkProblem, problem_page
from ..transactions import commit_retrying
from ..urls import activity_url, form_number
from . import operations
from .forms import DecisionForm, IntranetDecisionForm

bp = Blueprint("approvals", __name__)

CHANGES_NEEDED = "Bitte beschreiben Sie, welche Änderungen Sie brauchen."


def _wants_changes(form: DecisionForm) -> bool | None:
    """The decision posted; None (and the reason at the field) for a change request without a reason."""
    wants_changes = request.form.get("action") == "request_changes"
    if wants_changes and not (form.comment.data or "").strip():
        form.comment.errors.append(CHANGES_NEEDED)
        return None
    return wants_changes


@bp.route("/genehmigung/<token>", methods=["GET", "POST"])
def decide(token: str):
    try:
        checked = operations.check_link(token)
    except LinkProblem as problem:
        return problem_page(problem)
    form, activity = DecisionForm(), checked.version.activity
    context = {"form": form, "token": token, "version": checked.version, "activity": activity, "user": checked.user}
    if not form.validate_on_submit():
        return render_template("approvals/decide.html", **context)
    wants_changes = _wants_changes(form)
    if wants_changes is None:
        return render_template("approvals/decide.html", **context), 422
    try:
        commit_retrying(lambda: operations.decide(token, wants_changes=wants_changes, comment=form.comment.data or ""))
    except LinkProblem as problem:
        return problem_page(problem)
    return render_template("approvals/done.html", changes=wants_changes, activity=activity, user=checked.user)


@bp.route("/foren/<int:activity_id>/entscheidung", methods=["GET", "POST"], defaults={"kind": "forum"})
@bp.route("/projekte/<int:activity_id>/entscheidung", methods=["GET", "POST"], defaults={"kind": "project"})
@login_required
def decide_here(kind: str, activity_id: int):
    """The decision of a logged-in contact whose member approves, bound to the version the page showed."""
    activity = load_activity(kind, activity_id)
    version = activity.current_version
    if request.method == "GET" and operations.member_to_decide(current_user, activity) is None:
        flash("Für Ihre Verwaltung steht hier keine Entscheidung an.", "info")
        return redirect(activity_url(activity))
    form = IntranetDecisionForm(version=version.number if version else "")
    context = {"form": form, "token": None, "version": version, "activity": activity, "user": current_user}
    if not form.validate_on_submit():
        return render_template("approvals/decide.html", **context)
    wants_changes = _wants_changes(form)
    if wants_changes is None:
        return render_template("approvals/decide.html", **context), 422
    commit_retrying(
        lambda: operations.decide_in_intranet(
            activity, current_user, version_number=form_number(form.version.data), wants_changes=wants_changes,
            comment=form.comment.data or "",
        )
    )
    return render_template("approvals/done.html", changes=wants_changes, activity=activity, user=current_user)
