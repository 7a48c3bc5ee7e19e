"""Ihre Aufgaben: on top of every dashboard, each person's turn, the most urgent first; finished and
cancelled forums never above open ones."""

import re

from .forum_steps import COORDINATOR, HOST, PRESENT, advance_to, hold, plan, write_minutes

DORMAGEN, JUECHEN, MEERBUSCH = PRESENT[0], PRESENT[2], "meerbusch@akn.example"


def tasks(client) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    section = page[page.index("Ihre Aufgaben") : page.index("<h2>Kooperationsforen</h2>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)]


def test_the_host_is_told_to_write_and_the_approvers_to_decide(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    assert tasks(client) == ["Protokoll schreiben: 7. Kooperationsforum fällig am 13.12.2026"]
    auth.logout()
    auth.login(MEERBUSCH)
    assert tasks(client) == []
    assert "Zurzeit ist nichts zu tun." in client.get("/").get_data(as_text=True)
    auth.logout()

    auth.login(HOST)  # the host submits
    assert write_minutes(client, database.latest_forum(), ["Begrüßung.", "Klimawoche.", ""], action="submit").status_code == 302
    auth.logout()
    decide = "Protokoll genehmigen für Stadt {}: 7. Kooperationsforum (Fassung 1)"
    for address, place in ((DORMAGEN, "Dormagen"), (JUECHEN, "Jüchen")):
        auth.login(address)
        [task] = tasks(client)
        assert task.startswith(decide.format(place)) and "Frist" in task
        auth.logout()
    auth.login(MEERBUSCH)
    assert tasks(client) == []  # not present: nothing to decide
    auth.logout()

    auth.login(DORMAGEN)  # decides in the intranet: the task is gone for the member, not for the next approver
    assert client.submit(f"/foren/{forum.id}/entscheidung", {"action": "approve"}, page=f"/foren/{forum.id}").status_code == 200
    assert tasks(client) == []
    auth.logout()
    auth.login("dormagen2@akn.example")
    assert tasks(client) == []  # a colleague: the member has decided
    auth.logout()
    auth.login(JUECHEN)
    assert len(tasks(client)) == 1
    refused = client.submit(f"/foren/{forum.id}/entscheidung", {"action": "request_changes", "comment": "TOP 2 fehlt."},
                            page=f"/foren/{forum.id}")
    assert refused.status_code == 200
    auth.logout()

    auth.login(HOST)  # the document exists: it is revised now, not written
    assert tasks(client) == ["Protokoll überarbeiten: 7. Kooperationsforum fällig am 13.12.2026"]
    assert "Protokoll überarbeiten</a>" in client.get(f"/foren/{forum.id}").get_data(as_text=True)
    auth.logout()


def test_the_coordinator_distributes_and_sees_what_is_overdue(client, auth, clock, database):
    advance_to("approved", client, auth, clock, database)
    auth.login()
    assert plan(client, database, number=8, title="8. Kooperationsforum", day="2026-12-01").status_code == 302
    auth.logout()
    clock.advance(days=3)
    auth.login(HOST)
    assert hold(client, database.latest_forum().id, database.user_ids(*PRESENT)).status_code == 302
    auth.logout()
    clock.advance(days=20)  # the 8th forum's minutes are overdue now
    auth.login(COORDINATOR)
    listed = tasks(client)
    assert listed[0].startswith("Verteilen: 7. Kooperationsforum")  # approved long before: the earliest due
    assert listed[1].startswith("Überfällig: Protokoll 8. Kooperationsforum bei Stadt Kaarst") and "überfällig" in listed[1]
    auth.logout()


def test_a_contact_is_reminded_to_answer_the_invitation_until_answering(client, auth, clock, database):
    advance_to("planned", client, auth, clock, database)
    auth.login(JUECHEN)
    [task] = tasks(client)
    assert task.startswith("Teilnahme zurückmelden: 7. Kooperationsforum") and "Link in Ihrer Einladung" in task
    auth.logout()
    auth.login(COORDINATOR)
    assert not any(t.startswith("Teilnahme") for t in tasks(client))  # the coordinator is there anyway
    auth.logout()


def test_finished_and_cancelled_forums_stand_below_the_open_ones(client, auth, clock, database):
    auth.login()
    assert plan(client, database, number=9, title="9. Kooperationsforum", day="2027-03-01").status_code == 302
    later = database.latest_forum()
    assert client.submit(f"/foren/{later.id}/aktion/cancel", {"comment": "Raum fehlt."}).status_code == 302
    assert plan(client, database).status_code == 302  # the 7th, on 28.11.2026: open
    page = client.get("/").get_data(as_text=True)
    forums = page[page.index("<h2>Kooperationsforen</h2>") : page.index("<h2>Gemeinsame Projekte</h2>")]
    assert forums.index("7. Kooperationsforum") < forums.index("9. Kooperationsforum")  # although the 9th is later
    assert "nichts mehr (abgesagt)" in forums and "Wartet auf: Abgesagt" not in forums
