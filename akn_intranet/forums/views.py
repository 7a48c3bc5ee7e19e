"""Forum pages. Thin: read the form, call an operation, commit, redirect."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..attachments.views import page_context as attachments_context
from ..attendance import operations as attendance
from ..auth.access import coordinator_required
from ..auth.models import User
from ..calendar.ics import duration_minutes
from ..clock import local_to_utc, to_local
from ..dashboard.loading import NOTHING_ELSE, fill_documents, statement
from ..extensions import db
from ..forms import options
from ..lifecycle.operations import history_of
from ..lifecycle.pages import load_activity, require_trigger
from ..members.models import Member
from ..transactions import commit_or_rerender
from . import operations
from . import schedule as year_schedule
from .forms import ForumForm, HoldForm, RecordForm, ScheduleForm
from .kind import FORUM_KIND
from .models import Forum, forum_attendance
from .rotation import hosting_order, next_host

bp = Blueprint("forums", __name__, url_prefix="/foren")


def _forum_form(forum: Forum | None = None, form_class: type[ForumForm] = ForumForm) -> ForumForm:
    if forum is None or request.method == "POST":
        form = form_class()
    else:
        local = to_local(forum.starts_at)
        form = ForumForm(
            number=forum.number, title=forum.title, day=local.date(), time=local.time(),
            place=forum.place, host_id=forum.host_member_id, duration_minutes=duration_minutes(forum),
            agenda="\n".join(s.title for s in forum.sections),
        )
    hosts = hosting_order()
    if forum is not None and forum.host not in hosts:
        hosts.append(forum.host)
    form.host_id.choices = options((m.id, m.name) for m in hosts)
    return form


def _details(form: ForumForm) -> operations.ForumDetails:
    return operations.ForumDetails(
        number=form.number.data,
        title=form.title.data.strip(),
        starts_at=local_to_utc(form.day.data, form.time.data),
        place=form.place.data.strip(),
        host=db.session.get(Member, form.host_id.data),
        agenda=form.agenda_lines,
        duration_minutes=form.duration_minutes.data,
    )


def _number_taken(form: ForumForm, forum: Forum | None) -> bool:
    other = db.session.scalars(select(Forum).filter_by(number=form.number.data)).first()
    if other is not None and other is not forum:
        form.number.errors.append(f"Die Nummer {form.number.data} ist bereits vergeben.")
        return True
    return False


def _propose_next(form: ForumForm) -> None:
    """A new forum starts as the next one: its number, the next host in turn, the usual agenda."""
    host = next_host()
    number = operations.next_number()
    form.number.data, form.title.data = number, f"{number}. Kooperationsforum"
    form.host_id.data = host.id if host else None
    form.agenda.data = "\n".join(year_schedule.default_agenda())


def _active_people() -> list[User]:
    return [u for u in db.session.scalars(select(User).filter_by(active=True).order_by(User.name)) if u.is_active]


def _attendance_choices(form: HoldForm, people: list[User]) -> None:
    form.attendee_ids.choices = options((u.id, u.display_name) for u in people)


def _chosen(form: HoldForm, people: list[User]) -> list[User]:
    return [u for u in people if u.id in set(form.attendee_ids.data)]


@bp.route("/neu", methods=["GET", "POST"])
@coordinator_required
def new():
    form = _forum_form()
    if request.method == "GET":
        _propose_next(form)
    elif form.validate() and not _number_taken(form, None):
        forum = commit_or_rerender(
            lambda: operations.plan_forum(current_user, _details(form)), "forums/form.html", form=form, forum=None
        )
        flash("Das Forum ist geplant; die Einladungen gehen an alle Ansprechpersonen.", "success")
        return redirect(url_for("forums.detail", forum_id=forum.id))
    return render_template("forums/form.html", form=form, forum=None)


@bp.route("/nacherfassen", methods=["GET", "POST"])
@coordinator_required
def record():
    """Nacherfassung: a forum that took place without the intranet enters at "held", with its attendance."""
    form = _forum_form(form_class=RecordForm)
    people = _active_people()
    _attendance_choices(form, people)
    if request.method == "GET":
        _propose_next(form)
    elif form.validate() and not _number_taken(form, None):
        forum = commit_or_rerender(
            lambda: operations.record_forum(
                current_user, _details(form), attendees=_chosen(form, people), other_attendees=form.other_attendees.data or ""
            ),
            "forums/record.html", form=form,
        )
        flash("Das Forum ist nacherfasst; alle Ansprechpersonen wurden informiert. Der Gastgeber kann jetzt das "
              "Protokoll schreiben.", "success")
        return redirect(url_for("forums.detail", forum_id=forum.id))
    return render_template("forums/record.html", form=form)


@bp.get("/")
@login_required
def index():
    """Every forum ever, newest first: the dashboard shows only the open and the latest finished ones."""
    forums = db.session.scalars(select(Forum).order_by(Forum.starts_at.desc()).options(joinedload(Forum.host))).all()
    return render_template("forums/index.html", forums=forums)


FORUM_ID = bindparam("forum_id")


def _forum_query() -> Select:
    """The forum with its host and its agenda (a handful of sections: one row each, one round trip less)."""
    return select(Forum).where(Forum.id == FORUM_ID).options(
        joinedload(Forum.host), joinedload(Forum.sections), joinedload(Forum.calendar_entry), NOTHING_ELSE
    )


def _attendees_query() -> Select:
    return (
        select(User)
        .join(forum_attendance, forum_attendance.c.user_id == User.id)
        .where(forum_attendance.c.forum_id == FORUM_ID)
        .order_by(User.name)
        .options(joinedload(User.member), NOTHING_ELSE)
    )


@bp.get("/<int:forum_id>")
@login_required
def detail(forum_id: int):
    """The forum with its agenda, attendance and document, each collection by one flat query (nested
    eager loaders cost more than the few rows they load)."""
    key = {"forum_id": forum_id}
    forum = db.session.scalars(statement("forums.detail", _forum_query), key).unique().first()
    if forum is None:
        abort(404, FORUM_KIND.not_found)
    set_committed_value(forum, "attendees", db.session.scalars(statement("forums.attendees", _attendees_query), key).all())
    fill_documents([forum])
    return render_template(
        "forums/detail.html", forum=forum, activity=forum, history=history_of(forum), replies=attendance.replies_of(forum),
        **attachments_context(forum),
    )


@bp.route("/<int:forum_id>/bearbeiten", methods=["GET", "POST"])
@coordinator_required
def edit(forum_id: int):
    forum = load_activity("forum", forum_id)
    require_trigger(forum, "reschedule")
    form = _forum_form(forum)
    if form.validate_on_submit() and not _number_taken(form, forum):
        rescheduled = commit_or_rerender(
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
    forum = load_activity("forum", forum_id)
    require_trigger(forum, "hold")
    people = _active_people()
    replies = attendance.replies_of(forum)
    form = HoldForm(  # what was recorded before, or else what the contacts answered to the invitation
        attendee_ids=[u.id for u in forum.attendees] or attendance.attending_user_ids(replies),
        other_attendees=forum.other_attendees or attendance.deputies_text(replies),
    )
    _attendance_choices(form, people)
    if form.validate_on_submit():
        chosen = _chosen(form, people)
        commit_or_rerender(
            lambda: operations.hold(forum, current_user, attendees=chosen, other_attendees=form.other_attendees.data or ""),
            "forums/hold.html", form=form, forum=forum,
        )
        flash("Das Forum ist als durchgeführt markiert. Der Gastgeber kann jetzt das Protokoll schreiben.", "success")
        return redirect(url_for("minutes.edit", kind="forum", activity_id=forum.id))
    return render_template("forums/hold.html", form=form, forum=forum)


def _schedule_choice(form: ScheduleForm) -> year_schedule.ScheduleChoice:
    return year_schedule.ScheduleChoice(
        year=form.year.data, weekday=form.weekday.data, week=form.week.data, at=form.time.data,
        quarters=tuple(form.quarters.data or ()),
    )


def _schedule_form() -> ScheduleForm:
    if request.method == "POST":
        return ScheduleForm()
    if "year" in request.args:
        return ScheduleForm(request.args, meta={"csrf": False})
    year = year_schedule.default_year()
    return ScheduleForm(year=year, quarters=list(year_schedule.free_quarters(year)))


@bp.route("/jahresplanung", methods=["GET", "POST"])
@coordinator_required
def schedule():
    """GET shows the proposal for the chosen year and pattern; the confirming POST plans it."""
    form = _schedule_form()
    defaults = request.method == "GET" and "year" not in request.args
    if not (defaults or form.validate()):
        return render_template("forums/schedule.html", form=form, rows=None)
    rows = year_schedule.propose(_schedule_choice(form))
    seen, form.seen.data = form.seen.data or "", year_schedule.fingerprint(rows)
    if request.method == "GET":
        return render_template("forums/schedule.html", form=form, rows=rows)
    forums = commit_or_rerender(
        lambda: year_schedule.plan_year(current_user, _schedule_choice(form), seen),
        "forums/schedule.html", form=form, rows=rows,
    )
    numbers = ", ".join(str(f.number) for f in forums)
    flash(f"{len(forums)} Foren sind geplant (Nr. {numbers}); die Einladungen gehen an alle Ansprechpersonen.", "success")
    return redirect(url_for("dashboard.index"))
