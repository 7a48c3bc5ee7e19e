"""Fire a workflow trigger on a stored object and write the audit trail."""

from collections.abc import Iterable
from datetime import datetime

from workflows import lifecycle

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from .models import HistoryEntry

SYSTEM_ACTOR = "System"


def fire(
    obj: db.Model,
    trigger: str,
    *,
    actor: User | None,
    roles: Iterable[str],
    comment: str = "",
    vocabulary: str,
    now: datetime | None = None,
) -> lifecycle.Step:
    """Run the shared machine on ``obj``, record the history row and flush.

    Raises :class:`workflows.lifecycle.WorkflowError` (nothing changed) when refused.
    """
    context = lifecycle.Context(roles=frozenset(roles), now=now or utcnow(), comment=comment.strip())
    from_state = obj.state
    step = lifecycle.fire(obj, trigger, context, vocabulary)
    if step.dest != from_state:
        obj.state_since = context.now
    db.session.add(
        HistoryEntry(
            object_type=vocabulary,
            object_id=obj.id,
            trigger=trigger,
            from_state=None if from_state == lifecycle.NEW else from_state,
            to_state=obj.state,
            actor_id=actor.id if actor else None,
            actor_name=actor.display_name if actor else SYSTEM_ACTOR,
            comment=context.comment,
            created_at=context.now,
        )
    )
    db.session.flush()
    return step


def history_of(obj: db.Model, vocabulary: str) -> list[HistoryEntry]:
    return list(
        db.session.scalars(
            db.select(HistoryEntry)
            .filter_by(object_type=vocabulary, object_id=obj.id)
            .order_by(HistoryEntry.created_at, HistoryEntry.id)
        )
    )
