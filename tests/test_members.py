"""Joining and leaving: periods are kept, a running project blocks leaving, and from the leaving
date a member's contacts get no mail, cannot log in, host no forum and approve nothing."""

import re
from datetime import date

from akn_intranet.members.operations import apply_membership_changes
from akn_intranet.transactions import commit

from .forum_steps import COORDINATOR, HOST, PRESENT, approval_links, eventually, hold, plan, write_minutes
from .test_projects import project_data

ROMMERSKIRCHEN = "rommerskirchen@akn.example"
NEUSS_CONTACT = "nora.neumann@neuss.example"


def _join_neuss(client, follow_redirects: bool = False, **overrides):
    data = {"name": "Stadt Neuss", "place": "Neuss", "is_municipality": "y", "effective_on": "2026-11-21", "note": ""}
    return client.submit("/mitglieder/neu", {**data, **overrides}, follow_redirects=follow_redirects)


def _leave(client, database, place: str, day: str):
    return client.submit(f"/mitglieder/{database.member_id(place)}/austritt", {"effective_on": day, "note": ""})


def _apply(app, day: date) -> list[str]:
    """What ``flask akn tick`` does on ``day``."""
    with app.app_context():
        lines = apply_membership_changes(day)
        commit()
    return lines


def _hosts(client) -> tuple[list[str], str]:
    """The host options of the plan form, and the one proposed."""
    page = client.get("/foren/neu").get_data(as_text=True)
    select = page[page.index('name="host_id"') :]
    select = select[: select.index("</select>")]
    return re.findall(r"<option[^>]*>([^<]+)</option>", select), re.search(r"<option selected[^>]*>([^<]+)<", select).group(1)


def _periods(database, place: str) -> list[tuple[date | None, date | None]]:
    return [(p.joined_on, p.left_on) for p in database.member(place).memberships]


def _plan_project(client, database, **overrides) -> int:
    response = client.submit("/projekte/neu", project_data(database, **overrides))
    assert response.status_code == 302
    return database.latest_project().id


def test_stadt_neuss_joins_hosts_in_turn_and_its_new_contact_gets_the_mail(client, auth, database, smtp):
    auth.login()
    response = _join_neuss(client, follow_redirects=True)
    assert "Beitritt von Stadt Neuss erfasst; er ist sofort wirksam." in response.get_data(as_text=True)
    neuss = database.member("Neuss")
    assert (neuss.active, neuss.is_municipality, neuss.hosts_forums) == (True, True, True)
    assert _periods(database, "Neuss") == [(date(2026, 11, 21), None)]
    assert neuss.memberships[0].recorded_by_id == database.user_ids(COORDINATOR)[0]
    assert "Beitritt zum 21.11.2026" in client.get("/mitglieder/").get_data(as_text=True)

    assert plan(client, database, host_id=database.member_id("Meerbusch")).status_code == 302
    options, proposed = _hosts(client)
    assert options[-3:] == ["Stadt Meerbusch", "Stadt Neuss", "Gemeinde Rommerskirchen"]
    assert proposed == "Stadt Neuss"

    response = client.submit(
        "/ansprechpersonen/neu", {"member_id": neuss.id, "name": "Nora Neumann", "email": "Nora.Neumann@Neuss.example"}
    )
    assert response.status_code == 302
    eventually(lambda: len(smtp.to(NEUSS_CONTACT)) == 1)
    invitation = smtp.to(NEUSS_CONTACT)[0]
    assert invitation["Subject"] == "[AKN] Ihr Zugang zum AKN Intranet"
    link = re.search(r"/einladung/[\w-]+", invitation.get_body(preferencelist=("plain",)).get_content()).group(0)
    auth.logout()
    response = client.submit(link, {"password": "neuss-klima-2026", "confirm": "neuss-klima-2026"})
    assert response.status_code == 302

    auth.login()
    assert plan(client, database, number=8, title="8. Kooperationsforum", day="2027-02-20", host_id=neuss.id).status_code == 302
    eventually(lambda: len(smtp.to(NEUSS_CONTACT)) == 2)
    assert smtp.to(NEUSS_CONTACT)[1]["Subject"] == "[AKN] Einladung: 8. Kooperationsforum am 20.02.2027"
    auth.logout()
    assert auth.login(NEUSS_CONTACT, "neuss-klima-2026").headers["Location"] == "/"


