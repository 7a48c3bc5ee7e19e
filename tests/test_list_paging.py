"""Lists that grow with the years show a page at a time: the done action items, newest first."""

import re

import pytest

from akn_intranet import create_app
from akn_intranet.action_items.views import DONE_PAGE_SIZE
from akn_intranet.extensions import db
from bench.seed import Scale, seed

from .conftest import START, AuthActions, Client, app_config

YEARS = Scale(forums=12, projects=36, approvals=200, action_items=400, history=100, outbox=20)
DONE_ROW = re.compile(r'<td data-label="Erledigt">')


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("paging")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("AKN_INSTANCE_PATH", str(tmp_path / "instance"))
        app = create_app(app_config(tmp_path / "paging.sqlite3", AKN_CLOCK=lambda: START))
        app.test_client_class = Client
        with app.app_context():
            db.create_all()
            seed(YEARS, START)
        client = app.test_client()
        AuthActions(client).login()
        yield client
        with app.app_context():
            db.engine.dispose()


def _done_part(client, query: str = "") -> str:
    return client.get(f"/aufgaben/{query}").get_data(as_text=True).split("<h2>Erledigt</h2>")[1]


def test_done_items_come_a_page_at_a_time_with_links_both_ways(client):
    first = _done_part(client)
    assert len(DONE_ROW.findall(first)) == DONE_PAGE_SIZE
    assert 'href="/aufgaben/?seite=2">früher erledigte →' in first and "später erledigte" not in first
    second = _done_part(client, "?seite=2")
    assert 'href="/aufgaben/?seite=1">← später erledigte' in second
    assert DONE_ROW.findall(second) and second.split("<tbody>")[1] != first.split("<tbody>")[1]


def test_the_last_page_has_no_older_link_and_a_member_filter_is_kept(client):
    page, html = 1, _done_part(client)
    while "früher erledigte" in html:
        page += 1
        html = _done_part(client, f"?seite={page}")
    assert 0 < len(DONE_ROW.findall(html)) <= DONE_PAGE_SIZE
    filtered = client.get("/aufgaben/?member=3").get_data(as_text=True)
    if "früher erledigte" in filtered:
        assert "member=3&amp;seite=2" in filtered
