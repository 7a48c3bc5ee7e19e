"""The personal calendar feed: every forum, the member's projects, cancelled ones as cancelled; a renewed
address answers 404 for the old one."""

import re
from urllib.parse import urlsplit

from icalendar import Calendar

from .forum_steps import COORDINATOR, plan
from .test_projects import project_data

GREVENBROICH = "grevenbroich@akn.example"  # takes part in no project of these tests


def _new_address(client, auth, email: str) -> str:
    auth.login(email)
    page = client.submit("/kalender/", {}, follow_redirects=True).get_data(as_text=True)
    auth.logout()
    return re.search(r'<code class="feed-url">http://[^/]+(/kalender/[^<]+\.ics)</code>', page).group(1)


def _events(client, path: str) -> dict[str, dict]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def _plan_all(client, auth, database) -> None:
    auth.login(COORDINATOR)
    assert plan(client, database).status_code == 302
    assert plan(client, database, number=8, title="8. Kooperationsforum", day="2027-02-20").status_code == 302
    assert client.submit("/projekte/neu", project_data(database)).status_code == 302  # Kaarst, Dormagen, Jüchen
    auth.logout()


def test_the_feed_holds_every_forum_and_the_members_projects(client, auth, database):
    _plan_all(client, auth, database)
    kaarst, grevenbroich = _new_address(client, auth, "kaarst@akn.example"), _new_address(client, auth, GREVENBROICH)
    events = _events(client, kaarst)  # no session: a calendar program fetches it
    assert set(events) == {"7. Kooperationsforum", "8. Kooperationsforum", "Stadtradeln im Rhein-Kreis"}
    assert set(_events(client, grevenbroich)) == {"7. Kooperationsforum", "8. Kooperationsforum"}
    forum = events["7. Kooperationsforum"]
    assert forum["uid"].startswith("akn-forum-") and forum["status"] == "CONFIRMED"
    assert str(forum["location"]) and forum["dtstart"].dt.tzinfo is not None

    auth.login(COORDINATOR)  # a cancelled forum stays in the feed, as cancelled, with a higher SEQUENCE
    forum_id = database.latest_forum().id
    assert client.submit(f"/foren/{forum_id}/aktion/cancel", {"comment": "Raum nicht verfügbar"}).status_code == 302
    cancelled = _events(client, grevenbroich)["8. Kooperationsforum"]
    assert cancelled["status"] == "CANCELLED" and int(cancelled["sequence"]) > int(forum["sequence"])


def test_a_renewed_address_replaces_the_old_one(client, auth, database):
    _plan_all(client, auth, database)
    old = _new_address(client, auth, "kaarst@akn.example")
    assert _events(client, old)
    new = _new_address(client, auth, "kaarst@akn.example")
    assert new != old and _events(client, new)
    gone = client.get(old)
    assert gone.status_code == 404 and "Diese Kalenderadresse gibt es nicht (mehr)" in gone.get_data(as_text=True)
    assert client.get(old[:-8] + "xxxx.ics").status_code == 404  # tampered
    assert client.get("/kalender/" + "a" * 500 + ".ics").status_code == 404


def test_the_page_shows_the_address_only_once(client, auth, database):
    auth.login("kaarst@akn.example")
    assert "noch keine Kalenderadresse" in client.get("/kalender/").get_data(as_text=True)
    made = client.submit("/kalender/", {})
    assert made.status_code == 303  # a reload of the page that shows the address does not make another one
    shown = client.get(made.headers["Location"]).get_data(as_text=True)
    address = re.search(r'<code class="feed-url">([^<]+)</code>', shown).group(1)
    again = client.get("/kalender/").get_data(as_text=True)
    assert address not in again and "nicht noch einmal" in again  # stored only as a hash
    assert client.get(urlsplit(address).path).status_code == 200  # still the valid one
