from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from sqlalchemy import func, select

from ..database import commit
from ..extensions import db, login_manager
from ..urls import is_local_path
from .forms import LoginForm
from .models import User
from .passwords import check_password

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Bitte melden Sie sich an, um diese Seite zu sehen."
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@bp.route("/anmelden", methods=["GET", "POST"])
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalars(select(User).where(func.lower(User.email) == email)).first()
        if check_password(user, form.password.data) and user.is_active:
            session.clear()  # a fresh session on login: no fixation
            login_user(user)
            commit()  # a rehashed password
            target = form.next.data
            return redirect(target if is_local_path(target) else url_for("dashboard.index"))
        flash("E-Mail-Adresse oder Passwort ist falsch.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/abmelden")
@login_required
def logout():
    logout_user()
    session.clear()
    flash("Sie sind abgemeldet.", "info")
    return redirect(url_for("auth.login"))