def test_a_joining_recorded_ahead_takes_effect_on_its_date(app, client, auth, clock, database):
    auth.login()
    response = _join_neuss(client, effective_on="2026-12-01", follow_redirects=True)
    assert "er wird am 01.12.2026 wirksam" in response.get_data(as_text=True)
    assert database.member("Neuss").active is False
    assert "Stadt Neuss" not in _hosts(client)[0]
    assert _apply(app, date(2026, 11, 30)) == []

    clock.advance(days=10)
    assert _apply(app, date(2026, 12, 1)) == ["Stadt Neuss ist seit dem 01.12.2026 Mitglied."]
    assert _apply(app, date(2026, 12, 1)) == []  # idempotent
    assert database.member("Neuss").active is True
    assert "Stadt Neuss" in _hosts(client)[0]


def test_a_former_member_joins_again_in_a_new_period(client, auth, database):
    auth.login()
    response = client.post_stale(f"/mitglieder/{database.member_id('Rommerskirchen')}/austritt",
                                             {"effective_on": "2026-11-21", "note": ""})
    assert response.status_code == 302
    assert database.member("Rommerskirchen").active is False

    rommerskirchen = database.member_id("Rommerskirchen")
    response = client.submit(f"/mitglieder/{rommerskirchen}/beitritt", {"effective_on": "2026-11-20"})
    assert response.status_code == 422
    assert "frühestens an diesem Tag" in response.get_data(as_text=True)
    assert _periods(database, "Rommerskirchen") == [(None, date(2026, 11, 21))]

    response = client.submit(f"/mitglieder/{rommerskirchen}/beitritt", {"effective_on": "2027-01-01", "note": "Ratsbeschluss"})
    assert response.status_code == 302
    assert _periods(database, "Rommerskirchen") == [(None, date(2026, 11, 21)), (date(2027, 1, 1), None)]
    assert database.member("Rommerskirchen").active is False  # not yet

    response = client.submit(f"/mitglieder/{rommerskirchen}/beitritt", {"effective_on": "2027-02-01"})
    assert response.status_code == 409
    assert "bereits zum 01.01.2027 erfasst" in response.get_data(as_text=True)
    assert len(_periods(database, "Rommerskirchen")) == 2


def test_a_member_in_a_running_project_leaves_only_after_being_withdrawn(app, client, auth, clock, database):
    auth.login()
    project_id = _plan_project(
        client, database, participant_ids=[database.member_id("Rommerskirchen"), database.member_id("Dormagen")]
    )
    response = _leave(client, database, "Rommerskirchen", "2026-11-25")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "an laufenden gemeinsamen Projekten beteiligt" in page
    assert f'href="/projekte/{project_id}">Stadtradeln im Rhein-Kreis</a>' in page
    assert _periods(database, "Rommerskirchen") == [(None, None)]

    withdraw = f"/mitglieder/{database.member_id('Rommerskirchen')}/projekte/{project_id}/abmelden"
    assert withdraw in client.get(f"/mitglieder/{database.member_id('Rommerskirchen')}/austritt").get_data(as_text=True)
    assert "abmelden" in client.get(withdraw).get_data(as_text=True)
    assert "Rommerskirchen" in [m.place for m in database.latest_project().participants]  # GET changed nothing
    assert client.submit(withdraw).status_code == 302
    assert "Rommerskirchen" not in [m.place for m in database.latest_project().participants]

    response = _leave(client, database, "Rommerskirchen", "2026-11-25")
    assert response.status_code == 302
    assert _periods(database, "Rommerskirchen") == [(None, date(2026, 11, 25))]
    assert database.member("Rommerskirchen").active is True  # until its leaving date
    auth.logout()
    assert auth.login(ROMMERSKIRCHEN).headers["Location"] == "/"
    auth.logout()

    clock.advance(days=4)
    assert _apply(app, date(2026, 11, 25)) == ["Gemeinde Rommerskirchen ist seit dem 25.11.2026 kein Mitglied mehr."]
    assert _apply(app, date(2026, 11, 25)) == []
    assert database.member("Rommerskirchen").active is False

    response = auth.login(ROMMERSKIRCHEN)
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    auth.login()
    assert "Gemeinde Rommerskirchen" not in _hosts(client)[0]
    assert plan(client, database).status_code == 302
    invited = {m.recipient for m in database.outbox(database.latest_forum(), "invitation")}
    assert ROMMERSKIRCHEN not in invited and "dormagen@akn.example" in invited
    page = client.get("/mitglieder/").get_data(as_text=True)
    assert "Austritt zum 25.11.2026" in page and "(derzeit kein Mitglied)" in page


