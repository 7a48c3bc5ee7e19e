"""Decisions as items of their own: entered in the editor, numbered in the document, listed in the Beschlussregister."""

import re
from html import unescape

from sqlalchemy import select

from akn_intranet.action_items.models import ActionItem
from akn_intranet.decisions.models import Decision
from akn_intranet.minutes.models import Section

from .forum_steps import COORDINATOR, HOST, PRESENT, advance_to, approval_links, document_path, plan, write_minutes
from .test_projects import project_data

KLIMAWOCHE = "Die Allianz richtet im Mai 2027 eine gemeinsame Klimawoche aus."
STAND = "Stadt Kaarst koordiniert den gemeinsamen Stand."
STADTRADELN = "Das Stadtradeln 2027 wird gemeinsam beworben."
DRAFTED = "Ein Beschluss, der noch im Entwurf steht."
FLYER, BOOTH, POSTER = "Flyer entwerfen", "Stand buchen", "Plakate drucken"
JUECHEN, DORMAGEN = "juechen@akn.example", "dormagen@akn.example"


def _text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _decisions(database, activity_id: int) -> list[tuple[int, int, str]]:
    database.session.rollback()
    query = (
        select(Section.position, Decision.position, Decision.text)
        .join(Decision.section)
        .where(Section.activity_id == activity_id)
        .order_by(Section.position, Decision.position)
    )
    return [tuple(row) for row in database.session.execute(query)]


def _carried_out(database, description: str) -> str | None:
    database.session.rollback()
    item = database.session.scalars(select(ActionItem).filter_by(description=description)).one()
    return item.decision.text if item.decision else None


def _approve(client, database, activity, addresses=PRESENT) -> None:
    links = approval_links(database.outbox(activity, "minutes_submitted"))
    for address in addresses:
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200


