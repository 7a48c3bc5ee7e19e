"""Filling relationships from plain queries: what a page shows, loaded in a few cheap statements.

SQLAlchemy's selectin and nested eager loaders set up a loader strategy per relationship and per
row on every request; for the handful of rows a page shows that machinery cost more than the
rows (pyinstrument, bench/RESULTS.md). These helpers run one flat query per collection and set
the collection as loaded, so templates and models read it as if it had been eager-loaded; any
relationship not filled still fails loudly (raiseload) instead of sending a query per row.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import Executable, Select, bindparam, select
from sqlalchemy.orm import joinedload, raiseload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.base import ExecutableOption

from ..approvals.models import Approval
from ..auth.models import User
from ..extensions import db
from ..minutes.models import MinutesVersion

T = TypeVar("T", bound=Executable)

NOTHING_ELSE = raiseload("*", sql_only=True)  # an accidental lazy load fails tests/test_query_counts.py

_built: dict[str, Executable] = {}


def statement(name: str, build: Callable[[], T]) -> T:
    """A statement built once per process: statements are immutable, and building one with its
    loader options (and its cache key) on every request cost as much as running it."""
    built = _built.get(name)
    if built is None:
        built = _built[name] = build()
    return built


def fill(parents: Iterable[object], attribute: str, rows: Iterable[tuple[int, object]]) -> None:
    """Set ``attribute`` of every parent to its children from ``(parent id, child)`` rows, in row
    order (the relationship's own order_by is the query's), as a loaded collection."""
    children: dict[int, list[object]] = defaultdict(list)
    for parent_id, child in rows:
        children[parent_id].append(child)
    for parent in parents:
        set_committed_value(parent, attribute, children.get(parent.id, []))


ACTIVITY_IDS = bindparam("activity_ids", expanding=True)


def versions_with_approvals(*options: ExecutableOption) -> Select:
    """Every version of the activities in ``activity_ids`` with its approvals, one row per approval, in order."""
    return (
        select(MinutesVersion, Approval)
        .outerjoin(Approval, Approval.version_id == MinutesVersion.id)
        .where(MinutesVersion.activity_id.in_(ACTIVITY_IDS))
        .order_by(MinutesVersion.activity_id, MinutesVersion.number, Approval.created_at)
        .options(*options, NOTHING_ELSE)
    )


def _document_query() -> Select:
    return versions_with_approvals(joinedload(MinutesVersion.submitted_by).joinedload(User.member), joinedload(Approval.member))


def fill_documents(activities: list[object]) -> None:
    """The document block of a forum or project page: every version with its submitter and its
    approvals with their members, in one query (one row per approval)."""
    rows = db.session.execute(statement("pages.documents", _document_query), {"activity_ids": [a.id for a in activities]}).all()
    versions = list(dict.fromkeys(version for version, _approval in rows))  # in order, each once
    fill(activities, "versions", ((v.activity_id, v) for v in versions))
    fill(versions, "approvals", ((v.id, approval) for v, approval in rows if approval is not None))
