"""Nacherfassung: a forum or project that took place without the intranet enters at *held*.

The coordinator records it with its date in the past (a project's start may be today), everyone gets a
notice instead of an invitation (no calendar entry, no reply links), and from there the normal path
applies: minutes, approval, distribution. A date still to come is refused at the date field.
"""

from .forum_steps import COORDINATOR, HOST, PRESENT, approval_links, forum_data, plain_text, write_minutes
from .test_projects import LEAD, project_data

TODAY = "2026-11-21"  # the test clock's day


def record_forum(client, database, **overrides):
    data = forum_data(database, number=3, title="3. Kooperationsforum", day="2026-05-13", time="14:00")
    data.update(attendee_ids=database.user_ids(*PRESENT), other_attendees="Frau Beispiel (Stadtwerke Kaarst)")
    data.update(overrides)
    return client.submit("/foren/nacherfassen", data)


def record_project(client, database, **overrides):
    return client.submit("/projekte/nacherfassen", project_data(database, **{"starts_on": "2026-03-01", **overrides}))


def _at_field(page: str, name: str) -> str:
    after = page[page.index(f'name="{name}"') :]
    return after[: after.index("</div>")]


def test_a_past_forum_is_recorded_as_held_with_a_notice_and_goes_on_as_usual(client, auth, database, smtp):
    auth.login(COORDINATOR)
    form = client.get("/foren/nacherfassen").get_data(as_text=True)
    assert "Forum nacherfassen" in form and 'name="attendee_ids"' in form
    assert record_forum(client, database).status_code == 302
    forum = database.latest_forum()
    assert (forum.number, forum.state) == (3, "held")
    assert database.history(forum) == [("record", None, "held")]
    assert sorted(u.email for u in forum.attendees) == sorted(PRESENT)
    assert forum.other_attendees == "Frau Beispiel (Stadtwerke Kaarst)"

    notices = database.outbox(forum)
    assert {m.notification for m in notices} == {"recorded"}  # no invitation
    assert len(notices) == database.recipient_count()
    assert all(m.calendar is None for m in notices)  # nothing to put in a calendar
    received = smtp.wait_for(len(notices))
    assert {m["Subject"] for m in received} == {"[AKN] Nacherfasst: 3. Kooperationsforum vom 13.05.2026 – das Protokoll folgt"}
    text = plain_text(smtp.to(HOST)[0])
    assert "nacherfasst" in text and "13.05.2026" in text and "Stadt Kaarst schreibt das Protokoll" in text
    assert "/teilnahme/" not in text and not any(part.get_content_type() == "text/calendar" for part in received[0].walk())
    assert "Nacherfassen" in client.get(f"/foren/{forum.id}").get_data(as_text=True)  # the history names the step
    auth.logout()

    auth.login(HOST)  # from here the normal path
    assert write_minutes(client, forum, ["Begrüßung.", "Stadtradeln 2026.", ""], action="submit").status_code == 302
    forum = database.latest_forum()
    assert forum.state == "minutes_drafted"
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    assert set(PRESENT) <= set(links) and "meerbusch@akn.example" not in links  # the members present approve


def test_a_forum_still_to_come_is_not_recorded(client, auth, database):
    auth.login(COORDINATOR)
    before = len(database.outbox())
    response = record_forum(client, database, day="2026-11-28")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nacherfassen lässt sich nur ein Forum, das schon begonnen hat" in _at_field(page, "day")
    assert 'value="Frau Beispiel (Stadtwerke Kaarst)"' in page or "Frau Beispiel (Stadtwerke Kaarst)</textarea>" in page
    assert database.latest_forum() is None and len(database.outbox()) == before


def test_a_recorded_forum_needs_a_member_present(client, auth, database):
    auth.login(COORDINATOR)
    response = record_forum(client, database, attendee_ids=[])
    assert response.status_code == 422
    assert "mindestens ein anwesendes Mitglied" in response.get_data(as_text=True)
    assert database.latest_forum() is None and database.outbox() == []


def test_planning_in_the_past_stays_refused_at_the_date_field(client, auth, database):
    auth.login(COORDINATOR)
    response = client.submit("/foren/neu", forum_data(database, day="2026-05-13"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Der Termin muss in der Zukunft liegen." in _at_field(page, "day")
    assert 'href="/foren/nacherfassen"' in page  # the way for a forum that took place
    assert database.latest_forum() is None


def test_a_project_that_began_today_is_recorded_but_not_one_that_begins_tomorrow(client, auth, database, smtp):
    auth.login(COORDINATOR)
    response = record_project(client, database, starts_on="2026-11-22", title="Morgen")
    assert response.status_code == 422
    assert "nur ein Projekt, das schon begonnen hat" in _at_field(response.get_data(as_text=True), "starts_on")
    assert database.latest_project() is None

    assert record_project(client, database, starts_on=TODAY).status_code == 302
    project = database.latest_project()
    assert project.state == "held" and database.history(project) == [("record", None, "held")]
    notices = database.outbox(project)
    assert {m.notification for m in notices} == {"recorded"} and len(notices) == database.recipient_count()
    assert {m["Subject"] for m in smtp.wait_for(len(notices))} == {
        "[AKN] Nacherfasst: Projekt Stadtradeln im Rhein-Kreis – der Bericht folgt"
    }
    auth.logout()
    auth.login(LEAD)  # the lead writes the report as after "held"
    page = client.get(f"/projekte/{project.id}").get_data(as_text=True)
    assert f"/projekte/{project.id}/bericht" in page


def test_only_the_coordinator_records(client, auth, database):
    auth.login(HOST)
    assert client.get("/foren/nacherfassen").status_code == 403
    assert client.get("/projekte/nacherfassen").status_code == 403
    assert client.post_stale("/foren/nacherfassen", forum_data(database, day="2026-05-13")).status_code == 403
    assert database.latest_forum() is None
