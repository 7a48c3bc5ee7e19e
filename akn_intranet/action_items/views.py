"""Action item pages: the follow-up list and marking an item done. Thin: read, call, commit."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.models import User
from ..dashboard.widgets import QUICK_SELECT
from ..forms import options
from ..members.forms import member_pairs
from ..paging import page_of
from ..transactions import commit
from . import operations
from .forms import DoneForm, MemberFilterForm

bp = Blueprint("action_items", __name__, url_prefix="/aufgaben")
ALL = 0
DONE_PAGE_SIZE = 50  # ten years pile up thousands of done items: the latest first, older ones page by page


def _default_member(user: User) -> int:
    """A contact sees their own member's tasks first; the coordinator chases everyone's."""
    return ALL if user.is_coordinator or user.member_id is None else user.member_id


@bp.get("/")
@login_required
def index():
    form = MemberFilterForm(request.args)
    form.member.choices = options([(ALL, "alle Mitglieder"), *member_pairs()])
    form.member.widget = QUICK_SELECT
    if "member" not in request.args:
        form.member.data = _default_member(current_user)
    member_id = form.member.data or None
    done = page_of(lambda limit, offset: operations.done_items(member_id, limit=limit, offset=offset), DONE_PAGE_SIZE)
    return render_template(
        "action_items/index.html",
        form=form,
        open_groups=operations.by_member(operations.open_items(member_id)),
        done=done.rows,
        pages=done,
        may_mark_done=operations.may_mark_done,
    )


@bp.route("/<int:item_id>/erledigt", methods=["GET", "POST"])
@login_required
def done(item_id: int):
    item = operations.load_decided(item_id)
    if item is None:
        abort(404, "Diese Aufgabe gibt es nicht, oder ihr Protokoll ist noch nicht genehmigt.")
    operations.check_may_mark_done(current_user, item)
    form = DoneForm()
    if form.validate_on_submit():
        operations.mark_done(item, current_user, form.note.data)
        commit()
        flash(f"Die Aufgabe „{item.description}“ ist als erledigt vermerkt.", "success")
        return redirect(url_for("action_items.index", member=item.member_id))
    return render_template("action_items/done.html", form=form, item=item)