def _held_forum(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    return forum


def test_the_editor_offers_a_field_per_decision_and_keeps_them_numbered(client, auth, clock, database):
    forum = _held_forum(client, auth, clock, database)
    page = _text(client.get(document_path(forum)))
    assert "Beschluss 1 zu TOP 2: Klimawoche 2027" in page and "Beschluss 2 zu TOP 2: Klimawoche 2027" in page
    assert "Setzt Beschluss um (Aufgabe 1)" in page
    # the second row is left empty: the third becomes decision 2, and the action item that names it follows it
    jüchen = database.member_id("Jüchen")
    response = write_minutes(
        client, forum, ["Begrüßung.", "Klimawoche im Mai.", ""], decisions=[[], [KLIMAWOCHE, "", STAND]],
        action_items=[(FLYER, jüchen, "2026-12-15", "2.1"), (BOOTH, jüchen, "", "2.3"), (POSTER, jüchen, "", "")],
    )
    assert response.status_code == 302
    assert _decisions(database, forum.id) == [(2, 1, KLIMAWOCHE), (2, 2, STAND)]
    assert [_carried_out(database, d) for d in (FLYER, BOOTH, POSTER)] == [KLIMAWOCHE, STAND, None]

    html = client.get(document_path(forum)).get_data(as_text=True)
    assert f"\n{KLIMAWOCHE}</textarea>" in html and f"\n{STAND}</textarea>" in html
    assert "Beschluss 3 zu TOP 2: Klimawoche 2027" in unescape(html)  # empty rows to add more
    assert re.search(r'<option selected value="2.2">Beschluss 2 zu TOP 2: Klimawoche 2027 – Stadt Kaarst', unescape(html))

    # a decision removed while an action item names it: said at the field, nothing stored
    revision = database.latest_forum().revision
    response = write_minutes(
        client, database.latest_forum(), ["Begrüßung.", "Klimawoche im Mai.", ""], decisions=[[], [KLIMAWOCHE, ""]],
        action_items=[(FLYER, jüchen, "2026-12-15", "2.1"), (BOOTH, jüchen, "", "2.2")],
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Setzt Beschluss um (Aufgabe 2): Die gewählte Angabe steht nicht (mehr) im Formular." in page
    assert database.latest_forum().revision == revision
    assert _decisions(database, forum.id) == [(2, 1, KLIMAWOCHE), (2, 2, STAND)]


def test_a_forged_decision_reference_is_refused(client, auth, clock, database):
    forum = _held_forum(client, auth, clock, database)
    response = write_minutes(
        client, forum, ["", "", ""], decisions=[[KLIMAWOCHE]],
        action_items=[(FLYER, database.member_id("Jüchen"), "", "x.9")],
    )
    assert response.status_code == 200
    assert "Die gewählte Angabe steht nicht (mehr) im Formular." in _text(response)
    assert _decisions(database, forum.id) == []


def test_a_decision_alone_counts_as_written_minutes_and_is_numbered_in_the_document(client, auth, clock, database):
    forum = _held_forum(client, auth, clock, database)
    refused = write_minutes(client, forum, ["", "", ""], action="submit")
    assert refused.status_code == 422  # nothing written yet
    response = write_minutes(
        client, forum, ["", "", ""], action="submit", decisions=[[], [KLIMAWOCHE, STAND]],
        action_items=[(FLYER, database.member_id("Jüchen"), "2026-12-15", "2.2")],
    )
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "minutes_drafted"
    body = forum.current_version.body
    top2 = body[body.index("## TOP 2: Klimawoche 2027") : body.index("## TOP 3")]
    assert f"**Beschluss 1:** {KLIMAWOCHE}\n\n**Beschluss 2:** {STAND}\n" in top2
    assert "**Beschluss" not in body[body.index("## TOP 3") :].split("## Aufgaben")[0]
    assert f"| {FLYER} (setzt Beschluss 2 zu TOP 2: Klimawoche 2027 um) | Stadt Jüchen | 15.12.2026 |" in body


def test_a_report_names_its_decisions_agreements(client, auth, clock, database):
    auth.login()
    assert client.submit("/projekte/neu", project_data(database)).status_code == 302
    project = database.latest_project()
    clock.advance(days=25)
    auth.logout()
    auth.login("kaarst@akn.example")
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    assert "Vereinbarung 1 zu Ergebnisse" in _text(client.get(document_path(project)))
    response = write_minutes(
        client, database.latest_project(), ["", "", ""], action="submit", decisions=[[STADTRADELN]],
        action_items=[(POSTER, database.member_id("Jüchen"), "", "1.1")],
    )
    assert response.status_code == 302
    body = database.latest_project().current_version.body
    assert f"**Vereinbarung 1:** {STADTRADELN}" in body
    assert f"| {POSTER} (setzt Vereinbarung 1 zu Ergebnisse um) |" in body


def _register(client, auth, clock, database) -> dict[str, int]:
    """An approved forum (2026, host Kaarst) with two decisions, an approved project (2027, lead Dormagen) with
    one, and a forum whose minutes with a decision still await approval."""
    auth.login(COORDINATOR)
    assert plan(client, database).status_code == 302
    forum = database.latest_forum()
    assert plan(client, database, number=8, title="8. Kooperationsforum", day="2026-12-10").status_code == 302
    drafted = database.latest_forum()
    dormagen = database.member_id("Dormagen")
    participants = [database.member_id(p) for p in ("Kaarst", "Jüchen")]
    data = project_data(database, starts_on="2027-01-05", ends_on="2027-02-05", lead_id=dormagen, participant_ids=participants)
    assert client.submit("/projekte/neu", data).status_code == 302
    project = database.latest_project()
    attendees = database.user_ids(*PRESENT)
    clock.advance(days=8)
    jüchen, kaarst = database.member_id("Jüchen"), database.member_id("Kaarst")
    auth.logout()

    auth.login(HOST)
    assert client.submit(f"/foren/{forum.id}/durchgefuehrt", {"attendee_ids": attendees}).status_code == 302
    response = write_minutes(
        client, database.activity(forum.id), ["Begrüßung.", "Klimawoche.", ""], action="submit",
        decisions=[[], [KLIMAWOCHE, STAND]],
        action_items=[(FLYER, jüchen, "2026-12-15", "2.1"), (BOOTH, kaarst, "2026-12-01", "2.1")],
    )
    assert response.status_code == 302
    _approve(client, database, forum)

    clock.advance(days=42)  # 10.01.2027
    assert client.submit(f"/foren/{drafted.id}/durchgefuehrt", {"attendee_ids": attendees}).status_code == 302
    response = write_minutes(client, database.activity(drafted.id), ["", "", ""], action="submit", decisions=[[DRAFTED]])
    assert response.status_code == 302
    auth.logout()
    auth.login(DORMAGEN)
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    response = write_minutes(client, database.activity(project.id), ["", "", ""], action="submit", decisions=[[STADTRADELN]])
    assert response.status_code == 302
    _approve(client, database, project, (DORMAGEN, "kaarst@akn.example", JUECHEN))
    assert database.activity(project.id).state == "approved" and database.activity(forum.id).state == "approved"

    auth.logout()
    auth.login(JUECHEN)
    database.session.rollback()
    item = database.session.scalars(select(ActionItem).filter_by(description=FLYER)).one()
    assert client.submit(f"/aufgaben/{item.id}/erledigt", {"note": "Gedruckt."}).status_code == 302
    return {"forum": forum.id, "project": project.id, "jüchen": jüchen, "dormagen": dormagen, "kaarst": kaarst}


def _listed(response) -> list[str]:
    page = _text(response)
    return sorted((text for text in (KLIMAWOCHE, STAND, STADTRADELN, DRAFTED) if text in page), key=page.index)


def test_the_register_lists_decided_documents_newest_first_with_their_action_items(client, auth, clock, database):
    ids = _register(client, auth, clock, database)
    response = client.get("/beschluesse/")
    assert response.status_code == 200
    assert _listed(response) == [STADTRADELN, KLIMAWOCHE, STAND]  # the draft's decision is nobody's yet
    html = response.get_data(as_text=True)
    rows = html.split("<tr>")[2:]
    assert f'href="/projekte/{ids["project"]}"' in rows[0] and "Vereinbarung 1 zu Ergebnisse" in rows[0]
    assert f'href="/foren/{ids["forum"]}"' in rows[1] and "Beschluss 1 zu TOP 2: Klimawoche 2027" in unescape(rows[1])
    assert "28.11.2026" in rows[1] and "(Forum)" in rows[1]
    first = _text(client.get("/beschluesse/?text=gemeinsame+Klimawoche"))
    assert f"{FLYER} – Stadt Jüchen, fällig bis 15.12.2026: erledigt" in first
    assert f"{BOOTH} – Stadt Kaarst, fällig bis 01.12.2026: überfällig" in first
    assert '<a href="/beschluesse/">Beschlüsse</a>' in client.get("/").get_data(as_text=True)  # in the navigation
    auth.logout()
    auth.login(COORDINATOR)
    assert client.submit(f"/foren/{ids['forum']}/aktion/distribute").status_code == 302
    assert _listed(client.get("/beschluesse/")) == [STADTRADELN, KLIMAWOCHE, STAND]  # distributed, still listed


def test_the_register_filters_by_year_member_kind_and_text(client, auth, clock, database):
    ids = _register(client, auth, clock, database)
    assert _listed(client.get("/beschluesse/?year=2026")) == [KLIMAWOCHE, STAND]
    assert _listed(client.get("/beschluesse/?year=2027")) == [STADTRADELN]
    assert _listed(client.get(f"/beschluesse/?member={ids['jüchen']}")) == [KLIMAWOCHE]  # an action item of it
    assert _listed(client.get(f"/beschluesse/?member={ids['dormagen']}")) == [STADTRADELN]  # the project's lead
    assert _listed(client.get(f"/beschluesse/?member={ids['kaarst']}")) == [KLIMAWOCHE, STAND]  # the forum's host
    assert _listed(client.get("/beschluesse/?kind=project")) == [STADTRADELN]
    assert _listed(client.get("/beschluesse/?kind=forum")) == [KLIMAWOCHE, STAND]
    assert _listed(client.get("/beschluesse/?text=STAND")) == [STAND]  # case does not matter
    assert _listed(client.get("/beschluesse/?text=100%25")) == []  # a wildcard is a character like any other
    assert _listed(client.get(f"/beschluesse/?year=2026&kind=forum&member={ids['jüchen']}&text=Mai")) == [KLIMAWOCHE]


def test_invalid_register_filters_answer_422_in_german(client, auth, clock, database):
    auth.login()
    for query, message in [
        ("year=1999", "Jahr: Keine gültige Auswahl."),
        ("member=abc", "Mitglied: Ungültige Auswahl"),
        ("member=99999999999", "Mitglied: Ungültige Auswahl"),
        ("kind=rat", "Art: Keine gültige Auswahl."),
        ("text=" + "x" * 201, "Text enthält: Bitte höchstens 200 Zeichen."),
    ]:
        response = client.get(f"/beschluesse/?{query}")
        assert response.status_code == 422, query
        page = _text(response)
        assert message in page, query
        assert "sobald die Filter oben korrigiert sind" in page


def test_the_register_pages(app, client, auth, clock, database):
    forum = _held_forum(client, auth, clock, database)
    texts = [f"Beschluss Nummer {n:02}" for n in range(1, 53)]
    assert write_minutes(client, forum, ["", "", ""], action="submit", decisions=[texts]).status_code == 302
    _approve(client, database, forum)
    auth.logout()
    auth.login()
    first, second = _text(client.get("/beschluesse/")), _text(client.get("/beschluesse/?seite=2"))
    assert "Beschluss Nummer 50" in first and "Beschluss Nummer 51" not in first and "ältere →" in first
    assert "Beschluss Nummer 51" in second and "Beschluss Nummer 52" in second and "← neuere" in second
    assert "Beschluss Nummer 01" not in second
