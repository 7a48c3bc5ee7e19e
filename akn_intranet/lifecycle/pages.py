"""What every page of a forum or project needs: load it, check a trigger, offer the buttons."""

from flask import Flask, abort
from flask_login import current_user

from workflows.lifecycle import TRIGGER_LABELS, available_triggers, check

from ..approvals.operations import member_to_decide
from ..extensions import db
from ..members.models import Member
from ..urls import activity_url
from .kinds import kind_named
from .models import Activity
from .operations import roles_of


def load_activity(kind: str, activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.kind != kind:
        abort(404, kind_named(kind).not_found)
    return activity


def require_trigger(activity: Activity, trigger: str) -> None:
    """A transition's page opens only when it could be fired now (403/409 otherwise)."""
    check(activity.state, trigger, roles_of(current_user, activity), activity.kind_spec.words)


def available_actions(activity: Activity) -> list[tuple[str, str]]:
    """The buttons the current user may press in the current state (and only those)."""
    triggers = available_triggers(activity.state, roles_of(current_user, activity))
    return [(TRIGGER_LABELS[t], activity.kind_spec.action_url(activity.id, t)) for t in triggers]


def decision_due(activity: Activity) -> Member | None:
    """The member the current user decides for on the shown version, while that decision is open."""
    return member_to_decide(current_user, activity)


def register(app: Flask) -> None:
    app.add_template_global(available_actions)
    app.add_template_global(decision_due)
    app.add_template_global(activity_url)
