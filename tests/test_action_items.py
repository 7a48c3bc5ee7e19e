"""Action items: decided with approved minutes, followed up per member, marked done by those responsible."""

import re
from html import unescape

from sqlalchemy import select

from akn_intranet.action_items.models import ActionItem

from .forum_steps import COORDINATOR, HOST, PRESENT, advance_to, approval_links, plan, write_minutes

FLYER = "Flyer für die Klimawoche entwerfen"
WEBSITE = "Gemeinsame Website beauftragen"
JUECHEN = "juechen@akn.example"


def _submit_with_items(client, auth, clock, database):
    """A held forum whose host submits minutes with one task for Jüchen and one for Kaarst."""
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    items = [(FLYER, database.member_id("Jüchen"), "2026-12-15"), (WEBSITE, database.member_id("Kaarst"), "")]
    response = write_minutes(client, forum, ["Begrüßung.", "Klimawoche im Mai.", ""], action="submit", action_items=items)
    assert response.status_code == 302
    auth.logout()
    return database.latest_forum()


def _approve(client, database, forum):
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    for address in PRESENT:
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
    assert database.latest_forum().state == "approved"


def _decided_forum(client, auth, clock, database):
    forum = _submit_with_items(client, auth, clock, database)
    _approve(client, database, forum)
    return forum


def _item(database, description: str) -> ActionItem:
    database.session.rollback()
    return database.session.scalars(select(ActionItem).filter_by(description=description)).one()


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _default_agenda(client) -> str:
    page = client.get("/foren/neu").get_data(as_text=True)
    return unescape(re.search(r'<textarea[^>]*name="agenda"[^>]*>(.*?)</textarea>', page, re.S).group(1)).strip()


def test_items_count_only_once_the_minutes_are_approved(client, auth, clock, database):
    forum = _submit_with_items(client, auth, clock, database)
    assert forum.state == "minutes_drafted"
    auth.login(JUECHEN)
    assert FLYER not in _text(client.get("/aufgaben/"))
    assert FLYER not in _text(client.get("/"))
    item = _item(database, FLYER)
    assert client.get(f"/aufgaben/{item.id}/erledigt").status_code == 404
    auth.logout()
    auth.login(COORDINATOR)
    agenda = _default_agenda(client)
    assert agenda.splitlines()[:3] == [
        "Genehmigung/Kenntnisnahme des Protokolls der letzten Sitzung", "Offene Aufgaben", "Berichte aus den Mitgliedern",
    ]
    assert FLYER not in agenda


def test_approved_items_reach_the_list_the_dashboard_and_the_next_agenda(client, auth, clock, database):
    forum = _decided_forum(client, auth, clock, database)
    auth.login(JUECHEN)
    html = client.get("/aufgaben/").get_data(as_text=True)
    group = html[html.index("<h3>Stadt Jüchen</h3>") : html.index("<h2>Erledigt</h2>")]  # grouped per member
    assert FLYER in group and "15.12.2026" in group and f'href="/foren/{forum.id}"' in group
    assert "überfällig" not in group
    assert WEBSITE not in html  # by default a contact sees their own member's tasks
    everyone = _text(client.get("/aufgaben/?member=0"))
    assert FLYER in everyone and WEBSITE in everyone and "ohne Frist" in everyone
    assert FLYER in _text(client.get("/"))
    auth.logout()

    auth.login(COORDINATOR)
    agenda = _default_agenda(client).splitlines()
    assert agenda[:2] == ["Genehmigung/Kenntnisnahme des Protokolls der letzten Sitzung", "Offene Aufgaben"]
    assert agenda[2:4] == [
        f"Aufgabe: {FLYER} (Stadt Jüchen, fällig bis 15.12.2026)",
        f"Aufgabe: {WEBSITE} (Stadt Kaarst)",
    ]
    response = plan(client, database, number=8, title="8. Kooperationsforum", day="2027-02-10", agenda="\n".join(agenda))
    assert response.status_code == 302
    assert [s.title for s in database.latest_forum().sections][1:3] == agenda[1:3]


def test_overdue_items_stand_out(client, auth, clock, database):
    _decided_forum(client, auth, clock, database)
    clock.advance(days=20)  # 19.12.2026: the flyer was due on the 15th
    auth.login("dormagen@akn.example")
    dashboard = client.get("/").get_data(as_text=True)
    row = dashboard[dashboard.index(FLYER) - 200 : dashboard.index(FLYER)]
    assert 'class="overdue"' in row
    assert "überfällig" in _text(client.get("/aufgaben/?member=0"))


def test_the_responsible_contact_marks_an_item_done_with_a_note(client, auth, clock, database):
    _decided_forum(client, auth, clock, database)
    item = _item(database, FLYER)
    auth.login(JUECHEN)
    assert "nicht rückgängig" in client.get(f"/aufgaben/{item.id}/erledigt").get_data(as_text=True)
    response = client.submit(f"/aufgaben/{item.id}/erledigt", {"note": "  "})
    assert response.status_code == 200
    assert "Bitte beschreiben Sie kurz" in response.get_data(as_text=True)
    assert _item(database, FLYER).done_at is None

    response = client.submit(f"/aufgaben/{item.id}/erledigt", {"note": "500 Flyer gedruckt und verteilt."})
    assert response.status_code == 302
    item = _item(database, FLYER)
    assert item.done_at == clock.now
    assert item.done_by.email == JUECHEN
    assert item.done_note == "500 Flyer gedruckt und verteilt."
    html = client.get("/aufgaben/").get_data(as_text=True)
    open_part, done_part = html.split("<h2>Erledigt</h2>")
    assert "ist als erledigt vermerkt" in open_part and "Keine offenen Aufgaben für dieses Mitglied." in open_part
    assert FLYER in done_part and "500 Flyer gedruckt und verteilt." in done_part and "Jana Jürgens" in done_part
    assert FLYER not in _text(client.get("/"))

    again = client.post_stale(f"/aufgaben/{item.id}/erledigt", {"note": "Nochmal."})
    assert again.status_code == 409
    assert _item(database, FLYER).done_note == "500 Flyer gedruckt und verteilt."


def test_another_members_contact_may_not_mark_it_done(client, auth, clock, database):
    _decided_forum(client, auth, clock, database)
    item = _item(database, FLYER)
    for address in (HOST, "beratung@akn.example"):  # the host's member is not responsible; the advisor only reads
        auth.login(address)
        assert "Erledigt melden" not in client.get("/aufgaben/?member=0").get_data(as_text=True).split(WEBSITE)[0]
        assert client.get(f"/aufgaben/{item.id}/erledigt").status_code == 403
        response = client.post_stale(f"/aufgaben/{item.id}/erledigt", {"note": "Erledigt, glaube ich."})
        assert response.status_code == 403
        assert "nur deren Ansprechpersonen oder die Koordination" in response.get_data(as_text=True)
        auth.logout()
    item = _item(database, FLYER)
    assert (item.done_at, item.done_by_id, item.done_note) == (None, None, "")

    auth.login(COORDINATOR)
    assert client.submit(f"/aufgaben/{item.id}/erledigt", {"note": "In der Sitzung bestätigt."}).status_code == 302
    assert _item(database, FLYER).done_by.email == COORDINATOR
