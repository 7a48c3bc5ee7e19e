"""Following up decisions: which action items count, who may mark them done, marking them done.

An action item counts as decided only once the minutes or report that contain it are approved
(or distributed): a draft can still change, so its items are nobody's task yet.
"""

from datetime import datetime

from sqlalchemy import Integer, Select, bindparam, select, update
from sqlalchemy.orm import contains_eager, joinedload

from workflows.lifecycle import APPROVED, DISTRIBUTED, InvalidTransition, NotAllowed

from ..auth.models import CONTACT, User
from ..clock import utcnow
from ..dashboard.loading import statement
from ..extensions import db
from ..formatting import format_date
from ..lifecycle.models import Activity
from ..members.models import Member
from ..minutes.models import SECTION_TITLE_MAX
from .models import ActionItem

DECIDED_STATES = (APPROVED, DISTRIBUTED)


def _decided(*, with_done_by: bool = True) -> Select:
    query = select(ActionItem).join(ActionItem.activity).where(Activity.state.in_(DECIDED_STATES))
    eager = [contains_eager(ActionItem.activity), joinedload(ActionItem.member)]
    return query.options(*eager, joinedload(ActionItem.done_by)) if with_done_by else query.options(*eager)


MEMBER = bindparam("member_id")


def _open_query(for_member: bool, limit: int | None) -> Select:
    # items without a due date last; ties in the order they were decided (an open item has nobody
    # who did it: done_by is not joined)
    query = (
        _decided(with_done_by=False)
        .where(ActionItem.done_at.is_(None))
        .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
        .limit(limit)
    )
    return query.where(ActionItem.member_id == MEMBER) if for_member else query


def open_items(member_id: int | None = None, limit: int | None = None) -> list[ActionItem]:
    """Decided items not yet done, earliest due first (one member's, or everyone's; the first ``limit``).

    The statement is built once per shape: building it with its eager loads on every request cost
    as much as running it (the dashboard asks on every visit)."""
    query = statement(f"action_items.open.{bool(member_id)}.{limit}", lambda: _open_query(bool(member_id), limit))
    return list(db.session.scalars(query, {"member_id": member_id} if member_id else {}))


def by_member(items: list[ActionItem]) -> list[tuple[Member, list[ActionItem]]]:
    """Items grouped per responsible member, members in alphabetical order, item order kept."""
    groups: dict[int, tuple[Member, list[ActionItem]]] = {}
    for item in items:
        groups.setdefault(item.member_id, (item.member, []))[1].append(item)
    return sorted(groups.values(), key=lambda group: group[0].sort_key)


def _done_query(for_member: bool) -> Select:
    query = (
        _decided()
        .where(ActionItem.done_at.is_not(None))
        .order_by(ActionItem.done_at.desc(), ActionItem.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return query.where(ActionItem.member_id == MEMBER) if for_member else query


def done_items(member_id: int | None = None, limit: int | None = None, offset: int = 0) -> list[ActionItem]:
    """Decided items already done, most recently done first (``limit`` of them from ``offset``; all without)."""
    if limit is None:
        query = _decided().where(ActionItem.done_at.is_not(None)).order_by(ActionItem.done_at.desc(), ActionItem.id.desc())
        if member_id:
            query = query.where(ActionItem.member_id == member_id)
        return list(db.session.scalars(query.offset(offset or None)))
    query = statement(f"action_items.done.{bool(member_id)}", lambda: _done_query(bool(member_id)))
    return list(db.session.scalars(query, {"member_id": member_id, "limit": limit, "offset": offset}))


def load_decided(item_id: int) -> ActionItem | None:
    """An item only exists for the follow-up once its document is approved."""
    return db.session.scalars(_decided().where(ActionItem.id == item_id)).first()


def may_mark_done(user: User, item: ActionItem) -> bool:
    """The responsible member's contacts, and the coordinator."""
    return user.is_coordinator or (user.role == CONTACT and user.member_id == item.member_id)


def check_may_mark_done(user: User, item: ActionItem) -> None:
    """Refuse before the form is shown: already done (409) or somebody else's task (403)."""
    if item.is_done:
        raise InvalidTransition(
            f"Diese Aufgabe wurde bereits am {format_date(item.done_at)} als erledigt markiert."
        )
    if not may_mark_done(user, item):
        raise NotAllowed(
            f"Diese Aufgabe liegt bei {item.member.name}: nur deren Ansprechpersonen oder die Koordination "
            "können sie als erledigt markieren."
        )


def mark_done(item: ActionItem, actor: User, note: str, now: datetime | None = None) -> None:
    """Record who did it, when and how; a second click (or a concurrent one) changes nothing."""
    check_may_mark_done(actor, item)
    now = now or utcnow()
    result = db.session.execute(
        update(ActionItem)
        .where(ActionItem.id == item.id, ActionItem.done_at.is_(None))
        .values(done_at=now, done_by_id=actor.id, done_note=note.strip())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvalidTransition("Diese Aufgabe wurde gerade von jemand anderem als erledigt markiert.")
    db.session.refresh(item)


def agenda_line(item: ActionItem) -> str:
    """One open item as an agenda line: what, who, until when (short enough for a section title)."""
    suffix = f" ({item.member.name}, fällig bis {format_date(item.due_date)})" if item.due_date else f" ({item.member.name})"
    prefix = "Aufgabe: "
    description = " ".join(item.description.split())
    room = SECTION_TITLE_MAX - len(prefix) - len(suffix)
    if len(description) > room:
        description = description[: room - 1].rstrip() + "…"
    return f"{prefix}{description}{suffix}"


def agenda_lines() -> list[str]:
    """The open decided items, for the "Offene Aufgaben" part of the next forum's agenda."""
    return [agenda_line(item) for item in open_items()]
