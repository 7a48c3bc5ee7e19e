"""The search page (Suche): every logged-in person, a page of hits at a time. Thin: read, search, show."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..members.forms import member_pairs
from ..urls import bounded_int
from . import queries
from .forms import SearchForm

bp = Blueprint("search", __name__)
PAGE_SIZE = 20


@bp.get("/suche")
@login_required
def index():
    form = SearchForm(request.args, members=member_pairs())
    if not form.validate():
        return render_template("search/index.html", form=form, hits=[], pages={}), 422
    page = max(request.args.get("seite", 1, type=bounded_int), 1)
    hits = queries.search(
        current_user, form.q.data or "", year=form.jahr.data, member_id=form.mitglied.data or None,
        kind=form.art.data or None, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE,
    )
    return render_template(
        "search/index.html",
        form=form,
        hits=hits[:PAGE_SIZE],
        pages={"newer": page - 1 if page > 1 else None, "older": page + 1 if len(hits) > PAGE_SIZE else None},
    )
