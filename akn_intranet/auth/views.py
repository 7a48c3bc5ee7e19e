from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from ..clock import local_today, utcnow
from ..extensions import db, login_manager
from ..forms import options
from ..links import LinkProblem, problem_page
from ..members.models import Member
from ..members.operations import is_member_from
from ..oparl.forms import ConsentForm
from ..security_log.operations import record
from ..transactions import commit, commit_or_rerender
from ..urls import bounded_int, is_local_path
from . import invitations, operations, throttling, two_factor
from .access import coordinator_required
from .forms import ChangePasswordForm, CodeForm, ContactForm, DisableTwoFactorForm, LoginForm, SetPasswordForm
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


# The second step of a login with two-factor sign-in: who passed the password, until when, where to go.
# Not a login: flask-login knows nothing of it, so no page opens until the code is right.
PENDING = "akn_two_factor_pending"
PENDING_TIME = timedelta(minutes=5)
ENROLLING = "akn_two_factor_enrolling"  # the secret being enrolled, until a code confirms it
# With two-factor sign-in mandatory, what a coordinator without it may still open.
OPEN_BEFORE_ENROLMENT = {"auth.two_factor_setup", "auth.logout", "static", "health.health"}


def _logged_in(user: User, target: str | None, how: str = "", notice: str | None = None):
    """The login itself, logged; a coordinator who must enrol goes there first."""
    session.clear()  # a fresh session on login: no fixation
    login_user(user)
    if notice:
        flash(notice, "info")
    record("login", actor=user, subject=user, detail=how)
    commit()  # and a rehashed password
    if two_factor.must_enrol(user):
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(target if is_local_path(target) else url_for("dashboard.index"))


def _failure_detail(user: User | None, password_right: bool) -> str:
    if user is None:
        return "unbekannte Adresse"
    return "Zugang nicht aktiv" if password_right else "falsches Passwort"


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if throttling.is_locked(email, request.remote_addr):
            flash(throttling.LOCKED_MESSAGE, "error")
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalars(select(User).where(func.lower(User.email) == email)).first()
        password_right = check_password(user, form.password.data)
        if password_right and user.is_active:
            throttling.clear(email, request.remote_addr)
            if not user.has_two_factor:
                return _logged_in(user, form.next.data)
            session.clear()
            session[PENDING] = {"login_id": user.get_id(), "until": (utcnow() + PENDING_TIME).timestamp(), "next": form.next.data}
            commit()  # a rehashed password
            return redirect(url_for("auth.login_code"))
        # The failure is stored by this request's commit, with the count that throttles the next attempts.
        record("login_failed", actor=email, subject=user, detail=_failure_detail(user, password_right))
        throttling.record_failure(email, request.remote_addr)
        commit()
        flash("E-Mail-Adresse oder Passwort ist falsch.", "error")
    return render_template("auth/login.html", form=form)


def _pending_user() -> User | None:
    """The person who passed the password in this browser, if not too long ago and nothing changed since."""
    pending = session.get(PENDING)
    if not pending or utcnow().timestamp() > pending["until"]:
        return None
    user = load_user(pending["login_id"])  # ended sessions end the pending step too
    return user if user is not None and user.is_active and user.has_two_factor else None


@bp.route("/anmelden/code", methods=["GET", "POST"])
def login_code():
    """The second step: a code from the app or a recovery code; only then is the browser logged in."""
    user = _pending_user()
    if user is None:
        if session.pop(PENDING, None):
            flash("Die Anmeldung hat zu lange gedauert. Bitte melden Sie sich erneut an.", "error")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if throttling.is_locked(user.email, request.remote_addr, code=True):
            form.code.errors.append(throttling.LOCKED_MESSAGE)
            return render_template("auth/login_code.html", form=form), 429
        try:
            by_recovery_code = two_factor.verify(user, form.code.data)
        except two_factor.CodeRefused as refused:
            throttling.record_failure(user.email, request.remote_addr, code=True)
            commit()
            form.code.errors.append(refused.message)
            return render_template("auth/login_code.html", form=form)
        throttling.clear(user.email, request.remote_addr, code=True)
        if by_recovery_code:
            return _logged_in(user, session[PENDING]["next"], "mit Wiederherstellungscode",
                              "Sie haben einen Wiederherstellungscode verwendet; er gilt nun nicht mehr.")
        return _logged_in(user, session[PENDING]["next"], "mit Code")
    return render_template("auth/login_code.html", form=form)


