"""A person's own data as a download; the coordinator exports anyone's and erases former contacts."""

import json

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..auth.access import coordinator_required
from ..auth.models import User
from ..clock import utcnow
from ..downloads import private_download
from ..extensions import db
from ..security_log.operations import record
from ..transactions import commit
from . import erasure, export
from .forms import ErasureForm

bp = Blueprint("privacy", __name__)


def _load(user_id: int) -> User:
    return db.get_or_404(User, user_id, description="Diesen Zugang gibt es nicht.")


def _export(user: User):
    now = utcnow()
    data = export.personal_data(user, now)
    record("data_exported", actor=current_user, subject=user)
    commit()
    content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return private_download(content, mimetype="application/json", name=export.filename(user, now))


@bp.get("/konto/meine-daten.json")
@login_required
def own_data():
    return _export(current_user)


@bp.get("/ansprechpersonen/<int:user_id>/daten.json")
@coordinator_required
def person_data(user_id: int):
    return _export(_load(user_id))


@bp.route("/ansprechpersonen/<int:user_id>/loeschen", methods=["GET", "POST"])
@coordinator_required
def erase(user_id: int):
    user = _load(user_id)
    erasure.check_erasable(current_user, user)
    form = ErasureForm()
    if form.validate_on_submit():
        name = user.name
        erasure.erase(current_user, user, utcnow())
        commit()
        flash(f"Die personenbezogenen Daten von {name} sind gelöscht; der Zugang heißt jetzt „{user.name}“.", "success")
        return redirect(url_for("members.index"))
    return render_template("privacy/erase.html", user=user, form=form, pseudonym=erasure.pseudonym(user))
