"""Forum pages. Thin: read the form, call an operation, commit, redirect."""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflows.lifecycle import TRIGGER_LABELS, Vetoed, available_triggers, check

from ..auth.access import coordinator_required
from ..auth.models import User
from ..clock import local_to_utc, to_local
from ..database import commit
from ..extensions import db
from ..lifecycle.operations import history_of
from ..members.models import Member
from . import operations
from .forms import CommentForm, ForumForm, HoldForm, MinutesForm
from .models import ActionItem, Forum, MinutesVersion
from .rotation import hosting_order, next_host

bp = Blueprint("forums", __name__, url_prefix="/foren")
T = TypeVar("T")

# Triggers with a page of their own; the others use the confirmation page.
ACTION_ENDPOINTS = {"reschedule": "forums.edit", "hold": "forums.hold", "submit_minutes": "forums.minutes"}
# trigger: (title, what happens, whether a reason is required)
CONFIRMATIONS = {
    "cancel": (
        "Forum absagen",
        "Alle Ansprechpersonen erhalten eine Absage. Das lässt sich nicht rückgängig machen.",
        True,
    ),
    "request_changes": (
        "Änderungen anfordern",
        "Das Protokoll geht mit Ihrem Kommentar an den Gastgeber zurück.",
        True,
    ),
    "approve": (
        "Genehmigung erfassen",
        "Erfassen Sie eine Genehmigung, die anderweitig beschlossen wurde (z. B. in der nächsten Sitzung). "
        "Die Begründung ist Pflicht.",
        True,
    ),
    "distribute": (
        "Protokoll verteilen",
        "Das genehmigte Protokoll geht an alle Ansprechpersonen und die Beratung. "
        "Das lässt sich nicht rückgängig machen.",
        False,
    ),
}
EXTRA_ACTION_ITEM_ROWS = 3


def _forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404, "Dieses Forum gibt es nicht.")
    return forum


def _actions(forum: Forum) -> list[tuple[str, str]]:
    triggers = available_triggers(forum.state, operations.roles_of(current_user, forum))
    return [
        (TRIGGER_LABELS[t], url_for(ACTION_ENDPOINTS.get(t, "forums.transition"), forum_id=forum.id, trigger=t))
        for t in triggers
    ]


def _check(forum: Forum, trigger: str) -> None:
    """Pages of a transition open only when it could be fired now (403/409 otherwise)."""
    check(forum.state, trigger, operations.roles_of(current_user, forum))


def _member_choices() -> list[tuple[int, str]]:
    members = db.session.scalars(select(Member).filter_by(active=True))
    return [(m.id, m.name) for m in sorted(members, key=lambda m: m.sort_key)]


def _forum_form(forum: Forum | None = None) -> ForumForm:
    if forum is None or request.method == "POST":
        form = ForumForm()
    else:
        local = to_local(forum.starts_at)
        form = ForumForm(
            number=forum.number, title=forum.title, day=local.date(), time=local.time(),
            place=forum.place, host_id=forum.host_member_id,
            agenda="\n".join(i.title for i in forum.agenda_items),
        )
    form.host_id.choices = [(m.id, m.name) for m in hosting_order()]
    if forum is not None and forum.host_member_id not in dict(form.host_id.choices):
        form.host_id.choices.append((forum.host.id, forum.host.name))
    return form


def _details(form: ForumForm) -> operations.ForumDetails:
    return operations.ForumDetails(
        number=form.number.data,
        title=form.title.data.strip(),
        starts_at=local_to_utc(form.day.data, form.time.data),
        place=form.place.data.strip(),
        host=db.session.get(Member, form.host_id.data),
        agenda=form.agenda_lines,
    )


def _number_taken(form: ForumForm, forum: Forum | None) -> bool:
    other = db.session.scalars(select(Forum).filter_by(number=form.number.data)).first()
    if other is not None and other is not forum:
        form.number.errors.append(f"Die Nummer {form.number.data} ist bereits vergeben.")
        return True
    return False


def _commit(change: Callable[[], T], template: str, **context: object) -> T:
    """Run an operation and commit; a veto (422) or a stale form (409) keeps nothing and
    re-renders the page with the reason and the user's input."""
    try:
        result = change()
    except (Vetoed, operations.StaleForm) as refused:
        db.session.rollback()
        flash(refused.message, "error")
        abort(make_response(render_template(template, **context), refused.status))
    commit()
    return result


@bp.route("/neu", methods=["GET", "POST"])
@coordinator_required
def new():
    form = _forum_form()
    if request.method == "GET":
        host = next_host()
        number = operations.next_number()
        form.number.data, form.title.data = number, f"{number}. Kooperationsforum"
        form.host_id.data = host.id if host else None
        form.agenda.data = "Begrüßung und Genehmigung der Tagesordnung\nBerichte aus den Mitgliedern\nVerschiedenes"
    elif form.validate() and not _number_taken(form, None):
        forum = _commit(lambda: operations.plan_forum(current_user, _details(form)), "forums/form.html", form=form, forum=None)
        flash("Das Forum ist geplant; die Einladungen gehen an alle Ansprechpersonen.", "success")
        return redirect(url_for("forums.detail", forum_id=forum.id))
    return render_template("forums/form.html", form=form, forum=None)


@bp.get("/<int:forum_id>")
@login_required
def detail(forum_id: int):
    forum = db.session.scalars(
        select(Forum)
        .filter_by(id=forum_id)
        .options(
            selectinload(Forum.agenda_items),
            selectinload(Forum.attendees).selectinload(User.member),
            selectinload(Forum.action_items).selectinload(ActionItem.member),
            selectinload(Forum.versions).selectinload(MinutesVersion.approvals),
        )
    ).first()
    if forum is None:
        abort(404, "Dieses Forum gibt es nicht.")
    return render_template(
        "forums/detail.html", forum=forum, actions=_actions(forum), history=history_of(forum, "forum")
    )


