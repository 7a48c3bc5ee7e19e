"""Small helpers that keep the views thin: load, check, commit or re-render."""

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, flash, make_response, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Load, joinedload, selectinload

from workflows.lifecycle import LABELS, TRIGGER_LABELS, Vetoed, available_triggers, check

from .approvals.models import Approval
from .auth.models import User
from .database import commit
from .extensions import db
from .lifecycle.models import Activity
from .lifecycle.operations import roles_of
from .log_redaction import redact
from .members.models import Member
from .minutes.models import MinutesVersion
from .minutes.operations import StaleForm
from .urls import activity_url

T = TypeVar("T")
NOT_FOUND = {"forum": "Dieses Forum gibt es nicht.", "project": "Dieses Projekt gibt es nicht."}


def load_activity(kind: str, activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.kind != kind:
        abort(404, NOT_FOUND[kind])
    return activity


def require_trigger(activity: Activity, trigger: str) -> None:
    """A transition's page opens only when it could be fired now (403/409 otherwise)."""
    check(activity.state, trigger, roles_of(current_user, activity), activity.kind)


def commit_or_rerender(change: Callable[[], T], template: str, **context: object) -> T:
    """Run an operation and commit; a veto (422) or a stale form (409) keeps nothing and
    re-renders the page with the reason and the user's input."""
    try:
        result = change()
    except (Vetoed, StaleForm) as refused:
        db.session.rollback()
        form = context.get("form")
        field_name = getattr(form, "WORKFLOW_FIELDS", {}).get(getattr(refused, "field", None))
        if field_name:  # shown at the field it is about, like any other input error
            form[field_name].errors = [*form[field_name].errors, refused.message]
        else:
            flash(refused.message, "error")
        abort(make_response(render_template(template, **context), refused.status))
    commit()
    return result


def member_pairs() -> list[tuple[int, str]]:
    members = db.session.scalars(select(Member).filter_by(active=True))
    return [(m.id, m.name) for m in sorted(members, key=lambda m: m.sort_key)]


# Triggers with a page of their own; the others use the shared confirmation page.
ACTION_ENDPOINTS = {
    ("forum", "reschedule"): ("forums.edit", "forum_id"),
    ("forum", "hold"): ("forums.hold", "forum_id"),
    ("project", "reschedule"): ("projects.edit", "project_id"),
}


def _action_url(activity: Activity, trigger: str) -> str:
    if (activity.kind, trigger) in ACTION_ENDPOINTS:
        endpoint, key = ACTION_ENDPOINTS[(activity.kind, trigger)]
        return url_for(endpoint, **{key: activity.id})
    if trigger == "submit_minutes":
        return url_for("minutes.edit", kind=activity.kind, activity_id=activity.id)
    return url_for("lifecycle.transition", kind=activity.kind, activity_id=activity.id, trigger=trigger)


def available_actions(activity: Activity) -> list[tuple[str, str]]:
    """The buttons the current user may press in the current state (and only those)."""
    triggers = available_triggers(activity.state, roles_of(current_user, activity))
    return [(TRIGGER_LABELS[t], _action_url(activity, t)) for t in triggers]


def register(app: Flask) -> None:
    app.add_template_filter(redact)
    app.add_template_global(available_actions)
    app.add_template_global(activity_url)
    app.add_template_global(lambda kind, state: LABELS[kind].get(state, state), "state_label")


def with_document(versions: object) -> Load:
    """Eager loads for the document block of a forum or project page: versions, submitter, approvals."""
    return selectinload(versions).options(
        joinedload(MinutesVersion.submitted_by).joinedload(User.member),
        selectinload(MinutesVersion.approvals).joinedload(Approval.member),
    )
