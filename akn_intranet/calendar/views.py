"""The calendar subscription: the person's page to make or renew the address, and the feed itself."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from ..forms import PageForm
from ..links import LinkProblem
from ..transactions import commit
from . import feed

bp = Blueprint("calendar", __name__, url_prefix="/kalender")

NEW_URL = "akn_new_calendar_url"  # in the session from the POST that made it to the one GET that shows it


@bp.route("/", methods=["GET", "POST"])
@login_required
def subscription():
    """GET shows whether an address exists; the confirming POST makes a new one, which the next GET shows
    once (Post/Redirect/Get: reloading the page that shows it makes no other)."""
    form = PageForm()
    if form.validate_on_submit():
        raw = feed.renew(current_user)
        commit()
        session[NEW_URL] = feed.feed_url(raw)
        flash("Ihre neue Kalenderadresse ist erzeugt; eine frühere funktioniert nicht mehr.", "success")
        return redirect(url_for("calendar.subscription"), 303)
    return render_template(
        "calendar/subscription.html", form=form, new_url=session.pop(NEW_URL, None), feed=feed.current_feed(current_user)
    )


@bp.get("/<token>.ics")
def feed_file(token: str):
    """Fetched by calendar programs without a session: the token is the key, an old one opens nothing."""
    try:
        text = feed.calendar_of(token)
    except LinkProblem:
        abort(404, "Diese Kalenderadresse gibt es nicht (mehr). Erzeugen Sie im Intranet unter „Kalender“ eine neue.")
    response = Response(text, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
