"""Ergebnisse der Allianz: the public page, a page per result and the Atom feed (no login), and the
coordinator's pages to publish, change and withdraw a result (with a preview of the public text)."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload, with_polymorphic

from ..auth.access import coordinator_required
from ..clock import utcnow
from ..dashboard.loading import statement
from ..extensions import db
from ..forms import PageForm
from ..forums.models import Forum
from ..lifecycle.models import Activity, HistoryEntry
from ..lifecycle.pages import load_activity
from ..members.models import Member
from ..paging import page_of
from ..projects.models import Project
from ..transactions import commit, commit_or_rerender
from ..urls import activity_url
from . import operations
from .feed import atom_feed
from .forms import PublicationForm
from .models import WITHDRAWN, Publication

bp = Blueprint("publications", __name__)
PAGE_SIZE = 20
FEED_SIZE = 50
NOT_PUBLISHED = "Dieses Ergebnis ist nicht veröffentlicht."


bp.add_app_template_global(operations.publication_of)  # the coordinator's box on a forum's or project's page


def _published() -> Select:
    """Publications with what their entry shows, newest first: each collection by one query; hosts, leads
    and the attendees' members come from the identity map (``_all_members`` loads them first)."""
    activity = with_polymorphic(Activity, [Forum, Project], flat=True)
    return (
        select(Publication)
        .options(
            joinedload(Publication.activity.of_type(activity)).options(
                selectinload(activity.Forum.attendees),
                selectinload(activity.Project.participants),
                selectinload(activity.Project.fields_of_action),
                selectinload(activity.Project.goals),
            )
        )
        .order_by(Publication.published_at.desc(), Publication.id.desc())
    )


def _all_members() -> list[Member]:
    return list(db.session.scalars(select(Member)))


@bp.get("/ergebnisse/")
def index():
    members = sorted((m for m in _all_members() if m.active), key=lambda m: m.sort_key)
    query = statement("publications.published", _published)
    pages = page_of(lambda limit, offset: db.session.scalars(query.limit(limit).offset(offset)).unique().all(), PAGE_SIZE)
    return render_template(
        "publications/index.html",
        members=members,
        publications=pages.rows,
        pages=pages,
    )


@bp.get("/ergebnisse/<int:activity_id>")
def detail(activity_id: int):
    _all_members()
    query = statement("publications.published", _published).where(Publication.activity_id == activity_id)
    publication = db.session.scalars(query).unique().first()
    if publication is None:
        abort(404, NOT_PUBLISHED)
    return render_template("publications/detail.html", publication=publication)


@bp.get("/ergebnisse/feed.atom")
def feed():
    _all_members()
    publications = db.session.scalars(statement("publications.published", _published).limit(FEED_SIZE)).unique().all()
    withdrawn = db.session.scalar(select(func.max(HistoryEntry.created_at)).where(HistoryEntry.trigger == WITHDRAWN))
    moments = [p.updated_at for p in publications] + ([withdrawn] if withdrawn else [])
    response = Response(atom_feed(publications, max(moments, default=utcnow())), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "no-cache"  # readers ask every time: a withdrawn result is gone at once
    return response


@bp.route("/foren/<int:activity_id>/veroeffentlichen", methods=["GET", "POST"], defaults={"kind": "forum"})
@bp.route("/projekte/<int:activity_id>/veroeffentlichen", methods=["GET", "POST"], defaults={"kind": "project"})
@coordinator_required
def edit(kind: str, activity_id: int):
    """GET proposes a text; "Vorschau" shows it as the public page will; "Veröffentlichen" publishes
    exactly the text last previewed (changed since, it is previewed again)."""
    activity = load_activity(kind, activity_id)
    operations.check_publishable(activity)
    publication = operations.publication_of(activity)
    form = PublicationForm()
    if request.method == "GET":
        form.title.data = publication.title if publication else activity.title
        form.summary.data = publication.summary if publication else operations.proposed_summary(activity)
    context = {"form": form, "activity": activity, "publication": publication, "preview": None}
    if form.validate_on_submit():
        title, summary = form.title.data.strip(), form.summary.data.strip()
        shown = operations.fingerprint(title, summary)
        if request.form.get("action") == "publish" and form.seen.data == shown:
            commit_or_rerender(
                lambda: operations.publish(activity, current_user, title, summary, utcnow()), "publications/edit.html",
                **context,
            )
            flash(f"„{title}“ steht jetzt öffentlich unter „Ergebnisse der Allianz“ und im Feed.", "success")
            return redirect(activity_url(activity))
        form.seen.data = shown
        now = utcnow()
        context["preview"] = Publication(  # never added to the session: nothing is stored by a preview
            activity=activity, title=title, summary=summary + "\n",
            published_at=publication.published_at if publication else now, updated_at=now,
        )
    return render_template("publications/edit.html", **context)


@bp.route("/foren/<int:activity_id>/veroeffentlichung-zuruecknehmen", methods=["GET", "POST"], defaults={"kind": "forum"})
@bp.route(
    "/projekte/<int:activity_id>/veroeffentlichung-zuruecknehmen", methods=["GET", "POST"], defaults={"kind": "project"}
)
@coordinator_required
def withdraw(kind: str, activity_id: int):
    activity = load_activity(kind, activity_id)
    publication = operations.publication_of(activity)
    if publication is None:
        abort(409, f"„{activity.title}“ ist nicht veröffentlicht.")
    form, title = PageForm(), publication.title
    if form.validate_on_submit():
        operations.withdraw(activity, current_user, utcnow())
        commit()
        flash(f"„{title}“ ist nicht mehr öffentlich: von der Seite und aus dem Feed genommen.", "success")
        return redirect(activity_url(activity))
    return render_template("publications/withdraw.html", form=form, activity=activity, publication=publication)
