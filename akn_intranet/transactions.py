"""The request boundary, one home: operations only flush; this commits, then wakes the mail sender.

Also the two answers to a write that cannot stand: a refusal (a vetoed condition, a stale form)
keeps nothing and re-renders the page with the reason; a write that lost a race on a row's
revision is tried again. See docs/architecture.md, "Where a request commits".
"""

from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash, make_response, render_template
from sqlalchemy.orm.exc import StaleDataError

from workflows.lifecycle import InvalidTransition, Vetoed

from .extensions import db
from .mail.sending import dispatch_queued

T = TypeVar("T")
ATTEMPTS = 5  # writers racing for one row (approvals arriving together): the loser tries again


class StaleForm(InvalidTransition):
    """The form was loaded before someone else saved: never overwrite silently (409)."""


def commit() -> None:
    """Commit the change, then send the mail it queued: never mail about what was not stored."""
    db.session.commit()
    dispatch_queued()


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


def commit_retrying(change: Callable[[], T]) -> T:
    """Run an operation and commit; when a concurrent writer bumped the same revision first,
    start over on fresh rows (the operation sees the other's write and decides again)."""
    for _ in range(ATTEMPTS - 1):
        try:
            result = change()
            commit()
            return result
        except StaleDataError:
            db.session.rollback()
    result = change()  # the last attempt: a StaleDataError now is the error handlers' business
    commit()
    return result
