"""Joint projects on the same lifecycle: participants approve, everyone is told."""

import re

from .forum_steps import COORDINATOR, plain_text, received_links

LEAD = "kaarst@akn.example"
PARTICIPANTS = ("Kaarst", "Dormagen", "Jüchen")


def project_data(database, **overrides):
    data = {
        "title": "Stadtradeln im Rhein-Kreis",
        "project_kind": "campaign",
        "description": "Gemeinsame Teilnahme am **Stadtradeln**.",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-21",
        "lead_id": database.member_id("Kaarst"),
        "participant_ids": [database.member_id(p) for p in PARTICIPANTS[1:]],
        "field_ids": [],
        "sdgs": [11, 13],
    }
    data.update(overrides)
    return data


def _plan(client, auth, database, **overrides):
    auth.login()
    response = client.submit("/projekte/neu", project_data(database, **overrides))
    auth.logout()
    return response



def test_a_project_starts_today_but_not_yesterday(client, auth, database):
    assert _plan(client, auth, database, starts_on="2026-11-21").status_code == 302  # the test clock's today
    auth.login()
    response = client.submit("/projekte/neu", project_data(database, title="Zu spät", starts_on="2026-11-20"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    at_field = page[page.index('name="starts_on"') :]
    assert "Beginn darf nicht in der Vergangenheit liegen" in at_field[: at_field.index("</div>")]
    assert "Termin" not in page  # a project has a start, not a date and hour
    assert database.latest_project().title == "Stadtradeln im Rhein-Kreis"  # nothing stored of the refused one


def test_project_lifecycle_with_three_of_eight_members(client, auth, clock, database, smtp):
    everyone = database.recipient_count()
    assert _plan(client, auth, database).status_code == 302
    project = database.latest_project()
    assert project.state == "planned"
    assert sorted(m.place for m in project.participants) == sorted(PARTICIPANTS)  # the lead takes part
    assert [g.number for g in project.goals] == [11, 13]
    assert len(smtp.wait_for(everyone)) == everyone
    assert smtp.to(COORDINATOR)[0]["Subject"] == "[AKN] Neues gemeinsames Projekt: Stadtradeln im Rhein-Kreis"

    clock.advance(days=25)
    auth.login(LEAD)
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    assert database.latest_project().state == "held"
    smtp.wait_for(2 * everyone)
    page = client.get(f"/projekte/{project.id}/bericht").get_data(as_text=True)
    assert "Ergebnisse" in page and "Wirkung und Kennzahlen" in page
    project = database.latest_project()
    data = {
        "revision": project.revision,
        "action": "submit",
        "sections-0-notes": "1.234 Teilnehmende, 250.000 km.",
        "sections-0-decisions": "",
        "sections-1-notes": "38 t CO2 vermieden.",
        "sections-1-decisions": "",
        "sections-2-notes": "",
        "sections-2-decisions": "Im nächsten Jahr wieder.",
    }
    assert client.submit(f"/projekte/{project.id}/bericht", data).status_code == 302
    auth.logout()
    received = smtp.wait_for(3 * everyone)
    submitted = [m for m in received if "Berichtsentwurf zur Genehmigung" in m["Subject"]]
    assert len(submitted) == everyone
    links = received_links(submitted)
    # only the contacts of the three participating members get a link
    assert set(links) == {
        "kaarst@akn.example", "kaarst2@akn.example", "dormagen@akn.example",
        "dormagen2@akn.example", "juechen@akn.example",
    }
    assert "38 t CO2 vermieden." in plain_text(submitted[0])

    for address in ("kaarst2@akn.example", "dormagen@akn.example", "juechen@akn.example"):
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
    assert database.latest_project().state == "approved"
    smtp.wait_for(4 * everyone)

    auth.login()
    assert client.submit(f"/projekte/{project.id}/aktion/distribute").status_code == 302
    received = smtp.wait_for(5 * everyone)
    final = [m for m in received if m["Subject"] == "[AKN] Bericht: Stadtradeln im Rhein-Kreis"]
    assert len(final) == everyone
    assert all("1.234 Teilnehmende" in plain_text(m) for m in final)
    assert [h[0] for h in database.history(project)] == ["plan", "hold", "submit_minutes", "approve", "distribute"]
    assert len({m["References"] for m in received}) == 1  # one thread per project


def test_members_opt_in_and_out_while_planned(client, auth, clock, database):
    _plan(client, auth, database)
    project = database.latest_project()
    auth.login("grevenbroich@akn.example")
    page = f"/projekte/{project.id}"
    assert client.submit(f"{page}/teilnahme", {"action": "join"}, page=page).status_code == 302
    assert "Grevenbroich" in [m.place for m in database.latest_project().participants]
    assert client.submit(f"{page}/teilnahme", {"action": "leave"}, page=page).status_code == 302
    assert "Grevenbroich" not in [m.place for m in database.latest_project().participants]
    auth.logout()

    auth.login(LEAD)
    response = client.post_stale(f"/projekte/{project.id}/teilnahme", {"action": "leave"})
    assert response.status_code == 422
    assert "Federführung" in response.get_data(as_text=True)
    clock.advance(days=25)
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    auth.logout()

    auth.login("grevenbroich@akn.example")
    response = client.post_stale(f"/projekte/{project.id}/teilnahme", {"action": "join"})
    assert response.status_code == 409
    assert "nur möglich, solange das Projekt geplant ist" in response.get_data(as_text=True)
    assert "Grevenbroich" not in [m.place for m in database.latest_project().participants]


def test_unknown_sdg_is_refused(client, auth, database):
    auth.login()
    response = client.submit("/projekte/neu", project_data(database, sdgs=[13, 18]))
    assert response.status_code == 200
    assert "Unbekanntes Nachhaltigkeitsziel: 18. Es gibt die SDGs 1 bis 17." in response.get_data(as_text=True)
    assert database.latest_project() is None
    assert database.outbox() == []


def test_end_before_start_is_refused(client, auth, database):
    auth.login()
    response = client.submit("/projekte/neu", project_data(database, ends_on="2026-11-30"))
    assert "nicht vor dem Beginn" in response.get_data(as_text=True)
    assert database.latest_project() is None


def test_project_list_filters(client, auth, database):
    _plan(client, auth, database)
    _plan(client, auth, database, title="Klimaanpassungs-Broschüre", project_kind="brochure", sdgs=[6],
          lead_id=database.member_id("Meerbusch"), participant_ids=[])
    auth.login("rommerskirchen@akn.example")

    def titles(query: str) -> list[str]:
        page = client.get(f"/projekte/?{query}").get_data(as_text=True)
        return re.findall(r'/projekte/\d+">([^<]+)</a>', page)

    assert sorted(titles("")) == ["Klimaanpassungs-Broschüre", "Stadtradeln im Rhein-Kreis"]
    assert titles("sdg=13") == ["Stadtradeln im Rhein-Kreis"]
    assert titles(f"member={database.member_id('Meerbusch')}") == ["Klimaanpassungs-Broschüre"]
    assert titles("state=held") == []
    assert sorted(titles("state=planned")) == ["Klimaanpassungs-Broschüre", "Stadtradeln im Rhein-Kreis"]


def test_projects_on_the_dashboard(client, auth, database):
    _plan(client, auth, database)
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assert "Gemeinsame Projekte" in page
    assert "Stadtradeln im Rhein-Kreis" in page
    assert "Findet am 01.12.2026 statt" in page


def test_the_project_list_is_paged(client, auth, database, monkeypatch):
    from akn_intranet.projects import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for number in range(3):
        _plan(client, auth, database, title=f"Projekt {number}", starts_on=f"2026-12-0{number + 1}")
    auth.login("juechen@akn.example")
    first = client.get("/projekte/?state=planned").get_data(as_text=True)
    assert "Projekt 2" in first and "Projekt 1" in first and "Projekt 0" not in first
    assert "ältere →" in first
    second = client.get("/projekte/?state=planned&seite=2").get_data(as_text=True)
    assert "Projekt 0" in second and "Projekt 2" not in second and "← neuere" in second
