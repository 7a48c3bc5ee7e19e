"""The coordinator sees every forum, its state, since when, and what it waits for from whom."""

import re

from bench.queries import recorded

from .forum_steps import COORDINATOR, advance_to, approval_links


def _row(client, title="7. Kooperationsforum") -> str:
    page = client.get("/").get_data(as_text=True)
    row = page[page.index(title) :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")]))


def test_overdue_minutes_name_the_host_and_the_days(client, auth, clock, database):
    advance_to("held", client, auth, clock, database)
    clock.advance(days=9)
    auth.login(COORDINATOR)
    row = _row(client)
    assert "Durchgeführt – Protokoll in Arbeit" in row
    assert "Protokoll von Stadt Kaarst seit 9 Tagen ausstehend" in row


def test_missing_approvals_are_named(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    client.submit(f"/genehmigung/{links['kaarst2@akn.example']}", {"action": "approve"})
    auth.login(COORDINATOR)
    assert "Genehmigungen 1 von 3 – es fehlen: Stadt Dormagen, Stadt Jüchen" in _row(client)


def test_planned_and_finished_forums(client, auth, clock, database):
    advance_to("distributed", client, auth, clock, database)
    auth.login(COORDINATOR)
    assert "Verteilt" in _row(client)
    assert "nichts mehr (abgeschlossen)" in _row(client)


def test_forum_page_shows_only_the_buttons_the_user_may_press(client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(COORDINATOR)
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    for label in ("Termin ändern", "Absagen", "Als durchgeführt markieren"):
        assert label in page
    auth.logout()
    auth.login("kaarst@akn.example")  # the host
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Als durchgeführt markieren" in page
    assert "Absagen" not in page and "Termin ändern" not in page
    auth.logout()
    auth.login("dormagen@akn.example")  # reads everything, may press nothing here
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Rathaus Kaarst" in page and "Klimawoche 2027" in page
    assert 'class="button"' not in page


def test_printable_minutes_version(client, auth, clock, database):
    forum = advance_to("approved", client, auth, clock, database)
    auth.login("beratung@akn.example")
    page = client.get(f"/foren/{forum.id}/protokoll/fassung-1").get_data(as_text=True)
    assert "Protokoll: 7. Kooperationsforum" in page
    assert "<td>Stadt Dormagen</td><td>29.11.2026, 10:00 Uhr</td><td>per persönlichem Link</td>" in page
    assert client.get(f"/foren/{forum.id}/protokoll/fassung-2").status_code == 404


def test_only_the_coordinator_sees_and_costs_the_outbox_notice(app, client, auth, clock, database):
    advance_to("planned", client, auth, clock, database)  # mail waits in the outbox (no SMTP here)
    auth.login(COORDINATOR)
    with recorded(app) as statements:
        page = client.get("/").get_data(as_text=True)
    assert "Postausgang:" in page and " wartend" in page
    assert any("FROM outbox" in s for s in statements)

    auth.login("kaarst@akn.example")
    with recorded(app) as statements:
        page = client.get("/").get_data(as_text=True)
    assert "7. Kooperationsforum" in page and "Postausgang:" not in page
    assert not any("outbox" in s for s in statements)
