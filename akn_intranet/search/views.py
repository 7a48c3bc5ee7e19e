"""The search page (Suche): every logged-in person, a page of hits at a time. Thin: read, search, show."""

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..members.forms import member_pairs
from ..paging import Page, page_of
from . import queries
from .forms import SearchForm

bp = Blueprint("search", __name__)
PAGE_SIZE = 20


@bp.get("/suche")
@login_required
def index():
    form = SearchForm(request.args, members=member_pairs())
    if not form.validate():
        return render_template("search/index.html", form=form, hits=[], pages=Page()), 422
    hits = page_of(lambda limit, offset: queries.search(
        current_user, form.q.data or "", year=form.jahr.data, member_id=form.mitglied.data or None,
        kind=form.art.data or None, limit=limit, offset=offset,
    ), PAGE_SIZE)
    return render_template("search/index.html", form=form, hits=hits.rows, pages=hits)
