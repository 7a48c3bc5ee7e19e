"""The legal pages: readable by anyone, without logging in; the coordinator changes their texts."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.access import coordinator_required
from ..clock import utcnow
from ..transactions import commit
from . import texts
from .forms import NoticeForm

bp = Blueprint("notices", __name__)
SLUGS = "any(datenschutz, impressum, barrierefreiheit)"


@bp.get(f"/<{SLUGS}:slug>")
def show(slug: str):
    return render_template("notices/show.html", page=texts.PAGES[slug], text=texts.text_of(slug), notice=texts.stored(slug))


@bp.route(f"/<{SLUGS}:slug>/bearbeiten", methods=["GET", "POST"])
@coordinator_required
def edit(slug: str):
    form = NoticeForm()
    if request.method == "GET":
        form.text.data = texts.text_of(slug)
    if form.validate_on_submit():
        texts.change(current_user, slug, form.text.data or "", utcnow())
        commit()
        flash(f"Die Seite „{texts.PAGES[slug].title}“ ist geändert.", "success")
        return redirect(url_for("notices.show", slug=slug))
    return render_template("notices/edit.html", page=texts.PAGES[slug], form=form)
