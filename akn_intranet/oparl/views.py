"""``/oparl/v1/``: the OParl 1.1 read interface, as ``AKN_OPARL`` allows (off: 404; token; public).

Every answer is JSON, errors too (OParl's Error object with a German ``message``); the files are served
under the same rule as the objects that describe them. ``/konto/oparl`` records a person's consent.
"""

from flask import Blueprint, Response, flash, jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from ..downloads import private_download
from ..minutes import pdf
from ..minutes.models import MinutesVersion
from ..transactions import commit
from ..urls import bounded_int
from . import access, files, lists, objects
from .forms import ConsentForm
from .objects import SCHEMA, Catalogue, url
from .operations import set_consent

bp = Blueprint("oparl", __name__, url_prefix="/oparl")
account_bp = Blueprint("oparl_account", __name__)

LISTS = ("organizations", "people", "meetings", "papers", "agenda-items", "files", "locations")
ITEMS = {
    "meeting": "meetings", "agenda-item": "agenda-items", "paper": "papers", "person": "people",
    "membership": "memberships", "location": "locations",
}
NOT_FOUND = "Dieses Objekt gibt es in der OParl-Schnittstelle nicht."


def error(status: int, message: str, debug: str = "", headers: dict | None = None) -> Response:
    response = jsonify(type=SCHEMA + "Error", message=message, debug=debug)
    response.status_code = status
    response.headers.update(headers or {})
    return response


@bp.before_request
def admit() -> Response | None:
    """Off: as if there were no interface. Token: the configured token or 401."""
    mode = access.mode()
    if mode == access.OFF:
        return error(404, "Die OParl-Schnittstelle ist nicht eingeschaltet.", "AKN_OPARL is off")
    if mode == access.TOKEN and not access.token_accepted():
        return error(
            401, "Für die OParl-Schnittstelle ist ein gültiger Zugangsschlüssel (Token) nötig.",
            "send Authorization: Bearer <token>", {"WWW-Authenticate": 'Bearer realm="OParl"'},
        )
    return None


@bp.after_request
def mark(response: Response) -> Response:
    """Public data may be read by any web page (OParl recommends CORS); token-bound data is kept by no cache."""
    if access.mode() == access.PUBLIC:
        response.headers["Access-Control-Allow-Origin"] = "*"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.errorhandler(lists.BadRequest)
def bad_request(problem: lists.BadRequest) -> Response:
    return error(problem.status, problem.message, problem.debug)


def _found(entry: object) -> Response:
    if entry is None:
        return error(404, NOT_FOUND, "no such object")
    return jsonify(entry.build())


@bp.get("/v1/system")
def system() -> Response:
    return jsonify(objects.system())


@bp.get("/v1/bodies")
def bodies() -> Response:
    return jsonify(lists.page(Catalogue().bodies(), request.args, "bodies"))


@bp.get("/v1/body/akn")
def body() -> Response:
    return jsonify(objects.body())


def _choices(names: object) -> str:
    """Names for Werkzeug's ``any`` converter, quoted (a hyphen would not parse otherwise)."""
    return ", ".join(f"'{name}'" for name in names)


@bp.get(f"/v1/body/akn/<any({_choices(LISTS)}):name>")
def body_list(name: str) -> Response:
    return jsonify(lists.page(Catalogue().entries(name), request.args, "body_list", name=name))


@bp.get(f"/v1/<any({_choices(ITEMS)}):kind>/<item_id>")
def item(kind: str, item_id: str) -> Response:
    """The id as text: one beyond any stored key is simply no object (an ``int`` route would fall through)."""
    try:
        number = bounded_int(item_id)
    except ValueError:
        return error(404, NOT_FOUND, f"no such id: {item_id}")
    return _found(Catalogue().find(ITEMS[kind], url("item", kind=kind, item_id=number)))


@bp.get("/v1/organization/<key>")
def organization(key: str) -> Response:
    return _found(Catalogue().find("organizations", url("organization", key=key)))


@bp.get("/v1/file/<key>", endpoint="file")
def file_object(key: str) -> Response:
    return _found(Catalogue().find("files", url("file", key=key)))


@bp.get("/v1/file/<key>/<any(datei,download):how>")
def file_content(key: str, how: str) -> Response:
    """``datei`` (accessUrl) shows the file in the browser, ``download`` saves it (OParl's two file URLs)."""
    source = Catalogue().file_source(url("file", key=key))
    if source is None:
        return error(404, NOT_FOUND, "no such file")
    _, thing = source
    as_attachment = how == "download"
    if isinstance(thing, MinutesVersion):
        try:
            content = pdf.render(thing)
        except pdf.PdfUnavailable as unavailable:
            return error(503, unavailable.message, "PDF rendering unavailable")
        return private_download(content, mimetype="application/pdf", name=pdf.filename(thing), as_attachment=as_attachment)
    path = files.attachment_path(thing)
    if path is None:
        return error(404, "Die Datei dieser Anlage fehlt auf dem Server.", "file missing on disk")
    return private_download(path, mimetype=thing.content_type, name=thing.filename, etag=thing.sha256,
                            as_attachment=as_attachment)


@bp.get("/")
@bp.get("/<path:rest>")
def unknown(rest: str = "") -> Response:
    return error(404, NOT_FOUND, f"no route /oparl/{rest}")


@account_bp.post("/konto/oparl")
@login_required
def consent() -> Response:
    """The checkbox on the Konto page: whether one's name appears in the OParl interface."""
    form = ConsentForm()
    if form.validate_on_submit():
        changed = set_consent(current_user._get_current_object(), form.publish.data)
        commit()
        if changed:
            flash(
                "Ihr Name erscheint jetzt in der OParl-Schnittstelle." if form.publish.data
                else "Ihr Name erscheint nicht mehr in der OParl-Schnittstelle.", "success",
            )
    return redirect(url_for("auth.account"))
