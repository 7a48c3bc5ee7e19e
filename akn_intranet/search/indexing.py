"""Keeping the index current: after every flush, the rows of the objects that flush inserted, changed or
deleted are replaced, in the same transaction, so a saved text is found by its new words in the very
request that saved it. The rows are built from the database by plain column queries (one per kind), which
also rebuild the whole index for a new or upgraded installation (the migration, ``akn search-reindex``)."""

from sqlalchemy import Connection, Select, delete, event, insert, inspect, select, tuple_
from sqlalchemy.orm import Session

from ..action_items.models import ActionItem
from ..attachments.models import Attachment
from ..decisions.models import Decision
from ..forums.models import Forum
from ..lifecycle.models import Activity
from ..minutes.models import Section
from ..projects.models import Project
from .folding import index_terms
from .models import ACTION_ITEM, ATTACHMENT, DECISION, FORUM, PROJECT, SECTION, SearchDocument

activities, forums, projects = Activity.__table__, Forum.__table__, Project.__table__
sections, decisions, action_items, attachments = (
    Section.__table__, Decision.__table__, ActionItem.__table__, Attachment.__table__
)

# Per kind: the query of (object id, activity id, title, body parts…) and its id column; only the columns
# named here are read, so the migration that builds the index can run them before later columns exist.
SOURCES: dict[str, tuple[Select, object]] = {
    FORUM: (
        select(forums.c.id, forums.c.id, activities.c.title, forums.c.place).join(activities, activities.c.id == forums.c.id),
        forums.c.id,
    ),
    PROJECT: (
        select(projects.c.id, projects.c.id, activities.c.title, projects.c.description)
        .join(activities, activities.c.id == projects.c.id),
        projects.c.id,
    ),
    SECTION: (
        select(sections.c.id, sections.c.activity_id, sections.c.title, sections.c.notes, sections.c.decisions),
        sections.c.id,
    ),
    DECISION: (
        # a decision is its own title (the agenda item's title is the section's row)
        select(decisions.c.id, sections.c.activity_id, decisions.c.text).join(sections, sections.c.id == decisions.c.section_id),
        decisions.c.id,
    ),
    ACTION_ITEM: (
        select(action_items.c.id, action_items.c.activity_id, action_items.c.description, action_items.c.done_note),
        action_items.c.id,
    ),
    ATTACHMENT: (
        select(attachments.c.id, attachments.c.activity_id, attachments.c.filename)
        .where(attachments.c.removed_at.is_(None)),
        attachments.c.id,
    ),
}
# The attributes each kind's row is made of: a flush that changed none of them leaves the row alone
# (every change to a draft or an approval touches its activity, and needs no new forum row).
INDEXED_ATTRIBUTES = {
    Forum: (FORUM, ("title", "place")),
    Project: (PROJECT, ("title", "description")),
    Section: (SECTION, ("title", "notes", "decisions")),
    Decision: (DECISION, ("text",)),
    ActionItem: (ACTION_ITEM, ("description", "done_note")),
    Attachment: (ATTACHMENT, ("filename", "removed_at")),
}


def _row(kind: str, object_id: int, activity_id: int, title: str, *parts: str | None) -> dict:
    body = "\n".join(part for part in parts if part)
    return {
        "kind": kind, "object_id": object_id, "activity_id": activity_id, "title": title, "body": body,
        "title_terms": index_terms(title), "body_terms": index_terms(body),
    }


def reindex(connection: Connection, changed: dict[str, set[int]] | None = None) -> int:
    """Replace the rows of the ``changed`` objects (kind → ids), or with ``None`` all rows; returns how
    many rows were written. Objects that are gone (or attachments removed) simply get no new row."""
    documents = SearchDocument.__table__
    if changed is None:
        connection.execute(delete(documents))
    elif changed:
        keys = [(kind, object_id) for kind, ids in changed.items() for object_id in ids]
        connection.execute(delete(documents).where(tuple_(documents.c.kind, documents.c.object_id).in_(keys)))
    rows = []
    for kind, (query, id_column) in SOURCES.items():
        if changed is not None and not changed.get(kind):
            continue
        if changed is not None:
            query = query.where(id_column.in_(sorted(changed[kind])))
        rows.extend(_row(kind, *values) for values in connection.execute(query))
    if rows:
        connection.execute(insert(documents), rows)
    return len(rows)


CHANGED = "search_changed"  # session.info: kind → ids written by the flush under way


def _note(changed_only: bool):  # noqa: ANN202
    """A mapper hook that notes the written object (with ``changed_only``: only if an indexed attribute
    changed). Mapper hooks see what the unit of work does, orphans deleted by a cascade included."""

    def note(_mapper: object, _connection: Connection, target: object) -> None:
        kind, attributes = INDEXED_ATTRIBUTES[type(target)]
        state = inspect(target)
        if changed_only and not any(state.attrs[name].history.has_changes() for name in attributes):
            return
        state.session.info.setdefault(CHANGED, {}).setdefault(kind, set()).add(target.id)

    return note


for _model in INDEXED_ATTRIBUTES:
    event.listen(_model, "after_insert", _note(changed_only=False))
    event.listen(_model, "after_update", _note(changed_only=True))
    event.listen(_model, "after_delete", _note(changed_only=False))


@event.listens_for(Session, "after_flush")  # every session: the requests', the CLI's, a script's
def keep_index_current(session: Session, _flush_context: object) -> None:
    """After the flush, before the commit: the index changes in the transaction of what it indexes."""
    if changed := session.info.pop(CHANGED, None):
        reindex(session.connection(), changed)
