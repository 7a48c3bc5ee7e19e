"""What every page of a forum or project needs: load it, check a trigger, offer the buttons."""

from flask import Flask, abort
from flask_login import current_user
from sqlalchemy import select

from workflows.lifecycle import HELD, TRIGGER_LABELS, InvalidTransition, available_triggers, check, opens_at

from ..approvals.operations import member_to_decide
from ..clock import utcnow
from ..extensions import db
from ..formatting import format_date, format_datetime
from ..members.models import Member
from ..minutes.changes import since_previous
from ..urls import activity_url
from .kinds import kind_named
from .models import Activity, HistoryEntry
from .operations import roles_of


def load_activity(kind: str, activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.kind != kind:
        abort(404, kind_named(kind).not_found)
    return activity


def not_yet(activity: Activity, trigger: str) -> str:
    """Why a step cannot be taken yet, if it only waits for its date: "ab 01.12.2026, 14:00 Uhr möglich"."""
    moment = opens_at(activity, trigger, utcnow())
    if moment is None:
        return ""
    return f"ab {format_date(moment) if activity.kind_spec.words.starts_on_a_day else format_datetime(moment)} möglich"


def require_trigger(activity: Activity, trigger: str) -> None:
    """A transition's page opens only when it could be fired now (403/409 otherwise), not to fail
    after the form is filled."""
    check(activity.state, trigger, roles_of(current_user, activity), activity.kind_spec.words)
    if reason := not_yet(activity, trigger):
        raise InvalidTransition(f"„{TRIGGER_LABELS[trigger]}“ ist erst {reason}.")


def available_actions(activity: Activity) -> list[tuple[str, str, str]]:
    """The buttons the current user may press in the current state: (label, url, why not yet)."""
    kind = activity.kind_spec
    triggers = available_triggers(activity.state, roles_of(current_user, activity))
    revising = bool(activity.versions)  # a document came back: it is revised, not written
    return [(kind.action_label(t, revising=revising), kind.action_url(activity.id, t), not_yet(activity, t)) for t in triggers]


def decision_due(activity: Activity) -> Member | None:
    """The member the current user decides for on the shown version, while that decision is open."""
    return member_to_decide(current_user, activity)


def open_change_request(activity: Activity) -> HistoryEntry | None:
    """The change request the document waits on: back at "held" with a version, the last step was one."""
    if activity.state != HELD or not activity.versions:
        return None
    query = select(HistoryEntry).filter_by(activity_id=activity.id, trigger="request_changes").order_by(HistoryEntry.id.desc())
    return db.session.scalars(query.limit(1)).first()


def register(app: Flask) -> None:
    app.add_template_global(available_actions)
    app.add_template_global(decision_due)
    app.add_template_global(since_previous, "version_changes")
    app.add_template_global(open_change_request)
    app.add_template_global(activity_url)
