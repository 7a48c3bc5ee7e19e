"""The rules of procedure: everyone reads them, the coordinator changes them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.access import coordinator_required
from ..extensions import db
from ..forms import options
from ..members.forms import member_pairs
from ..members.models import Member
from ..transactions import commit
from . import operations
from .forms import DistributionForm, RulesForm
from .models import DistributionAddress, RulesVersion, current_rules

bp = Blueprint("rules", __name__, url_prefix="/geschaeftsordnung")


def _distribution_form() -> DistributionForm:
    form = DistributionForm(prefix="verteiler")
    form.member_id.choices = options(member_pairs())
    return form


def _page(rules_form: RulesForm | None = None, distribution_form: DistributionForm | None = None, status: int = 200):
    versions = db.session.scalars(
        select(RulesVersion).options(selectinload(RulesVersion.changed_by)).order_by(RulesVersion.id.desc())
    ).all()
    addresses = db.session.scalars(
        select(DistributionAddress).options(selectinload(DistributionAddress.member)).order_by(DistributionAddress.id)
    ).all()
    page = render_template(
        "rules/index.html",
        rules=current_rules(),
        versions=versions,
        addresses=sorted(addresses, key=lambda a: (a.member.sort_key, a.email)),
        rules_form=rules_form,
        distribution_form=distribution_form or (_distribution_form() if current_user.is_coordinator else None),
    )
    return page, status


@bp.get("/")
@login_required
def index():
    return _page()


@bp.route("/bearbeiten", methods=["GET", "POST"])
@coordinator_required
def edit():
    form = RulesForm(obj=current_rules())
    if request.method == "GET":
        form.note.data = ""  # the reason is asked for every change anew
    if form.validate_on_submit():
        settings = operations.Settings(
            text=form.text.data or "",
            approval_rule=form.approval_rule.data,
            approval_deadline_days=form.approval_deadline_days.data,
            minutes_due_days=form.minutes_due_days.data,
            invitation_lead_days=form.invitation_lead_days.data,
            contacts_per_member=form.contacts_per_member.data,
            forum_duration_minutes=form.forum_duration_minutes.data,
        )
        operations.adopt(current_user, settings, form.note.data)
        commit()
        flash("Die Geschäftsordnung ist geändert; die Änderung steht im Verlauf.", "success")
        return redirect(url_for("rules.index"))
    return render_template("rules/edit.html", form=form)


@bp.post("/verteiler")
@coordinator_required
def add_address():
    form = _distribution_form()
    if not form.validate_on_submit():
        return _page(distribution_form=form, status=422)
    member = db.session.get(Member, form.member_id.data)
    operations.add_distribution_address(current_user, member, form.email.data, form.label.data or "")
    commit()
    flash(f"{form.email.data} erhält künftig die verteilten Protokolle und Berichte von {member.name}.", "success")
    return redirect(url_for("rules.index"))


@bp.post("/verteiler/<int:address_id>/entfernen")
@coordinator_required
def remove_address(address_id: int):
    address = db.get_or_404(DistributionAddress, address_id, description="Diese Adresse steht nicht (mehr) im Verteiler.")
    operations.remove_distribution_address(current_user, address)
    commit()
    flash(f"{address.email} ist aus dem Verteiler entfernt.", "success")
    return redirect(url_for("rules.index"))
