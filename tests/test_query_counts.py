"""No N+1: every page sends the same few SQL statements on a small and on a larger data set."""

import pytest

from akn_intranet import create_app
from akn_intranet.extensions import db
from bench.queries import count_per_page
from bench.seed import Scale, seed

from .conftest import START, AuthActions, Client, app_config

SMALL = Scale(forums=4, projects=6, approvals=20, action_items=20, history=60, outbox=150)
LARGER = Scale(forums=12, projects=36, approvals=200, action_items=150, history=600, outbox=400)
LIMIT = 10


def _counts(tmp_path, monkeypatch, scale: Scale, name: str) -> dict[str, int]:
    monkeypatch.setenv("AKN_INSTANCE_PATH", str(tmp_path / name))
    app = create_app(app_config(tmp_path / f"{name}.sqlite3", AKN_CLOCK=lambda: START))
    app.test_client_class = Client
    with app.app_context():
        db.create_all()
        seeded = seed(scale, START)
    client = app.test_client()
    AuthActions(client).login()
    counts = count_per_page(app, client, seeded)
    with app.app_context():
        db.engine.dispose()
    return counts


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> tuple[dict[str, int], dict[str, int]]:
    tmp_path = tmp_path_factory.mktemp("query-counts")
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _counts(tmp_path, monkeypatch, SMALL, "small"), _counts(tmp_path, monkeypatch, LARGER, "larger")


def test_query_counts_do_not_grow_with_the_data(counts):
    small, larger = counts
    assert small == larger


def test_every_page_needs_at_most_ten_queries(counts):
    small, larger = counts
    assert max(larger.values()) <= LIMIT, larger
