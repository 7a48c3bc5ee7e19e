"""Counting the SQL statements a page sends: the same number on one year of data as on ten."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from akn_intranet.extensions import db

from .seed import Seeded


def pages(seeded: Seeded) -> dict[str, str]:
    """The pages people open most, by name: what the test asserts and the benchmark reports."""
    return {
        "Übersicht": "/",
        "Forum": f"/foren/{seeded.forum_id}",
        "Projekt": f"/projekte/{seeded.project_id}",
        "Projektliste": "/projekte/",
        "Aufgaben": "/aufgaben/",
        "Beschlüsse": "/beschluesse/",
        "Genehmigung per Link": f"/genehmigung/{seeded.approval_token}",
        "Postausgang": "/postausgang/",
        "Suche": "/suche?q=Klimaschutzkonzepte",
        "Ergebnisse der Allianz": "/ergebnisse/",
    }


@contextmanager
def recorded(app: Flask) -> Iterator[list[str]]:
    """Every statement sent to the app's database while the block runs."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def count_per_page(app: Flask, client: object, seeded: Seeded) -> dict[str, int]:
    """Statements per page for a client that is already logged in (the coordinator sees every page)."""
    counts = {}
    for name, path in pages(seeded).items():
        with recorded(app) as statements:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(statements)
    return counts
