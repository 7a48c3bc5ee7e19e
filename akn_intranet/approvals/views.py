"""The page behind a personal approval link. GET shows; only the confirming POST records."""

from flask import Blueprint, render_template, request
from sqlalchemy.orm.exc import StaleDataError

from ..database import commit
from ..extensions import db
from . import operations
from .forms import DecisionForm
from .operations import LinkProblem

bp = Blueprint("approvals", __name__, url_prefix="/genehmigung")

# Approvals arriving together conflict on the activity row; the loser simply tries again.
ATTEMPTS = 5


def _problem(problem: LinkProblem):
    db.session.rollback()
    return render_template("approvals/problem.html", problem=problem), problem.status


@bp.route("/<token>", methods=["GET", "POST"])
def decide(token: str):
    try:
        checked = operations.check_link(token)
    except LinkProblem as problem:
        return _problem(problem)
    version = checked.version
    form = DecisionForm()
    context = {"form": form, "token": token, "version": version, "activity": version.activity, "user": checked.user}
    if not form.validate_on_submit():
        return render_template("approvals/decide.html", **context)
    wants_changes = request.form.get("action") == "request_changes"
    if wants_changes and not (form.comment.data or "").strip():
        form.comment.errors.append("Bitte beschreiben Sie, welche Änderungen Sie brauchen.")
        return render_template("approvals/decide.html", **context), 422
    for attempt in range(ATTEMPTS):
        try:
            if wants_changes:
                operations.request_changes(token, form.comment.data)
            else:
                operations.approve(token)
            commit()
            break
        except LinkProblem as problem:
            return _problem(problem)
        except StaleDataError:
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    return render_template("approvals/done.html", changes=wants_changes, activity=version.activity, user=checked.user)
