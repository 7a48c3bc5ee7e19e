"""The search index: one row per findable thing, with its text as written (for the snippet) and folded
(for matching). The matching structure differs per database and is not a model: on SQLite an FTS5 table
kept by triggers, on PostgreSQL a generated ``tsvector`` column (``german``) with a GIN index."""

from sqlalchemy import DDL, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

FORUM, PROJECT, SECTION, DECISION, ACTION_ITEM, ATTACHMENT = "forum", "projekt", "abschnitt", "beschluss", "aufgabe", "anlage"
KIND_LABELS = {
    FORUM: "Forum",
    PROJECT: "Projekt",
    SECTION: "Tagesordnungspunkt / Abschnitt",
    DECISION: "Beschluss",
    ACTION_ITEM: "Aufgabe",
    ATTACHMENT: "Anlage",
}
# What only the document's writers see while it is being written (the detail page shows the submitted text).
DRAFT_KINDS = (SECTION, DECISION, ACTION_ITEM)


class SearchDocument(db.Model):
    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int]
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    title_terms: Mapped[str] = mapped_column(Text)
    body_terms: Mapped[str] = mapped_column(Text)


FTS_TABLE = "search_fts"
VECTOR_COLUMN, VECTOR_INDEX = "vector", "ix_search_documents_vector"
SQLITE_SCHEMA = (  # FTS_TABLE, spelt out
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms, content='search_documents',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    # rows are replaced, never updated: insert and delete keep the FTS table in step, in the same transaction
    "CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN INSERT INTO search_fts"
    "(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms); END",
    "CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN INSERT INTO search_fts"
    "(search_fts, rowid, title_terms, body_terms) VALUES ('delete', old.id, old.title_terms, old.body_terms); END",
)
POSTGRESQL_SCHEMA = (
    f"ALTER TABLE search_documents ADD COLUMN {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('german'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('german'::regconfig, body_terms), 'D')) STORED",
    f"CREATE INDEX {VECTOR_INDEX} ON search_documents USING gin ({VECTOR_COLUMN})",
)


def native_schema(dialect: str) -> tuple[str, ...]:
    """The statements that add the database's own full-text structure to ``search_documents``."""
    return SQLITE_SCHEMA if dialect == "sqlite" else POSTGRESQL_SCHEMA


# Dropped before ``search_documents`` (its triggers and the PostgreSQL column go with the table).
SQLITE_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"

for _dialect in ("sqlite", "postgresql"):  # create_all (tests, a fresh database) gets it like the migration
    for _statement in native_schema(_dialect):
        event.listen(SearchDocument.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
event.listen(SearchDocument.__table__, "before_drop", DDL(SQLITE_DROP).execute_if(dialect="sqlite"))


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's filter: the native full-text structures above are in the database but no model describes
    them; comparing models and schema (and autogenerate) leaves them alone."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if type_ == "column" and reflected and compare_to is None:
        return not (name == VECTOR_COLUMN and obj.table.name == "search_documents")
    if type_ == "index":
        return name != VECTOR_INDEX
    return True
