from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..approvals.operations import LinkProblem
from ..clock import local_today
from ..database import commit
from ..extensions import db, login_manager
from ..forms import options
from ..members.models import Member
from ..members.operations import is_member_from
from ..urls import is_local_path
from ..web import commit_or_rerender
from . import invitations, operations, throttling
from .access import coordinator_required
from .forms import ChangePasswordForm, ContactForm, LoginForm, SetPasswordForm
from .models import User
from .passwords import check_password

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    # With the member: every page asks whether the user (and their member) is active.
    return db.session.get(User, int(user_id), options=[joinedload(User.member)]) if user_id.isdigit() else None


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if throttling.is_locked(email, request.remote_addr):
            flash("Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut.", "error")
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalars(select(User).where(func.lower(User.email) == email)).first()
        if check_password(user, form.password.data) and user.is_active:
            throttling.clear(email)
            session.clear()  # a fresh session on login: no fixation
            login_user(user)
            commit()  # a rehashed password
            target = form.next.data
            return redirect(target if is_local_path(target) else url_for("dashboard.index"))
        throttling.record_failure(email, request.remote_addr)
        commit()
        flash("E-Mail-Adresse oder Passwort ist falsch.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/abmelden")
@login_required
def logout():
    logout_user()
    session.clear()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if check_password(current_user, form.current_password.data):
            operations.change_password(current_user, form.password.data)
            commit()
            flash("Ihr Passwort ist geändert.", "success")
            return redirect(url_for("dashboard.index"))
        form.current_password.errors.append("Das aktuelle Passwort ist nicht richtig.")
    return render_template("auth/password.html", form=form)


@bp.route("/einladung/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """The link from the invitation mail: GET shows the form, only the POST sets the password."""
    try:
        user = invitations.check_invitation(token).user
        form = SetPasswordForm()
        if not form.validate_on_submit():
            return render_template("auth/invitation.html", form=form, user=user)
        invitations.accept_invitation(token, form.password.data)
    except LinkProblem as problem:
        db.session.rollback()
        return render_template("approvals/problem.html", problem=problem), problem.status
    commit()
    flash(
        "Ihr Passwort ist festgelegt. Sie können sich jetzt anmelden."
        if user.is_active
        else f"Ihr Passwort ist festgelegt. Anmelden können Sie sich, sobald der Beitritt von {user.affiliation} wirksam ist.",
        "success",
    )
    return redirect(url_for("auth.login"))


def _contact_form() -> ContactForm:
    form = ContactForm(member_id=request.args.get("mitglied", type=int))
    today = local_today()
    members = [m for m in db.session.scalars(select(Member)) if is_member_from(m, today)]
    form.member_id.choices = options((m.id, m.name) for m in sorted(members, key=lambda m: m.sort_key))
    return form


@bp.route("/ansprechpersonen/neu", methods=["GET", "POST"])
@coordinator_required
def new_contact():
    form = _contact_form()
    if form.validate_on_submit():
        member = db.session.get(Member, form.member_id.data)
        user = commit_or_rerender(
            lambda: operations.add_contact(current_user, form.name.data, form.email.data, member),
            "auth/contact.html", form=form,
        )
        flash(f"{user.name} ist als Ansprechperson von {member.name} eingetragen; die Einladung ist unterwegs.", "success")
        return redirect(url_for("members.index"))
    return render_template("auth/contact.html", form=form)


def _load_user(user_id: int) -> User:
    user = db.get_or_404(User, user_id, description="Diesen Zugang gibt es nicht.")
    return user


CONTACT_ACTIONS = {
    "deaktivieren": (lambda user: operations.deactivate_contact(current_user, user), "{} ist deaktiviert."),
    "reaktivieren": (operations.reactivate_contact, "{} ist wieder aktiv."),
    "einladen": (lambda user: operations.resend_invitation(current_user, user), "Neue Einladung an {} ist unterwegs."),
}


@bp.post("/ansprechpersonen/<int:user_id>/<any(deaktivieren, reaktivieren, einladen):action>")
@coordinator_required
def contact_action(user_id: int, action: str):
    user = _load_user(user_id)
    change, message = CONTACT_ACTIONS[action]
    change(user)
    commit()
    flash(message.format(user.name), "success")
    return redirect(url_for("members.index"))
