from flask import Blueprint, render_template
from flask_login import login_required

from workflows.lifecycle import LABELS, STEPS, TRIGGER_LABELS, mermaid_diagram

bp = Blueprint("lifecycle", __name__, url_prefix="/ablauf")

ROLE_LABELS = {"coordinator": "Koordination", "host": "Gastgeber", "approver": "Genehmigende Mitglieder", "system": "System"}


@bp.get("/")
@login_required
def diagram():
    """The running machine, drawn from its definition: never a hand-drawn copy."""
    return render_template(
        "lifecycle/diagram.html",
        mermaid=mermaid_diagram("forum"),
        steps=STEPS,
        labels=LABELS["forum"],
        trigger_labels=TRIGGER_LABELS,
        role_labels=ROLE_LABELS,
    )
