"""Anlagen: a page per forum or project to upload and remove them; downloads for logged-in people and
for the holder of a valid approval link (the files of its version). Thin: check, call, commit."""

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ..approvals.operations import check_link
from ..downloads import private_download
from ..extensions import csrf, db
from ..forms import PageForm
from ..lifecycle.models import Activity
from ..lifecycle.pages import load_activity
from ..links import LinkProblem, problem_page
from ..transactions import commit, commit_or_rerender
from . import operations, storage
from .content import ALLOWED_SUMMARY, UploadRefused, check_upload
from .forms import UploadForm
from .models import Attachment, current

bp = Blueprint("attachments", __name__)

FORUM, PROJECT = {"kind": "forum"}, {"kind": "project"}
FORM_OVERHEAD = 64 * 1024  # the request around the file: part headers, the token, the target
NOT_FOUND = "Diese Anlage gibt es nicht."


def page_context(activity: Activity) -> dict:
    """What the forum or project page shows of its attachments."""
    return {"attachments": current(activity), "may_change_attachments": operations.may_change(activity, current_user)}


def _limit_bytes() -> int:
    return current_app.config["AKN_ATTACHMENT_MAX_MB"] * 1024 * 1024


def _context(activity: Activity, form: UploadForm) -> dict:
    return {
        "activity": activity, "form": form, "attachments": current(activity),
        "may_change": operations.may_change(activity, current_user),
        "limit_mb": current_app.config["AKN_ATTACHMENT_MAX_MB"], "allowed": ALLOWED_SUMMARY,
    }


def _accept_upload_request() -> None:
    """Raise this request's size limit to an attachment's, then check its token (400) before anything
    is looked up; a body over the limit is refused unread (413)."""
    request.max_content_length = _limit_bytes() + FORM_OVERHEAD
    try:
        csrf.protect()
    except RequestEntityTooLarge:
        limit = current_app.config["AKN_ATTACHMENT_MAX_MB"]
        abort(413, f"Die Datei ist zu groß: erlaubt sind höchstens {limit} MB je Anlage. Es wurde nichts gespeichert.")


def _store(activity: Activity, form: UploadForm) -> str:
    """Check the file, write it, attach it; a refusal re-renders the page with the reason (422)."""
    upload = form.file.data
    data = upload.read() if upload else b""
    try:
        name, file_type = check_upload(upload.filename if upload else "", data, _limit_bytes())
    except UploadRefused as refused:
        form.file.errors = [refused.message]
        abort(make_response(render_template("attachments/manage.html", **_context(activity, form)), 422))
    sha256, new_file = storage.store(data)
    try:
        commit_or_rerender(
            lambda: operations.add(
                activity, current_user, target=form.target.data, filename=name, file_type=file_type, size=len(data),
                sha256=sha256,
            ),
            "attachments/manage.html", **_context(activity, form),
        )
    except BaseException:
        if new_file:  # nothing names it: no file stays behind
            storage.discard(sha256)
        raise
    return name


@bp.route("/foren/<int:activity_id>/anlagen", methods=["GET", "POST"], defaults=FORUM)
@bp.route("/projekte/<int:activity_id>/anlagen", methods=["GET", "POST"], defaults=PROJECT)
@csrf.exempt  # checked in _accept_upload_request, once the request may be as large as an attachment
@login_required
def manage(kind: str, activity_id: int):
    if request.method == "POST":
        _accept_upload_request()
    activity = load_activity(kind, activity_id)
    form = UploadForm()
    form.target.choices = operations.targets(activity)
    if request.method == "GET":
        return render_template("attachments/manage.html", **_context(activity, form))
    operations.check_change(activity, current_user, form.target.data)  # 403/409 before the file is looked at
    if not form.validate():
        return render_template("attachments/manage.html", **_context(activity, form)), 422
    name = _store(activity, form)
    flash(f"„{name}“ ist angehängt.", "success")
    return redirect(url_for("attachments.manage", kind=kind, activity_id=activity.id))


def _attachment(attachment_id: int) -> Attachment:
    return db.get_or_404(Attachment, attachment_id, description=NOT_FOUND)


@bp.route("/anlagen/<int:attachment_id>/entfernen", methods=["GET", "POST"])
@login_required
def remove(attachment_id: int):
    """GET asks; the confirming POST removes it from the draft (and its file, unless a version holds it)."""
    attachment = _attachment(attachment_id)
    activity = attachment.activity
    operations.check_change(activity, current_user, operations.place_of(attachment))
    form = PageForm()
    if form.validate_on_submit():
        name, sha256 = attachment.filename, operations.remove(attachment, current_user)
        commit()
        storage.remove_unreferenced([sha256])
        flash(f"„{name}“ ist entfernt.", "success")
        return redirect(url_for("attachments.manage", kind=activity.kind, activity_id=activity.id))
    return render_template("attachments/remove.html", attachment=attachment, activity=activity, form=form)


def _send(attachment: Attachment):
    path = storage.path_of(attachment.sha256)
    if not path.is_file():
        current_app.logger.error("Anlage %s: Datei %s fehlt", attachment.id, attachment.sha256)
        abort(404, "Die Datei dieser Anlage fehlt auf dem Server. Bitte wenden Sie sich an die Koordination.")
    return private_download(path, mimetype=attachment.content_type, name=attachment.filename, etag=attachment.sha256)


@bp.get("/anlagen/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    return _send(_attachment(attachment_id))


@bp.get("/genehmigung/<token>/anlagen/<int:attachment_id>")
def download_by_link(token: str, attachment_id: int):
    """For the approver who has only the link: the files of the version it is about, while it is valid."""
    try:
        version = check_link(token).version
    except LinkProblem as problem:
        return problem_page(problem)
    attachment = next((a for a in version.attachments if a.id == attachment_id), None)
    if attachment is None:
        abort(404, NOT_FOUND)
    return _send(attachment)
