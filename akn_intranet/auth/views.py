from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from ..clock import local_today
from ..extensions import db, login_manager
from ..forms import options
from ..links import LinkProblem, problem_page
from ..members.models import Member
from ..members.operations import is_member_from
from ..transactions import commit, commit_or_rerender
from ..urls import bounded_int, is_local_path
from . import invitations, operations, throttling
from .access import coordinator_required
from .forms import ChangePasswordForm, ContactForm, LoginForm, SetPasswordForm
from .models import User
from .passwords import check_password

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
login_manager.session_protection = "strong"


# On every request, so built once: with the member, since every page asks whether the user (and their member) is active.
CURRENT_USER = select(User).where(User.id == bindparam("user_id")).options(joinedload(User.member))


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    """``id:session_version`` (see ``User.get_id``): a cookie from before the sessions were ended finds nobody."""
    user_id, _, version = login_id.partition(":")
    try:
        user_id_number, version_number = bounded_int(user_id), int(version)
    except ValueError:
        return None
    user = db.session.scalars(CURRENT_USER, {"user_id": user_id_number}).first()
    return user if user is not None and user.session_version == version_number else None


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if throttling.is_locked(email, request.remote_addr):
            flash(throttling.LOCKED_MESSAGE, "error")
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalars(select(User).where(func.lower(User.email) == email)).first()
        if check_password(user, form.password.data) and user.is_active:
            throttling.clear(email, request.remote_addr)
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
    """Ends this user's sessions everywhere, so a copied cookie stops working too."""
    current_user.end_sessions()
    commit()
    logout_user()
    session.clear()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    """The current password is checked and throttled like a login; a new one ends every other session."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if throttling.is_locked(current_user.email, request.remote_addr):
            form.current_password.errors.append(throttling.LOCKED_MESSAGE)
            return render_template("auth/password.html", form=form), 429
        if check_password(current_user, form.current_password.data):
            throttling.clear(current_user.email, request.remote_addr)
            operations.change_password(current_user, form.password.data)
            commit()
            login_user(current_user._get_current_object())  # this session goes on with the new version
            flash("Ihr Passwort ist geändert; Ihre Anmeldungen auf anderen Geräten sind beendet.", "success")
            return redirect(url_for("dashboard.index"))
        throttling.record_failure(current_user.email, request.remote_addr)
        commit()
        form.current_password.errors.append("Das aktuelle Passwort ist nicht richtig.")
    return render_template("auth/password.html", form=form)


@bp.post("/sitzungen-beenden")
@login_required
def end_other_sessions():
    """E.g. after using a shared computer: every other browser logged in as this user is logged out."""
    user = current_user._get_current_object()
    user.end_sessions()
    commit()
    login_user(user)
    flash("Alle anderen Anmeldungen mit Ihrem Zugang sind beendet.", "success")
    return redirect(url_for("auth.change_password"))


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
        return problem_page(problem)
    commit()
    flash(
        "Ihr Passwort ist festgelegt. Sie können sich jetzt anmelden."
        if user.is_active
        else f"Ihr Passwort ist festgelegt. Anmelden können Sie sich, sobald der Beitritt von {user.affiliation} wirksam ist.",
        "success",
    )
    return redirect(url_for("auth.login"))


def _contact_form() -> ContactForm:
    form = ContactForm(member_id=request.args.get("mitglied", type=bounded_int))
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
    "abmelden": (operations.end_sessions, "Alle Anmeldungen von {} sind beendet."),
}


@bp.post("/ansprechpersonen/<int:user_id>/<any(deaktivieren, reaktivieren, einladen, abmelden):action>")
@coordinator_required
def contact_action(user_id: int, action: str):
    user = _load_user(user_id)
    change, message = CONTACT_ACTIONS[action]
    change(user)
    commit()
    flash(message.format(user.name), "success")
    return redirect(url_for("members.index"))
