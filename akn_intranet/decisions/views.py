"""The Beschlussregister page: every decision of every approved document, newest first, a page at a time."""

from flask import Blueprint, render_template, request
from flask_login import login_required

from ..urls import bounded_int
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
        return render_template("decisions/index.html", decisions=[], pages={}, **context), 422
    filters = register.Filters(
        year=form.year.data or None, member_id=form.member.data or None, kind=form.kind.data or "",
        text=(form.text.data or "").strip(),
    )
    page = max(request.args.get("seite", 1, type=bounded_int), 1)
    found = register.decisions(filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return render_template(
        "decisions/index.html",
        decisions=found[:PAGE_SIZE],
        pages={"newer": page - 1 if page > 1 else None, "older": page + 1 if len(found) > PAGE_SIZE else None},
        **context,
    )
