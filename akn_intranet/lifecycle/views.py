"""The lifecycle pages shared by forums and projects: confirmations and the diagram."""

from flask import Blueprint, abort, flash, redirect, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from workflows.drawing import svg_diagram
from workflows.lifecycle import LABELS, NEW, STEPS, TRIGGER_LABELS, condition_text

from ..forms import CommentForm
from ..urls import activity_url
from ..web import commit_or_rerender, load_activity, require_trigger
from .operations import transition as fire_transition

bp = Blueprint("lifecycle", __name__)

ROLE_LABELS = {
    "coordinator": "Koordination",
    "host": "Gastgeber/Federführung",
    "approver": "Genehmigende Mitglieder",
    "system": "System",
}
KIND_HEADINGS = {"forum": "Ablauf eines Kooperationsforums", "project": "Ablauf eines gemeinsamen Projekts"}
IRREVERSIBLE = "Das lässt sich nicht rückgängig machen."
# kind → trigger → (title, what happens, whether a reason is required)
CONFIRMATIONS = {
    "forum": {
        "cancel": ("Forum absagen", f"Alle Ansprechpersonen erhalten eine Absage. {IRREVERSIBLE}", True),
        "request_changes": ("Änderungen anfordern", "Das Protokoll geht mit Ihrem Kommentar an den Gastgeber zurück.", True),
        "approve": (
            "Genehmigung erfassen",
            "Erfassen Sie eine Genehmigung, die anderweitig beschlossen wurde (z. B. in der nächsten Sitzung). "
            "Die Begründung ist Pflicht.",
            True,
        ),
        "distribute": (
            "Protokoll verteilen",
            f"Das genehmigte Protokoll geht an alle Ansprechpersonen, die Beratung und die Verteiler. {IRREVERSIBLE}",
            False,
        ),
    },
    "project": {
        "cancel": ("Projekt absagen", f"Alle Ansprechpersonen erhalten eine Absage. {IRREVERSIBLE}", True),
        "hold": (
            "Als durchgeführt markieren",
            "Das Projekt ist durchgeführt; die Federführung schreibt den Ergebnisbericht, die beteiligten Mitglieder "
            "genehmigen ihn.",
            False,
        ),
        "request_changes": ("Änderungen anfordern", "Der Bericht geht mit Ihrem Kommentar an die Federführung zurück.", True),
        "approve": (
            "Genehmigung erfassen",
            "Erfassen Sie eine Genehmigung, die anderweitig beschlossen wurde. Die Begründung ist Pflicht.",
            True,
        ),
        "distribute": (
            "Bericht verteilen",
            f"Der genehmigte Bericht geht an alle Ansprechpersonen, die Beratung und die Verteiler. {IRREVERSIBLE}",
            False,
        ),
    },
}


@bp.route("/foren/<int:activity_id>/aktion/<trigger>", methods=["GET", "POST"], defaults={"kind": "forum"})
@bp.route("/projekte/<int:activity_id>/aktion/<trigger>", methods=["GET", "POST"], defaults={"kind": "project"})
@login_required
def transition(kind: str, activity_id: int, trigger: str):
    activity = load_activity(kind, activity_id)
    if trigger not in CONFIRMATIONS[kind]:
        abort(404, "Diese Aktion gibt es nicht.")
    require_trigger(activity, trigger)
    title, explanation, needs_comment = CONFIRMATIONS[kind][trigger]
    form = CommentForm()
    context = {"form": form, "activity": activity, "trigger": trigger, "title": title,
               "explanation": explanation, "needs_comment": needs_comment}
    if form.validate_on_submit():
        commit_or_rerender(
            lambda: fire_transition(activity, current_user, trigger, form.comment.data or ""),
            "lifecycle/transition.html",
            **context,
        )
        flash(f"{title}: erledigt.", "success")
        return redirect(activity_url(activity))
    return render_template("lifecycle/transition.html", **context)


@bp.get("/ablauf/")
@login_required
def diagram():
    """The running machine, drawn from its definition: never a hand-drawn copy."""
    return render_template(
        "lifecycle/diagram.html",
        kinds=KIND_HEADINGS,
        drawings={kind: Markup(svg_diagram(kind)) for kind in KIND_HEADINGS},  # noqa: S704  built and escaped by us
        steps=[s for s in STEPS if s.source != NEW],
        labels=LABELS,
        trigger_labels=TRIGGER_LABELS,
        role_labels=ROLE_LABELS,
        condition_text=condition_text,
    )