@bp.route("/<int:forum_id>/bearbeiten", methods=["GET", "POST"])
@coordinator_required
def edit(forum_id: int):
    forum = _forum(forum_id)
    _check(forum, "reschedule")
    form = _forum_form(forum)
    if form.validate_on_submit() and not _number_taken(form, forum):
        rescheduled = _commit(
            lambda: operations.update_forum(forum, current_user, _details(form)), "forums/form.html", form=form, forum=forum
        )
        flash(
            "Gespeichert; alle Ansprechpersonen wurden über den neuen Termin informiert."
            if rescheduled
            else "Gespeichert (Termin und Ort unverändert, daher keine Benachrichtigung).",
            "success",
        )
        return redirect(url_for("forums.detail", forum_id=forum.id))
    return render_template("forums/form.html", form=form, forum=forum)


@bp.route("/<int:forum_id>/durchgefuehrt", methods=["GET", "POST"])
@login_required
def hold(forum_id: int):
    forum = _forum(forum_id)
    _check(forum, "hold")
    people = db.session.scalars(select(User).filter_by(active=True).order_by(User.name)).all()
    people = [u for u in people if u.is_active]
    form = HoldForm(attendee_ids=[u.id for u in forum.attendees])
    form.attendee_ids.choices = [(u.id, u.display_name) for u in people]
    if form.validate_on_submit():
        chosen = [u for u in people if u.id in set(form.attendee_ids.data)]
        _commit(
            lambda: operations.hold(forum, current_user, attendees=chosen, other_attendees=form.other_attendees.data or ""),
            "forums/hold.html", form=form, forum=forum,
        )
        flash("Das Forum ist als durchgeführt markiert. Der Gastgeber kann jetzt das Protokoll schreiben.", "success")
        return redirect(url_for("forums.minutes", forum_id=forum.id))
    return render_template("forums/hold.html", form=form, forum=forum)


def _minutes_form(forum: Forum) -> MinutesForm:
    if request.method == "POST":
        form = MinutesForm()
    else:
        form = MinutesForm(
            revision=forum.revision,
            items=[{"notes": i.notes, "decisions": i.decisions} for i in forum.agenda_items],
            action_items=[
                {"task": a.description, "member_id": a.member_id, "due_date": a.due_date}
                for a in forum.action_items
            ],
        )
        for _ in range(EXTRA_ACTION_ITEM_ROWS):
            form.action_items.append_entry()
    choices = [(0, "– bitte wählen –"), *_member_choices()]
    for entry in form.action_items:
        entry.member_id.choices = choices
    return form


def _minutes_input(form: MinutesForm) -> dict:
    return {
        "revision": int(form.revision.data or 0),
        "items": [operations.ItemMinutes(e.notes.data or "", e.decisions.data or "") for e in form.items],
        "action_items": [
            operations.ActionItemInput(e.task.data or "", e.member_id.data, e.due_date.data)
            for e in form.action_items
        ],
    }


def _missing_responsible(form: MinutesForm) -> bool:
    missing = False
    for entry in form.action_items:
        if (entry.task.data or "").strip() and not entry.member_id.data:
            entry.member_id.errors = ["Bitte wählen Sie, welches Mitglied verantwortlich ist."]
            missing = True
    return missing


@bp.route("/<int:forum_id>/protokoll", methods=["GET", "POST"])
@login_required
def minutes(forum_id: int):
    forum = _forum(forum_id)
    _check(forum, "submit_minutes")
    form = _minutes_form(forum)
    if form.validate_on_submit() and not _missing_responsible(form):
        submitting = request.form.get("action") == "submit"
        change = operations.submit_minutes if submitting else operations.save_draft
        version = _commit(
            lambda: change(forum, current_user, **_minutes_input(form)), "forums/minutes.html", form=form, forum=forum
        )
        if submitting:
            flash(f"Fassung {version.number} ist zur Genehmigung versandt.", "success")
            return redirect(url_for("forums.detail", forum_id=forum.id))
        flash("Entwurf gespeichert.", "success")
        return redirect(url_for("forums.minutes", forum_id=forum.id))
    return render_template("forums/minutes.html", form=form, forum=forum)


@bp.get("/<int:forum_id>/protokoll/fassung-<int:number>")
@login_required
def version(forum_id: int, number: int):
    forum = _forum(forum_id)
    found = next((v for v in forum.versions if v.number == number), None)
    if found is None:
        abort(404, "Diese Fassung des Protokolls gibt es nicht.")
    return render_template("forums/version.html", forum=forum, version=found)


@bp.route("/<int:forum_id>/aktion/<trigger>", methods=["GET", "POST"])
@login_required
def transition(forum_id: int, trigger: str):
    forum = _forum(forum_id)
    if trigger not in CONFIRMATIONS:
        abort(404, "Diese Aktion gibt es nicht.")
    _check(forum, trigger)
    title, explanation, needs_comment = CONFIRMATIONS[trigger]
    form = CommentForm()
    context = {"form": form, "forum": forum, "trigger": trigger, "title": title,
               "explanation": explanation, "needs_comment": needs_comment}
    if form.validate_on_submit():
        _commit(
            lambda: operations.transition(forum, current_user, trigger, form.comment.data or ""),
            "forums/transition.html",
            **context,
        )
        flash(f"{title}: erledigt.", "success")
        return redirect(url_for("forums.detail", forum_id=forum.id))
    return render_template("forums/transition.html", **context)
