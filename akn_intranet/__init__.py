"""AKN Intranet: the intranet of the Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss."""

import os
import sys
from pathlib import Path

from flask import Flask
from jinja2 import StrictUndefined
from werkzeug.middleware.proxy_fix import ProxyFix

from . import errors, log_redaction, security
from .config import from_environment
from .database import configure_sqlite
from .extensions import csrf, db, login_manager, migrate
from .extensions import mail as mail_extension  # "mail" is also the name of the outbox package
from .formatting import register_filters
from .forms import field_errors
from .lifecycle import pages
from .search.models import include_object
from .urls import BoundedIntConverter

PACKAGE = Path(__file__).resolve().parent
# Installed from the wheel, templates/ and migrations/ lie inside the package; in the source checkout
# (editable install, make run, make test) they lie at the top of the repository.
INSTALLED = (PACKAGE / "templates").is_dir()
ROOT = PACKAGE if INSTALLED else PACKAGE.parent
TEMPLATES = ROOT / "templates"
MIGRATIONS = ROOT / "migrations"


def default_instance_path() -> Path:
    """``./instance`` in the source checkout; installed, Flask's place for it, outside site-packages."""
    if INSTALLED:
        return Path(sys.prefix) / "var" / "akn_intranet-instance"
    return PACKAGE.parent / "instance"


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("AKN_INSTANCE_PATH") or str(default_instance_path()),
        template_folder=str(TEMPLATES),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    if app.config.get("AKN_STRICT_TEMPLATES"):  # tests: a misspelt name fails instead of rendering nothing
        app.jinja_env.undefined = StrictUndefined
    app.url_map.converters["int"] = BoundedIntConverter
    if app.config["AKN_PROXY_HOPS"]:
        hops = app.config["AKN_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    db.init_app(app)
    # include_object: the search index's native full-text structures are no model (search/models.py)
    migrate.init_app(
        app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True, include_object=include_object
    )
    login_manager.init_app(app)
    mail_extension.init_app(app)
    csrf.init_app(app)
    configure_sqlite(app)
    register_filters(app)
    app.add_template_global(field_errors)  # the error summary on top of a form's page (macros.html)
    errors.register(app)
    security.register(app)
    pages.register(app)
    log_redaction.install("werkzeug", "gunicorn.access", "gunicorn.error", app.logger.name)

    from . import models  # noqa: F401  every table known before create_all and the CLI
    from .action_items.views import bp as action_items_bp
    from .approvals.views import bp as approvals_bp
    from .attachments.views import bp as attachments_bp
    from .attendance.views import bp as attendance_bp
    from .auth.views import bp as auth_bp
    from .calendar.views import bp as calendar_bp
    from .cli import akn
    from .dashboard.views import bp as dashboard_bp
    from .decisions.views import bp as decisions_bp
    from .forums.views import bp as forums_bp
    from .health import bp as health_bp
    from .lifecycle.views import bp as lifecycle_bp
    from .mail.sending import BackgroundSender
    from .mail.views import bp as mail_bp
    from .members.views import bp as members_bp
    from .minutes.views import bp as minutes_bp
    from .notices.views import bp as notices_bp
    from .oparl.views import account_bp as oparl_account_bp
    from .oparl.views import bp as oparl_bp
    from .privacy.views import bp as privacy_bp
    from .projects.views import bp as projects_bp
    from .publications.views import bp as publications_bp
    from .reminders.views import bp as reminders_bp
    from .rules.views import bp as rules_bp
    from .search.views import bp as search_bp
    from .security_log.views import bp as security_log_bp

    blueprints = (
        auth_bp, dashboard_bp, forums_bp, projects_bp, minutes_bp, approvals_bp, action_items_bp,
        members_bp, rules_bp, reminders_bp, mail_bp, lifecycle_bp, health_bp, calendar_bp,
        attendance_bp, attachments_bp, security_log_bp, notices_bp, privacy_bp, search_bp, publications_bp,
        decisions_bp, oparl_bp, oparl_account_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.cli.add_command(akn)
    app.extensions["akn_mail_sender"] = BackgroundSender(app)
    return app
