"""Attendance replies: each contact answers the invitation from a personal link until the forum starts;
the forum page shows the answers, the held form starts from them, and tick reminds who has not answered."""

import re

from sqlalchemy import select

from akn_intranet.attendance.models import AttendanceReply
from akn_intranet.auth.models import User

from .forum_steps import COORDINATOR, HOST, plain_text, plan
from .test_recipients import expected_recipients

REPLY = re.compile(r"/teilnahme/([A-Za-z0-9_\-]+)")


def _reply_links(smtp, database) -> dict[str, str]:
    everyone = expected_recipients(database)
    received = smtp.wait_for(len(everyone))
    links = {}
    for message in received:
        match = REPLY.search(plain_text(message))
        if match:
            links[message["To"]] = match.group(1)
    return links


def _contacts(database) -> set[str]:
    users = database._fresh().scalars(select(User))
    return {u.email for u in users if u.active and u.member is not None and u.member.active and not u.is_coordinator}


def _planned(client, auth, database, smtp) -> tuple[int, dict[str, str]]:
    auth.login(COORDINATOR)
    assert plan(client, database).status_code == 302  # 28.11.2026, 14:00; the clock stands at 21.11.
    auth.logout()
    return database.latest_forum().id, _reply_links(smtp, database)


def test_each_contact_gets_a_reply_link_and_answers_until_the_start(client, auth, clock, database, smtp):
    forum_id, links = _planned(client, auth, database, smtp)
    assert set(links) == _contacts(database)  # not the coordinator, not the advisor
    token = links["dormagen@akn.example"]
    page = client.get(f"/teilnahme/{token}")
    assert page.status_code == 200 and "nehmen Sie für Stadt Dormagen" in page.get_data(as_text=True)

    refused = client.submit(f"/teilnahme/{token}", {"answer": "deputy", "deputy": " "})
    assert refused.status_code == 422 and "wer Sie vertritt" in refused.get_data(as_text=True)
    assert database._fresh().scalars(select(AttendanceReply)).all() == []

    assert client.submit(f"/teilnahme/{token}", {"answer": "deputy", "deputy": "Frau Beispiel, Umweltamt"}).status_code == 302
    assert client.submit(f"/teilnahme/{links['kaarst@akn.example']}", {"answer": "attending"}).status_code == 302
    assert client.submit(f"/teilnahme/{links['juechen@akn.example']}", {"answer": "absent"}).status_code == 302
    assert client.submit(f"/teilnahme/{links['juechen@akn.example']}", {"answer": "attending"}).status_code == 302  # changed
    replies = database._fresh().scalars(select(AttendanceReply).order_by(AttendanceReply.id)).all()
    assert [(r.user.email, r.answer) for r in replies] == [
        ("dormagen@akn.example", "deputy"), ("kaarst@akn.example", "attending"), ("juechen@akn.example", "attending"),
    ]

    auth.login(HOST)
    forum_page = client.get(f"/foren/{forum_id}").get_data(as_text=True)
    assert "Vertretung: Frau Beispiel, Umweltamt" in forum_page and "Ich nehme teil" in forum_page
    clock.advance(days=7, hours=5)  # 28.11., 14:00 in Kaarst: the forum has begun
    hold_form = client.get(f"/foren/{forum_id}/durchgefuehrt").get_data(as_text=True)
    checked = set(re.findall(r'<input checked[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*checked', hold_form))
    checked_ids = {int(a or b) for a, b in checked}
    assert checked_ids == set(database.user_ids("kaarst@akn.example", "juechen@akn.example"))
    assert "Frau Beispiel, Umweltamt (Vertretung für" in hold_form
    auth.logout()

    late = client.get(f"/teilnahme/{token}")
    assert late.status_code == 410 and "Antworten sind bis zum Beginn möglich" in late.get_data(as_text=True)


def test_a_changed_date_asks_again_and_a_tampered_link_records_nothing(client, auth, database, smtp):
    forum_id, links = _planned(client, auth, database, smtp)
    assert client.get("/teilnahme/falsch").status_code == 404
    assert client.get(f"/teilnahme/{links['kaarst@akn.example'][:-2]}xx").status_code == 404
    smtp.messages.clear()
    auth.login(COORDINATOR)
    page = client.get(f"/foren/{forum_id}/bearbeiten")
    assert page.status_code == 200
    data = {"number": 7, "title": "7. Kooperationsforum", "day": "2026-11-29", "time": "14:00", "place": "Rathaus Kaarst",
            "host_id": database.member_id("Kaarst"), "agenda": "Begrüßung\nKlimawoche 2027\nVerschiedenes"}
    assert client.submit(f"/foren/{forum_id}/bearbeiten", data).status_code == 302
    assert set(_reply_links(smtp, database)) == _contacts(database)  # "Geändert" carries new reply links


def test_tick_reminds_who_has_not_answered_once(client, auth, clock, database, smtp, runner):
    forum_id, links = _planned(client, auth, database, smtp)
    client.submit(f"/teilnahme/{links['kaarst@akn.example']}", {"answer": "attending"})
    clock.advance(days=3)  # 24.11.: four days before, not yet
    assert "Erinnerungen an ausstehende Rückmeldungen zur Teilnahme: 0" in runner.invoke(args=["akn", "tick"]).output
    clock.advance(days=2)  # 26.11.: within three days
    output = runner.invoke(args=["akn", "tick"]).output
    reminded = {m.recipient for m in database.outbox() if m.notification == "reminder_attendance_due"}
    assert reminded == _contacts(database) - {"kaarst@akn.example"}
    assert f"Erinnerungen an ausstehende Rückmeldungen zur Teilnahme: {len(reminded)}" in output
    runner.invoke(args=["akn", "tick"])
    assert len([m for m in database.outbox() if m.notification == "reminder_attendance_due"]) == len(reminded)  # once