def test_a_session_of_a_member_that_left_ends(client, auth, database):
    auth.login(ROMMERSKIRCHEN)
    assert client.get("/").status_code == 200
    other = client.application.test_client()
    other.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"})
    assert _leave(other, database, "Rommerskirchen", "2026-11-21").status_code == 302
    assert client.get("/").status_code == 302  # the open session no longer counts


def test_a_member_that_left_approves_nothing_and_history_keeps_its_name(client, auth, clock, database):
    auth.login()
    plan(client, database)
    forum = database.latest_forum()
    auth.logout()
    clock.advance(days=8)
    auth.login(HOST)
    assert hold(client, forum.id, database.user_ids(*PRESENT, ROMMERSKIRCHEN)).status_code == 302
    forum = database.latest_forum()
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche.", ""], action="submit").status_code == 302
    auth.logout()
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    assert ROMMERSKIRCHEN in links
    response = client.submit(f"/genehmigung/{links[ROMMERSKIRCHEN]}", {"action": "request_changes", "comment": "TOP 2 fehlt."})
    assert response.status_code == 200

    auth.login()
    assert _leave(client, database, "Rommerskirchen", "2026-11-29").status_code == 302
    assert "Rommerskirchen" not in [m.place for m in database.latest_forum().members_present]
    auth.logout()
    before = {m.id for m in database.outbox(forum, "minutes_submitted")}
    auth.login(HOST)
    forum = database.latest_forum()
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche, TOP 2.", ""], action="submit").status_code == 302
    second = [m for m in database.outbox(forum, "minutes_submitted") if m.id not in before]
    assert second and ROMMERSKIRCHEN not in {m.recipient for m in second}
    links = approval_links(second)
    assert set(links) >= set(PRESENT) and ROMMERSKIRCHEN not in links
    for address in PRESENT:
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
    assert database.latest_forum().state == "approved"  # without the member that left
    assert "Ruth Roth (Gemeinde Rommerskirchen)" in client.get(f"/foren/{forum.id}").get_data(as_text=True)


def test_project_participants_that_left_no_longer_count(client, auth, database):
    auth.login()
    project_id = _plan_project(client, database, participant_ids=[database.member_id("Rommerskirchen")])
    assert client.submit(f"/projekte/{project_id}/aktion/cancel", {"comment": "Keine Mittel."}).status_code == 302
    assert _leave(client, database, "Rommerskirchen", "2026-11-21").status_code == 302  # cancelled: no obstacle
    project = database.latest_project()
    assert "Rommerskirchen" in [m.place for m in project.participants]  # the record stays
    assert "Rommerskirchen" not in [m.place for m in project.active_participants]


