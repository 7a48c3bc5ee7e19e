"""Bad input gets a clear German message and changes nothing (409, 403, 422, re-rendered forms)."""

import pytest

from .forum_steps import COORDINATOR, HOST, advance_to, hold, plan, write_minutes


def _snapshot(database, forum):
    forum = database.latest_forum()
    return (forum.state, forum.revision, len(database.history(forum)), len(database.outbox()))


@pytest.mark.parametrize(
    ("state", "url"),
    [
        ("planned", "aktion/distribute"),
        ("planned", "aktion/approve"),
        ("planned", "protokoll"),
        ("held", "aktion/cancel"),
        ("held", "durchgefuehrt"),
        ("distributed", "aktion/distribute"),
        ("distributed", "bearbeiten"),
    ],
)
def test_wrong_transition_for_the_state_is_409(client, auth, clock, database, state, url):
    forum = advance_to(state, client, auth, clock, database)
    before = _snapshot(database, forum)
    auth.login(COORDINATOR)
    for response in (client.get(f"/foren/{forum.id}/{url}"), client.post_stale(f"/foren/{forum.id}/{url}", {"comment": "x"})):
        assert response.status_code == 409
        assert "nicht möglich" in response.get_data(as_text=True)
    assert _snapshot(database, forum) == before


@pytest.mark.parametrize(
    ("user", "url", "message"),
    [
        ("dormagen@akn.example", "durchgefuehrt", "nicht erlaubt"),  # not the host's contact
        ("beratung@akn.example", "durchgefuehrt", "nicht erlaubt"),
        (HOST, "aktion/cancel", "nicht erlaubt"),  # the host may hold, but not cancel
        (HOST, "bearbeiten", "Koordination vorbehalten"),
    ],
)
def test_wrong_role_is_403(client, auth, clock, database, user, url, message):
    forum = advance_to("planned", client, auth, clock, database)
    clock.advance(days=8)
    before = _snapshot(database, forum)
    auth.login(user)
    response = client.post_stale(f"/foren/{forum.id}/{url}", {"comment": "x", "attendee_ids": database.user_ids(user)})
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert _snapshot(database, forum) == before


