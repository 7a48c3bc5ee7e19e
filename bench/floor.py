"""The framework floor: the parts of the intranet's cheapest logged-in page and nothing else.

A minimal Flask app under the same gunicorn settings (gunicorn.conf.py) as the intranet, on the same
database: Flask-Login loads the user from the ``users`` table on every request (the same
``id:session_version`` login id, strong session protection), the signed session cookie, a Flask-WTF
form of three password fields with its CSRF token, rendered into a layout of the intranet's size
(navigation, logout form), and the same security headers. What a page costs on top of this is what
its data costs; ``make bench`` reports every page as a share of this floor.
"""

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, redirect, render_template, session, url_for
from flask_login import LoginManager, UserMixin, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect, FlaskForm
from jinja2 import DictLoader
from sqlalchemy import String, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
login_manager.login_view = "login"
login_manager.session_protection = "strong"


class User(UserMixin, db.Model):
    """The intranet's ``users`` table, as far as a login needs it."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column()
    session_version: Mapped[int] = mapped_column()

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    user_id, _, version = login_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


class LoginForm(FlaskForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Passwort", validators=[DataRequired(), Length(max=200)])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Aktuelles Passwort", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("Neues Passwort", description="Mindestens 10 Zeichen.",
                             validators=[DataRequired(), Length(min=10, max=200)])
    confirm = PasswordField("Neues Passwort wiederholen", validators=[EqualTo("password")])


NAVIGATION = [("Übersicht", "/"), ("Projekte", "/projekte/"), ("Mitglieder", "/mitglieder/"), ("Aufgaben", "/aufgaben/"),
              ("Forum planen", "/foren/neu"), ("Jahresplanung", "/foren/jahresplanung"), ("Postausgang", "/postausgang/"),
              ("Geschäftsordnung", "/geschaeftsordnung/"), ("Ablauf", "/ablauf"), ("Passwort ändern", "/passwort")]

TEMPLATES = {
    "layout.html": """<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{% endblock %} – AKN Intranet</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='style.css') }}">
</head>
<body>
<header class="site">
  <a class="brand" href="{{ url_for('password') }}">AKN Intranet</a>
  {% if current_user.is_authenticated %}
  <nav>
    {% for label, path in navigation %}<a href="{{ path }}">{{ label }}</a>
    {% endfor %}
    <form method="post" action="{{ url_for('password') }}" class="inline">
      <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
      <button type="submit" class="link">Abmelden ({{ current_user.name }})</button>
    </form>
  </nav>
  {% endif %}
</header>
<main>
  {% with messages = get_flashed_messages(with_categories=true) %}
  {% for category, message in messages %}<p class="flash {{ category }}" role="status">{{ message }}</p>{% endfor %}
  {% endwith %}
  {% block content %}{% endblock %}
</main>
<footer class="site">Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss</footer>
</body>
</html>
""",
    "field.html": """{% macro field(f) %}
<div class="field{% if f.errors %} invalid{% endif %}">
  {{ f.label() }}
  {{ f(**kwargs) }}
  {% if f.description %}<small>{{ f.description }}</small>{% endif %}
  {% for error in f.errors %}<p class="error">{{ error }}</p>{% endfor %}
</div>
{% endmacro %}
""",
    "login.html": """{% extends "layout.html" %}{% from "field.html" import field %}
{% block title %}Anmelden{% endblock %}
{% block content %}<h1>Anmelden</h1>
<form method="post" novalidate>{{ form.hidden_tag() }}{{ field(form.email) }}{{ field(form.password) }}
<button type="submit">Anmelden</button></form>{% endblock %}
""",
    "password.html": """{% extends "layout.html" %}{% from "field.html" import field %}
{% block title %}Passwort ändern{% endblock %}
{% block content %}
<h1>Passwort ändern</h1>
<form method="post" class="narrow" novalidate>
  {{ form.hidden_tag() }}
  <input type="hidden" name="username" value="{{ current_user.email }}" autocomplete="username">
  {{ field(form.current_password, autocomplete="current-password") }}
  {{ field(form.password, autocomplete="new-password") }}
  {{ field(form.confirm, autocomplete="new-password") }}
  <button type="submit">Passwort ändern</button>
  <a href="{{ url_for('password') }}">Abbrechen</a>
</form>

<h2>Anmeldungen auf anderen Geräten</h2>
<p class="hint">Haben Sie sich an einem fremden oder gemeinsam genutzten Rechner angemeldet? Hier beenden Sie jede andere
  Anmeldung mit Ihrem Zugang; diese bleibt bestehen. Ein neues Passwort und das Abmelden beenden sie ebenfalls.</p>
<form method="post" action="{{ url_for('password') }}">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  <button type="submit">Alle anderen Anmeldungen beenden</button>
</form>
{% endblock %}
""",
}

SECURITY_HEADERS = {  # as akn_intranet/security.py sets them
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def create_floor_app(database_url: str, secret_key: str) -> Flask:
    app = Flask(__name__, static_folder=os.path.join(os.path.dirname(__file__), "..", "akn_intranet", "static"))
    app.config.update(SECRET_KEY=secret_key, SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_TIME_LIMIT=None,  # as the intranet
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.jinja_loader = DictLoader(TEMPLATES)
    db.init_app(app)
    login_manager.init_app(app)
    CSRFProtect(app)

    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.route("/anmelden", methods=["GET", "POST"])
    def login():  # noqa: ANN202  (a view)
        form = LoginForm()
        if form.validate_on_submit():
            user = db.session.scalars(select(User).where(func.lower(User.email) == form.email.data.strip().lower())).first()
            try:
                ok = user is not None and PasswordHasher().verify(user.password_hash or "", form.password.data)
            except (VerificationError, InvalidHashError):
                ok = False
            if ok and user.is_active:
                session.clear()
                login_user(user)
                return redirect(url_for("password"))
        return render_template("login.html", form=form, navigation=NAVIGATION)

    @app.route("/passwort", methods=["GET", "POST"])
    @login_required
    def password():  # noqa: ANN202  (a view)
        form = PasswordForm()
        form.validate_on_submit()  # a page to measure, not to change anything: a post only re-renders
        return render_template("password.html", form=form, navigation=NAVIGATION)

    return app


app = create_floor_app(os.environ.get("DATABASE_URL", "sqlite://"), os.environ.get("SECRET_KEY", "floor"))
