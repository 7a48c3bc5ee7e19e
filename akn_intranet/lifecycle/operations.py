"""Firing the shared machine on a forum or project: authorise, fire, write history, queue mail, flush."""

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import bindparam, select

from workflows import lifecycle
from workflows.lifecycle import COORDINATOR, HOST

from ..auth.models import CONTACT, User
from ..clock import utcnow
from ..extensions import db
from . import notifications
from .models import Activity, HistoryEntry

SYSTEM_ACTOR = "System"


def roles_of(user: User, activity: Activity) -> set[str]:
    """The workflow roles a user holds towards one activity (the approver role comes from a link)."""
    roles = set()
    if user.is_coordinator:
        roles.add(COORDINATOR)
    if user.member_id == activity.responsible_member_id and user.role in (CONTACT, COORDINATOR):
        roles.add(HOST)
    return roles


def fire(
    activity: Activity,
    trigger: str,
    *,
    actor: User | None,
    roles: Iterable[str],
    comment: str = "",
    now: datetime | None = None,
) -> lifecycle.Step:
    """Run the shared machine, record the history row, queue the mail for everyone, flush.

    Raises :class:`workflows.lifecycle.WorkflowError` (nothing changed) when refused.
    """
    context = lifecycle.Context(
        roles=frozenset(roles), now=now or utcnow(), comment=comment.strip(), vocabulary=activity.kind_spec.words
    )
    from_state = activity.state
    step = lifecycle.fire(activity, trigger, context)
    if step.dest != from_state:
        activity.state_since = context.now
    _write_history(activity, trigger, from_state, actor=actor, comment=context.comment, now=context.now)
    notifications.notify(activity, step.notification, comment=context.comment, actor=actor)
    return step


def note(activity: Activity, what: str, *, actor: User, now: datetime, comment: str = "") -> None:
    """A history row for something done to the activity that is no transition (it keeps its state);
    ``what`` is a key of ``lifecycle.models.NOTE_LABELS``. Flushes."""
    _write_history(activity, what, activity.state, actor=actor, comment=comment, now=now)


def _write_history(
    activity: Activity, trigger: str, from_state: str, *, actor: User | None, comment: str, now: datetime
) -> None:
    db.session.add(
        HistoryEntry(
            activity_id=activity.id,
            trigger=trigger,
            from_state=None if from_state == lifecycle.NEW else from_state,
            to_state=activity.state,
            actor_id=actor.id if actor else None,
            actor_name=actor.display_name if actor else SYSTEM_ACTOR,
            comment=comment,
            created_at=now,
        )
    )
    db.session.flush()


def create(activity: Activity, actor: User, trigger: str = "plan", now: datetime | None = None) -> Activity:
    """Store a new forum or project and fire its first transition: ``plan`` (the invitation to everyone)
    or ``record`` (Nacherfassung: it took place already, everyone gets a notice)."""
    now = now or utcnow()
    activity.state, activity.state_since = lifecycle.NEW, now
    activity.touch(now)
    db.session.add(activity)
    db.session.flush()
    fire(activity, trigger, actor=actor, roles=roles_of(actor, activity), now=now)
    return activity


def update_planned(activity: Activity, actor: User, apply: Callable[[], None], *, rescheduled: bool) -> bool:
    """Save changes to a planned forum or project; new dates fire ``reschedule``, which mails everyone."""
    lifecycle.check(activity.state, "reschedule", roles_of(actor, activity), activity.kind_spec.words)
    apply()
    activity.touch(utcnow())
    if rescheduled:
        fire(activity, "reschedule", actor=actor, roles=roles_of(actor, activity))
    db.session.flush()
    return rescheduled


def transition(activity: Activity, actor: User, trigger: str, comment: str = "") -> lifecycle.Step:
    """Triggers that need nothing but a confirmation and perhaps a reason."""
    return fire(activity, trigger, actor=actor, roles=roles_of(actor, activity), comment=comment)


# Built once per process: building a select costs about as much as running this one.
HISTORY = (
    select(HistoryEntry)
    .where(HistoryEntry.activity_id == bindparam("activity_id"))
    .order_by(HistoryEntry.created_at, HistoryEntry.id)
)


def history_of(activity: Activity) -> list[HistoryEntry]:
    return list(db.session.scalars(HISTORY, {"activity_id": activity.id}))
