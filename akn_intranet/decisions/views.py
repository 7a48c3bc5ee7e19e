"""The Beschlussregister page: every decision of every approved document, newest first, a page at a time."""

from flask import Blueprint, render_template, request
from flask_login import login_required

from ..paging import Page, page_of
from . import register
from .forms import RegisterFilterForm

bp = Blueprint("decisions", __name__, url_prefix="/beschluesse")
PAGE_SIZE = 50


@bp.get("/")
@login_required
def index():
    form = RegisterFilterForm(request.args)
    form.offer(register.years())
    context = {"form": form, "state_label": register.state_label}
    if not form.validate():
        return render_template("decisions/index.html", decisions=[], pages=Page(), **context), 422
    filters = register.Filters(
        year=form.year.data or None, member_id=form.member.data or None, kind=form.kind.data or "",
        text=(form.text.data or "").strip(),
    )
    found = page_of(lambda limit, offset: register.decisions(filters, limit=limit, offset=offset), PAGE_SIZE)
    return render_template("decisions/index.html", decisions=found.rows, pages=found, **context)
