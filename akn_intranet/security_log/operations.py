"""Writing the security log. Called by the operation (or view) that does the recorded thing, inside
its transaction: the event is stored exactly when the change is (only the request boundary commits)."""

from flask import has_request_context, request

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from .models import DETAIL_MAX, EVENT_LABELS, LABEL_MAX, SecurityEvent


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record(event: str, *, actor: User | str | None = None, subject: User | None = None, detail: str = "") -> SecurityEvent:
    """Add one event and flush; never commit.

    ``actor`` is the person acting, or the address typed at a failed login (a string); the IP is the
    request's (behind a proxy already the client's, see ``AKN_PROXY_HOPS``), empty outside a request.
    """
    if event not in EVENT_LABELS:
        raise ValueError(f"unknown security event {event!r}")
    user = actor if isinstance(actor, User) else None
    label = actor.display_name if user is not None else (actor or "")
    entry = SecurityEvent(
        created_at=utcnow(),
        event=event,
        actor_id=user.id if user is not None else None,
        subject_user_id=subject.id if subject is not None else None,
        actor_label=_cut(label, LABEL_MAX),
        ip=(request.remote_addr or "") if has_request_context() else "",
        detail=_cut(detail, DETAIL_MAX),
    )
    db.session.add(entry)
    db.session.flush()
    return entry