def test_the_lead_cannot_be_withdrawn_and_a_running_project_cannot_be_left(client, auth, clock, database):
    auth.login()
    rommerskirchen = database.member_id("Rommerskirchen")
    led = _plan_project(client, database, title="Klimawoche", lead_id=rommerskirchen, participant_ids=[])
    withdraw = f"/mitglieder/{rommerskirchen}/projekte/{led}/abmelden"
    for response in (client.get(withdraw), client.post_stale(withdraw)):
        assert response.status_code == 422
        assert "hat die Federführung für „Klimawoche“ und kann nicht abgemeldet werden" in response.get_data(as_text=True)
    assert "Rommerskirchen" in [m.place for m in database.latest_project().participants]

    held = _plan_project(client, database, participant_ids=[rommerskirchen])
    clock.advance(days=25)
    auth.logout()
    auth.login("kaarst@akn.example")
    assert client.submit(f"/projekte/{held}/aktion/hold").status_code == 302
    auth.logout()
    auth.login()
    response = client.post_stale(f"/mitglieder/{rommerskirchen}/projekte/{held}/abmelden")
    assert response.status_code == 409
    assert "nur möglich, solange das Projekt geplant ist" in response.get_data(as_text=True)
    page = client.get(f"/mitglieder/{rommerskirchen}/austritt").get_data(as_text=True)
    assert "Läuft bereits" in page and "hat die Federführung" in page
    assert _leave(client, database, "Rommerskirchen", "2027-01-01").status_code == 422
    assert _periods(database, "Rommerskirchen") == [(None, None)]


def test_only_the_coordinator_records_joining_and_leaving(client, auth, database):
    auth.login("kaarst@akn.example")
    page = client.get("/mitglieder/").get_data(as_text=True)
    assert "Gemeinde Rommerskirchen" in page and "Ruth Roth" in page
    assert "Austritt erfassen" not in page
    assert client.post_stale("/mitglieder/neu", {"name": "Stadt Neuss", "place": "Neuss"}).status_code == 403
    response = client.post_stale(f"/mitglieder/{database.member_id('Rommerskirchen')}/austritt",
                                             {"effective_on": "2026-11-21", "note": ""})
    assert response.status_code == 403
    assert "Koordination vorbehalten" in response.get_data(as_text=True)
    assert database.member("Neuss") is None
    assert _periods(database, "Rommerskirchen") == [(None, None)]


def test_bad_joining_and_leaving_input_changes_nothing(client, auth, database):
    auth.login()
    response = _join_neuss(client, name="", place="Neuss", effective_on="21.11.")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bitte füllen Sie dieses Feld aus." in page and "Kein gültiges Datum." in page
    assert 'value="Neuss"' in page  # input kept
    response = _join_neuss(client, name="stadt kaarst", place="Kaarst-Büttgen")
    assert response.status_code == 422
    assert "Ein Mitglied mit dem Namen „stadt kaarst“ gibt es schon." in response.get_data(as_text=True)
    assert database.member("Kaarst-Büttgen") is None

    assert _join_neuss(client).status_code == 302
    response = _leave(client, database, "Neuss", "2026-11-21")
    assert response.status_code == 422
    assert "Der Austritt muss nach dem Beitritt (21.11.2026) liegen." in response.get_data(as_text=True)
    response = _leave(client, database, "Rhein-Kreis Neuss", "2027-01-01")
    assert response.status_code == 422
    assert "stellt die Koordination" in response.get_data(as_text=True)
    assert _periods(database, "Neuss") == [(date(2026, 11, 21), None)]
    assert _periods(database, "Rhein-Kreis Neuss") == [(None, None)]


def test_the_coordinator_decides_who_hosts(client, auth, database):
    auth.login()
    assert "Rhein-Kreis Neuss" not in _hosts(client)[0]
    kreis = database.member_id("Rhein-Kreis Neuss")
    assert client.submit(f"/mitglieder/{kreis}/gastgeber", page="/mitglieder/").status_code == 302
    assert "Rhein-Kreis Neuss" in _hosts(client)[0]