def test_a_contact_of_another_member_cannot_edit_the_minutes(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    before = _snapshot(database, forum)
    auth.login("dormagen@akn.example")
    response = client.post_stale(f"/foren/{forum.id}/protokoll", {"sections-0-notes": "Überschrieben", "action": "save"})
    assert response.status_code == 403
    assert database.latest_forum().sections[0].notes == ""
    assert _snapshot(database, forum) == before


@pytest.mark.parametrize("url", ["/foren/neu", "/postausgang/"])
def test_coordinator_pages_refuse_contacts(client, auth, url):
    auth.login("juechen@akn.example")
    response = client.get(url)
    assert response.status_code == 403
    assert "Koordination vorbehalten" in response.get_data(as_text=True)


def test_holding_before_the_date_is_refused_before_any_form(client, auth, clock, database):
    """The form does not open before the date (it would only fail once filled); a post from a tab opened
    some other way is refused the same, and nothing changes."""
    forum = advance_to("planned", client, auth, clock, database)
    before = _snapshot(database, forum)
    auth.login(HOST)
    page = client.get(f"/foren/{forum.id}/durchgefuehrt")
    assert page.status_code == 409 and "ist erst ab 28.11.2026, 14:00 Uhr möglich" in page.get_data(as_text=True)
    attendees = database.user_ids("kaarst@akn.example", "dormagen@akn.example")
    response = client.post_stale(f"/foren/{forum.id}/durchgefuehrt", {"attendee_ids": attendees, "other_attendees": "Gast"})
    assert response.status_code == 409
    assert _snapshot(database, forum) == before
    assert database.latest_forum().attendees == []


def test_holding_without_anyone_present_is_vetoed(client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    clock.advance(days=8)
    auth.login(HOST)
    response = hold(client, forum.id, [])
    assert response.status_code == 422
    assert "mindestens ein anwesendes Mitglied" in response.get_data(as_text=True)
    assert database.latest_forum().state == "planned"


def test_submitting_empty_minutes_is_vetoed(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    before = _snapshot(database, forum)
    auth.login(HOST)
    response = write_minutes(
        client, forum, ["", "", ""], action="submit", action_items=[("Flyer", database.member_id("Jüchen"), "")]
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Protokoll ist leer" in page
    assert 'value="Flyer"' in page  # input kept
    assert _snapshot(database, forum) == before
    assert database.latest_forum().versions == []
    assert database.latest_forum().action_items == []


def test_stale_minutes_form_is_a_conflict_not_an_overwrite(client, auth, clock, database):
    advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    stale = database.latest_forum()
    assert write_minutes(client, stale, ["Erste Fassung von Karl."]).status_code == 302
    response = write_minutes(client, stale, ["Zweite Fassung aus einem alten Tab."])
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "inzwischen von jemand anderem geändert" in page
    assert "Zweite Fassung aus einem alten Tab.</textarea>" in page  # nothing typed is lost
    assert database.latest_forum().sections[0].notes == "Erste Fassung von Karl."


def test_action_item_needs_a_responsible_member(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    response = write_minutes(client, forum, ["Notiz"], action_items=[("Flyer drucken", 0, "")])
    assert response.status_code == 200
    assert "verantwortlich ist" in response.get_data(as_text=True)
    assert database.latest_forum().sections[0].notes == ""


def test_invalid_plan_form_is_rerendered_with_messages(client, auth, database):
    auth.login()
    response = plan(client, database, title="", day="31.02.2026", agenda="")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bitte füllen Sie dieses Feld aus." in page
    assert "gültiges Datum" in page
    assert "mindestens einen Tagesordnungspunkt" in page
    assert 'value="Rathaus Kaarst"' in page  # input kept
    assert database.latest_forum() is None
    assert database.outbox() == []


def test_planning_in_the_past_is_vetoed(client, auth, database):
    auth.login()
    response = plan(client, database, day="2026-11-01")
    assert response.status_code == 422
    assert "in der Zukunft" in _field_error(response, "day")  # at "Datum", not as a banner
    assert database.latest_forum() is None
    assert database.outbox() == []


def _field_error(response, field: str) -> str:
    """The error shown with one input of the re-rendered form."""
    page = response.get_data(as_text=True)
    start = page.index(f'name="{field}"')
    return page[start : page.index("</div>", start)]


def test_forum_number_must_be_unique(client, auth, database):
    auth.login()
    assert plan(client, database).status_code == 302
    response = plan(client, database, title="Noch eins")
    assert response.status_code == 200
    assert "bereits vergeben" in response.get_data(as_text=True)
    assert len(database.outbox()) == database.recipient_count()


def test_cancel_needs_a_reason(client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    before = _snapshot(database, forum)
    auth.login()
    response = client.submit(f"/foren/{forum.id}/aktion/cancel", {"comment": "   "})
    assert response.status_code == 422
    assert "Begründung" in response.get_data(as_text=True)
    assert _snapshot(database, forum) == before


def test_control_characters_are_refused(client, auth, database):
    auth.login()
    response = plan(client, database, title="Forum\x00\x07")
    assert response.status_code == 200
    assert "Steuerzeichen" in response.get_data(as_text=True)
    assert database.latest_forum() is None


def test_missing_csrf_token_is_refused_in_german(client, auth, database):
    auth.login()
    response = client.post("/foren/neu", data={"title": "x"})
    assert response.status_code == 400
    assert "Formular ist abgelaufen" in response.get_data(as_text=True)
    assert database.latest_forum() is None


def test_unknown_pages_answer_in_german(client, auth):
    auth.login()
    assert "Dieses Forum gibt es nicht." in client.get("/foren/999").get_data(as_text=True)
    assert client.get("/foren/999").status_code == 404
    assert client.get("/gibt-es-nicht").status_code == 404
    response = client.get("/foren/1/aktion/explode")
    assert response.status_code == 404


def test_unknown_records_in_the_coordinators_pages_answer_404_in_german(client, auth):
    auth.login()
    for method, path, message in [
        (client.get, "/mitglieder/999/austritt", "Dieses Mitglied gibt es nicht."),
        (client.post_stale, "/ansprechpersonen/999/deaktivieren", "Diesen Zugang gibt es nicht."),
        (client.post_stale, "/projekte/handlungsfelder/999", "Dieses Handlungsfeld gibt es nicht."),
        (client.post_stale, "/geschaeftsordnung/verteiler/999/entfernen", "Diese Adresse steht nicht (mehr) im Verteiler."),
    ]:
        response = method(path)
        assert response.status_code == 404, path
        assert message in response.get_data(as_text=True), path
