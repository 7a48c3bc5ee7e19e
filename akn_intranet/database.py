"""Column types and connection settings shared by all models."""

from datetime import UTC, datetime

from flask import Flask, has_request_context, request
from sqlalchemy import DateTime, event
from sqlalchemy.types import TypeDecorator

from .extensions import db


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _reads_only() -> bool:
    return has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")


def configure_sqlite(app: Flask) -> None:
    """WAL, a busy timeout and immediate transactions for writers, so that concurrent requests,
    workers and the mail sender wait for each other instead of failing with "database is locked"."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # BEGIN is ours (below), not pysqlite's
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # overwritten text (a redacted personal link) is zeroed on disk
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection) -> None:  # noqa: ANN001
        # A writer takes the write lock at the start: a deferred transaction that read an older
        # snapshot could not upgrade later (SQLITE_BUSY_SNAPSHOT), whatever the busy timeout.
        connection.exec_driver_sql("BEGIN" if _reads_only() else "BEGIN IMMEDIATE")


def flush_to_disk() -> None:
    """On SQLite, move the write-ahead log into the database file and empty it: with secure_delete,
    text that was overwritten (a delivered personal link) then survives in no file, not even in a
    file-level backup. PostgreSQL keeps old row versions until VACUUM: see docs/deploy.md."""
    if db.engine.dialect.name != "sqlite":
        return
    connection = db.engine.raw_connection()  # autocommit (see set_pragmas): a checkpoint needs no open transaction
    try:
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()

