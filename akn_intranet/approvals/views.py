"""The page behind a personal approval link. GET shows; only the confirming POST records."""

from flask import Blueprint, render_template, request

from ..links import LinkProblem, problem_page
from ..transactions import commit_retrying
from . import operations
from .forms import DecisionForm

bp = Blueprint("approvals", __name__, url_prefix="/genehmigung")


@bp.route("/<token>", methods=["GET", "POST"])
def decide(token: str):
    try:
        checked = operations.check_link(token)
    except LinkProblem as problem:
        return problem_page(problem)
    form, activity = DecisionForm(), checked.version.activity
    context = {"form": form, "token": token, "version": checked.version, "activity": activity, "user": checked.user}
    if not form.validate_on_submit():
        return render_template("approvals/decide.html", **context)
    wants_changes = request.form.get("action") == "request_changes"
    if wants_changes and not (form.comment.data or "").strip():
        form.comment.errors.append("Bitte beschreiben Sie, welche Änderungen Sie brauchen.")
        return render_template("approvals/decide.html", **context), 422
    try:
        commit_retrying(lambda: operations.decide(token, wants_changes=wants_changes, comment=form.comment.data or ""))
    except LinkProblem as problem:
        return problem_page(problem)
    return render_template("approvals/done.html", changes=wants_changes, activity=activity, user=checked.user)
