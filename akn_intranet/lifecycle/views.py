"""The lifecycle pages shared by forums and projects: confirmations and the diagram."""

from flask import Blueprint, abort, flash, redirect, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from workflows.drawing import svg_diagram
from workflows.lifecycle import NEW, STEPS, TRIGGER_LABELS, condition_text

from ..forms import CommentForm
from ..transactions import commit_or_rerender
from ..urls import activity_url
from .kinds import all_kinds
from .operations import transition as fire_transition
from .pages import load_activity, require_trigger

bp = Blueprint("lifecycle", __name__)

ROLE_LABELS = {
    "coordinator": "Koordination",
    "host": "Gastgeber/Federführung",
    "approver": "Genehmigende Mitglieder",
    "system": "System",
}


@bp.route("/foren/<int:activity_id>/aktion/<trigger>", methods=["GET", "POST"], defaults={"kind": "forum"})
@bp.route("/projekte/<int:activity_id>/aktion/<trigger>", methods=["GET", "POST"], defaults={"kind": "project"})
@login_required
def transition(kind: str, activity_id: int, trigger: str):
    activity = load_activity(kind, activity_id)
    confirmation = activity.kind_spec.confirmations.get(trigger)
    if confirmation is None:
        abort(404, "Diese Aktion gibt es nicht.")
    require_trigger(activity, trigger)
    form = CommentForm()
    context = {"form": form, "activity": activity, "trigger": trigger, "confirmation": confirmation}
    if form.validate_on_submit():
        commit_or_rerender(
            lambda: fire_transition(activity, current_user, trigger, form.comment.data or ""),
            "lifecycle/transition.html",
            **context,
        )
        flash(f"{confirmation.title}: erledigt.", "success")
        return redirect(activity_url(activity))
    return render_template("lifecycle/transition.html", **context)


@bp.get("/ablauf/")
@login_required
def diagram():
    """The running machine, drawn from its definition: never a hand-drawn copy."""
    kinds = all_kinds()
    return render_template(
        "lifecycle/diagram.html",
        kinds=kinds,
        drawings={kind.name: Markup(svg_diagram(kind.words)) for kind in kinds},  # noqa: S704  built and escaped by us
        steps=[s for s in STEPS if s.source != NEW],
        trigger_labels=TRIGGER_LABELS,
        role_labels=ROLE_LABELS,
        condition_text=condition_text,
    )
