"""Every refusal becomes a German page with the right status; nothing ends in a bare 500."""

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from workflows.lifecycle import WorkflowError

from .extensions import db

TITLES = {
    400: "Ungültige Anfrage",
    403: "Keine Berechtigung",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    409: "Konflikt",
    413: "Zu viele Daten",
    422: "Nicht möglich",
    500: "Interner Fehler",
}
DEFAULT_MESSAGES = {
    400: "Die Anfrage war ungültig.",
    403: "Sie haben keine Berechtigung für diese Seite oder Aktion.",
    404: "Diese Seite gibt es nicht.",
    405: "Diese Seite kann so nicht aufgerufen werden.",
    413: "Die gesendeten Daten sind zu groß.",
    500: "Es ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut; die Koordination wurde informiert.",
}
COLLISION_MESSAGE = (
    "Ihre Änderung kollidiert mit einer gleichzeitigen anderen (z. B. einer inzwischen vergebenen Nummer) "
    "und wurde nicht gespeichert. Bitte laden Sie die Seite neu und prüfen Sie Ihre Angaben."
)
STALE_MESSAGE = (
    "Jemand anderes hat dieses Forum gerade geändert; Ihre Aktion wurde nicht ausgeführt. "
    "Bitte laden Sie die Seite neu."
)


def _page(status: int, message: str):
    try:
        db.session.rollback()
        return render_template("error.html", status=status, title=TITLES.get(status, "Fehler"), message=message), status
    except (OperationalError, InterfaceError, PoolTimeout) as error:  # the layout asks the database for the user
        return _database_unavailable(error)


def _database_unavailable(error: Exception):  # noqa: ANN202
    """A page that needs no database (the layout asks it for the user): one log line, no traceback."""
    current_app.logger.error("Datenbank nicht erreichbar: %s", str(error).splitlines()[0][:300])
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError, PoolTimeout):
        db.session.invalidate()
    # Rendered without the context processors: Flask-Login's loads the user from the database.
    return current_app.jinja_env.get_template("unavailable.html").render(), 503, {"Retry-After": "60"}


def register(app: Flask) -> None:
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def database_unavailable(error: Exception):
        return _database_unavailable(error)

    @app.errorhandler(WorkflowError)
    def workflow_refused(error: WorkflowError):
        return _page(error.status, error.message)

    @app.errorhandler(StaleDataError)
    def stale(_error: StaleDataError):
        return _page(409, STALE_MESSAGE)

    @app.errorhandler(IntegrityError)
    def collided(_error: IntegrityError):  # e.g. two forums planned with the same number at the same moment
        return _page(409, COLLISION_MESSAGE)

    @app.errorhandler(CSRFError)
    def csrf_failed(_error: CSRFError):
        return _page(
            400,
            "Das Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. "
            "Bitte laden Sie die Seite neu und senden Sie es erneut.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        own = error.description if error.description != type(error).description else None
        return _page(error.code or 500, own or DEFAULT_MESSAGES.get(error.code, error.name))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unerwarteter Fehler", exc_info=error)
        return _page(500, DEFAULT_MESSAGES[500])
