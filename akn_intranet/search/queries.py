"""Finding: one ranked query over the index (FTS5 ``bm25`` on SQLite, ``ts_rank_cd`` with ``german`` on
PostgreSQL), filtered by year, member and kind and by what the person may see; snippets from the text as
written."""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from markupsafe import Markup
from sqlalchemy import ColumnElement, Select, and_, column, func, literal_column, not_, or_, select, table, union_all

from workflows.lifecycle import HELD

from ..action_items.models import ActionItem
from ..auth.models import CONTACT, User
from ..clock import local_year
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.kinds import kind_named
from ..lifecycle.models import Activity
from ..projects.models import Project, project_participants
from .folding import highlight, query_terms, snippet
from .models import ACTION_ITEM, ATTACHMENT, DRAFT_KINDS, FTS_TABLE, KIND_LABELS, VECTOR_COLUMN, SearchDocument

TITLE_WEIGHT = 10.0  # bm25: a word in the title counts ten times a word in the text
documents, activities = SearchDocument.__table__, Activity.__table__
SHOWN = (documents.c.kind, documents.c.activity_id, documents.c.title, documents.c.body)
forums, projects, action_items = Forum.__table__, Project.__table__, ActionItem.__table__


@dataclass(frozen=True)
class Hit:
    kind_label: str
    title: Markup
    snippet: Markup
    url: str
    activity_title: str
    starts_at: datetime
    state_label: str


def _responsible_for(member_id: int) -> list[Select]:
    """The activities whose document the member writes (host of a forum, lead of a project): its contacts
    hold the host role there (``lifecycle.operations.roles_of``) and may see the draft."""
    return [
        select(forums.c.id).where(forums.c.host_member_id == member_id),
        select(projects.c.id).where(projects.c.lead_member_id == member_id),
    ]


def _involving(member_id: int) -> list[Select]:
    """The activities a member hosts, leads or takes part in."""
    return [
        *_responsible_for(member_id),
        select(project_participants.c.project_id).where(project_participants.c.member_id == member_id),
    ]


def _visible_to(user: User) -> ColumnElement[bool] | None:
    """A document being written (the state "held") shows only to those who may write it, as its editor
    does; everything else shows on the detail pages to every logged-in person."""
    if user.is_coordinator:
        return None
    draft = and_(documents.c.kind.in_(DRAFT_KINDS), activities.c.state == HELD)
    if user.role == CONTACT and user.member_id is not None:
        draft = and_(draft, activities.c.id.not_in(union_all(*_responsible_for(user.member_id))))
    return not_(draft)


def _matching(terms: list[str]) -> tuple[Select, ColumnElement]:
    """The documents matching every term (the last one also as the beginning of a word), and their rank."""
    if db.session.get_bind().dialect.name == "sqlite":
        fts = table(FTS_TABLE, column("rowid"))
        expression = " ".join(f'"{term}"' for term in terms) + "*"
        rank = func.bm25(literal_column(FTS_TABLE), TITLE_WEIGHT, 1.0)
        query = select(*SHOWN).join(fts, fts.c.rowid == documents.c.id).where(literal_column(FTS_TABLE).match(expression))
        return query, rank
    vector = literal_column(f"search_documents.{VECTOR_COLUMN}")
    words = " & ".join(f"'{term}'" for term in terms) + ":*"
    tsquery = func.to_tsquery(literal_column("'german'::regconfig"), words)
    return select(*SHOWN).where(vector.op("@@")(tsquery)), func.ts_rank_cd(vector, tsquery).desc()


def search(
    user: User, text: str, *, year: int | None = None, member_id: int | None = None, kind: str | None = None,
    limit: int, offset: int = 0,
) -> list[Hit]:
    """The hits for ``text``, best first (``limit`` of them from ``offset``), as the person may see them."""
    terms = query_terms(text)
    if not terms:
        return []
    query, rank = _matching(terms)
    query = query.join(activities, activities.c.id == documents.c.activity_id).add_columns(
        activities.c.kind.label("activity_kind"), activities.c.title.label("activity_title"),
        activities.c.starts_at, activities.c.state,
    )
    if (visible := _visible_to(user)) is not None:
        query = query.where(visible)
    if year is not None:
        start, end = local_year(year)
        query = query.where(activities.c.starts_at >= start, activities.c.starts_at < end)
    if member_id is not None:
        assigned = select(action_items.c.id).where(action_items.c.member_id == member_id)
        query = query.where(or_(
            documents.c.activity_id.in_(union_all(*_involving(member_id))),
            and_(documents.c.kind == ACTION_ITEM, documents.c.object_id.in_(assigned)),
        ))
    if kind is not None:
        query = query.where(documents.c.kind == kind)
    query = query.order_by(rank, activities.c.starts_at.desc(), documents.c.id).limit(limit).offset(offset)
    return [_hit(row, terms) for row in db.session.execute(query)]


def _hit(row: object, terms: list[str]) -> Hit:
    kind = kind_named(row.activity_kind)
    if row.kind in DRAFT_KINDS and row.state == HELD:  # only its writers see it: where they write it
        url = url_for("minutes.edit", kind=row.activity_kind, activity_id=row.activity_id)
    else:
        anchor = "anlagen" if row.kind == ATTACHMENT else None
        url = url_for(kind.detail_endpoint, **{kind.id_argument: row.activity_id}, _anchor=anchor)
    return Hit(
        kind_label=KIND_LABELS[row.kind],
        title=highlight(row.title, terms),
        snippet=snippet(row.body, terms) if row.body else Markup(""),
        url=url,
        activity_title=row.activity_title,
        starts_at=row.starts_at,
        state_label=kind.words.label(row.state),
    )
