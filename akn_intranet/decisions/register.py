"""The Beschlussregister: the decisions of every approved or distributed document, with their action items.

Like action items (action_items/operations.py), a decision counts only once its document is approved: a
draft can still change, so its decisions are nobody's yet.
"""

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..action_items.models import ActionItem
from ..action_items.operations import DECIDED_STATES
from ..clock import local_year, to_local
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.models import Activity
from ..minutes.models import Section
from ..projects.models import Project
from .models import Decision


@dataclass(frozen=True)
class Filters:
    """What the register is narrowed to; None or "" is no narrowing."""

    year: int | None = None
    member_id: int | None = None  # responsible for one of its action items, or host / lead of its activity
    kind: str = ""  # "forum" or "project"
    text: str = ""  # contained in the decision's text, case-insensitive


def _decided() -> Select:
    return (
        select(Decision)
        .join(Decision.section)
        .join(Section.activity)
        .where(Activity.state.in_(DECIDED_STATES))
    )


def _filtered(filters: Filters) -> Select:
    query = _decided()
    if filters.year:  # German calendar years
        start, end = local_year(filters.year)
        query = query.where(Activity.starts_at >= start, Activity.starts_at < end)
    if filters.member_id:
        member = filters.member_id
        query = query.where(or_(
            exists().where(ActionItem.decision_id == Decision.id, ActionItem.member_id == member),
            Activity.id.in_(select(Forum.id).where(Forum.host_member_id == member)),
            Activity.id.in_(select(Project.id).where(Project.lead_member_id == member)),
        ))
    if filters.kind:
        query = query.where(Activity.kind == filters.kind)
    if filters.text:
        query = query.where(Decision.text.icontains(filters.text, autoescape=True))
    return query


def decisions(filters: Filters, *, limit: int, offset: int = 0) -> list[Decision]:
    """The decisions the filters ask for, newest activity first, in the order of its document; each with its
    section, activity and action items (with their members) loaded: two statements, however many rows."""
    query = (
        _filtered(filters)
        .options(
            contains_eager(Decision.section).contains_eager(Section.activity),
            selectinload(Decision.action_items).joinedload(ActionItem.member),
        )
        .order_by(Activity.starts_at.desc(), Activity.id.desc(), Section.position, Decision.position)
        .limit(limit)
        .offset(offset)
    )
    return list(db.session.scalars(query))


def years() -> list[int]:
    """The years the register can be narrowed to, newest first: from its earliest decision to its latest."""
    earliest, latest = db.session.execute(
        _decided().with_only_columns(func.min(Activity.starts_at), func.max(Activity.starts_at))
    ).one()
    if earliest is None:
        return []
    first, last = (to_local(moment).year for moment in (earliest, latest))
    return list(range(last, first - 1, -1))


def state_label(item: ActionItem) -> str:
    """An action item's state in the register's words."""
    return "erledigt" if item.is_done else "überfällig" if item.overdue else "offen"

