from flask import Blueprint, flash, redirect, request, url_for

from ..auth.access import coordinator_required
from ..clock import utcnow
from ..extensions import db
from ..lifecycle.models import Activity
from ..transactions import commit
from ..urls import is_local_path
from .operations import remind_now

bp = Blueprint("reminders", __name__, url_prefix="/erinnerungen")


@bp.post("/<int:activity_id>")
@coordinator_required
def send(activity_id: int):
    activity = db.get_or_404(Activity, activity_id, description="Dieses Forum oder Projekt gibt es nicht.")
    sent = remind_now(activity, utcnow())
    commit()
    flash(f"Erinnerung an {sent} Ansprechperson(en) verschickt.", "success")
    target = request.form.get("next")
    return redirect(target if is_local_path(target) else url_for("dashboard.index"))