@bp.before_app_request
def enrol_first():
    """With two-factor sign-in mandatory, a coordinator without it can only enrol or log out."""
    if request.endpoint in OPEN_BEFORE_ENROLMENT or not current_user.is_authenticated:
        return None
    if two_factor.must_enrol(current_user):
        return redirect(url_for("auth.two_factor_setup"))
    return None


@bp.post("/abmelden")
@login_required
def logout():
    """Ends this user's sessions everywhere, so a copied cookie stops working too."""
    user = current_user._get_current_object()
    user.end_sessions()
    record("logout", actor=user, subject=user)
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
    record("sessions_ended", actor=user, subject=user, detail="alle anderen Anmeldungen")
    commit()
    login_user(user)
    flash("Alle anderen Anmeldungen mit Ihrem Zugang sind beendet.", "success")
    return redirect(url_for("auth.change_password"))


@bp.get("/konto")
@login_required
def account():
    """One's own access: password, two-factor sign-in, (for the coordinator) the security log."""
    user = current_user._get_current_object()
    remaining = two_factor.remaining_recovery_codes(user) if user.has_two_factor else None
    return render_template(
        "auth/account.html", remaining=remaining, required=two_factor.required_for(user),
        consent_form=ConsentForm(publish=user.oparl_consent),
    )


@bp.route("/konto/zwei-faktor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Show a new secret (text, otpauth link, QR code); a current code from the app turns it on.
    The recovery codes are shown once, in the answer to that POST, and never again."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        flash("Die Zwei-Faktor-Anmeldung ist bereits eingeschaltet.", "info")
        return redirect(url_for("auth.account"))
    secret = session.setdefault(ENROLLING, two_factor.new_secret())
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm(user, secret, form.code.data)
        except two_factor.CodeRefused as refused:
            form.code.errors.append(refused.message)
        else:
            commit()
            session.pop(ENROLLING)
            login_user(user)  # this session goes on; every other one (without the second factor) is ended
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template(
        "auth/two_factor_setup.html", form=form, enrolment=two_factor.enrolment(user, secret),
        required=two_factor.required_for(user),
    )


@bp.route("/konto/zwei-faktor/ausschalten", methods=["GET", "POST"])
@login_required
def two_factor_disable():
    """Needs the current password or a code, throttled like a login; refused where it is mandatory."""
    user = current_user._get_current_object()
    if not user.has_two_factor or two_factor.required_for(user):
        if user.has_two_factor:
            flash("Für die Koordination ist die Zwei-Faktor-Anmeldung vorgeschrieben.", "error")
        return redirect(url_for("auth.account"))
    form = DisableTwoFactorForm()
    if form.validate_on_submit():
        if throttling.is_locked(user.email, request.remote_addr, code=True):
            form.code.errors.append(throttling.LOCKED_MESSAGE)
            return render_template("auth/two_factor_disable.html", form=form), 429
        by_code = not form.current_password.data
        try:
            if by_code:
                two_factor.verify(user, form.code.data)
            elif not check_password(user, form.current_password.data):
                raise two_factor.CodeRefused("Das aktuelle Passwort ist nicht richtig.")
        except two_factor.CodeRefused as refused:
            throttling.record_failure(user.email, request.remote_addr, code=by_code)
            commit()
            (form.code if by_code else form.current_password).errors.append(refused.message)
            return render_template("auth/two_factor_disable.html", form=form)
        throttling.clear(user.email, request.remote_addr, code=by_code)
        two_factor.disable(user)
        commit()
        flash("Die Zwei-Faktor-Anmeldung ist ausgeschaltet; Ihre Wiederherstellungscodes gelten nicht mehr.", "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/two_factor_disable.html", form=form)


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
    "deaktivieren": (operations.deactivate_contact, "{} ist deaktiviert."),
    "reaktivieren": (operations.reactivate_contact, "{} ist wieder aktiv."),
    "einladen": (operations.resend_invitation, "Neue Einladung an {} ist unterwegs."),
    "abmelden": (operations.end_sessions, "Alle Anmeldungen von {} sind beendet."),
}


@bp.post("/ansprechpersonen/<int:user_id>/<any(deaktivieren, reaktivieren, einladen, abmelden):action>")
@coordinator_required
def contact_action(user_id: int, action: str):
    user = _load_user(user_id)
    change, message = CONTACT_ACTIONS[action]
    change(current_user, user)
    commit()
    flash(message.format(user.name), "success")
    return redirect(url_for("members.index"))
