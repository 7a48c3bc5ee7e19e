"""The whole forum lifecycle through the test client, with the seeded alliance."""

from .forum_steps import approval_links, hold, plan, write_minutes

HOST = "kaarst@akn.example"
PRESENT = ("dormagen@akn.example", "kaarst@akn.example", "juechen@akn.example", "beratung@akn.example")


def test_full_lifecycle(client, auth, clock, database):
    everyone = database.recipient_count()
    auth.login()
    response = plan(client, database)
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "planned"
    assert database.history(forum) == [("plan", None, "planned")]
    assert len(database.outbox(forum, "invitation")) == everyone
    assert len({m.recipient for m in database.outbox(forum)}) == everyone

    auth.logout()
    clock.advance(days=8)
    auth.login(HOST)
    response = hold(client, forum.id, database.user_ids(*PRESENT), others="Gast der Stadtwerke")
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "held"
    assert [m.name for m in forum.members_present] == ["Stadt Dormagen", "Stadt Jüchen", "Stadt Kaarst"]
    assert len(database.outbox(forum, "held")) == everyone

    response = write_minutes(client, forum, ["Begrüßung durch Stadt Kaarst.", "", ""])
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "held"
    assert forum.sections[0].notes == "Begrüßung durch Stadt Kaarst."

    response = write_minutes(
        client, forum, ["Begrüßung.", "Die Klimawoche findet im Mai statt.", ""], action="submit",
        action_items=[("Flyer entwerfen", database.member_id("Jüchen"), "2026-12-15")],
    )
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "minutes_drafted"
    assert forum.current_version.number == 1
    assert "Flyer entwerfen" in forum.current_version.body
    submitted = database.outbox(forum, "minutes_submitted")
    assert len(submitted) == everyone
    links = approval_links(submitted)
    # every contact of every member present gets a link; the advisor and absent members do not
    assert set(links) == {
        "dormagen@akn.example", "dormagen2@akn.example", "kaarst@akn.example",
        "kaarst2@akn.example", "juechen@akn.example",
    }
    auth.logout()

    # One change request round: Jüchen asks for a correction.
    response = client.submit(
        f"/genehmigung/{links['juechen@akn.example']}",
        {"action": "request_changes", "comment": "Bitte TOP 2 ergänzen: Termin 12. Mai."},
    )
    assert response.status_code == 200
    forum = database.latest_forum()
    assert forum.state == "held"
    changes = database.outbox(forum, "changes_requested")
    assert len(changes) == everyone
    assert "Termin 12. Mai" in changes[0].body_text

    auth.login(HOST)
    response = write_minutes(client, forum, ["Begrüßung.", "Die Klimawoche findet am 12. Mai statt.", ""], action="submit")
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "minutes_drafted"
    assert forum.current_version.number == 2
    auth.logout()

    old_link = links["dormagen@akn.example"]
    response = client.get(f"/genehmigung/{old_link}")
    assert response.status_code == 410
    assert "veraltet" in response.get_data(as_text=True)

    links = approval_links(database.outbox(forum, "minutes_submitted")[-everyone:])
    for address in ("dormagen@akn.example", "juechen@akn.example"):
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
        assert database.latest_forum().state == "minutes_drafted"
    # the second contact of an approved member is told, and nothing is recorded
    response = client.get(f"/genehmigung/{links['dormagen2@akn.example']}")
    assert "bereits genehmigt" in response.get_data(as_text=True)
    assert client.submit(f"/genehmigung/{links['kaarst2@akn.example']}", {"action": "approve"}).status_code == 200
    forum = database.latest_forum()
    assert forum.state == "approved"
    assert database.history(forum)[-1] == ("approve", "minutes_drafted", "approved")
    assert len(forum.current_version.approvals) == 3
    assert {a.sha256 for a in forum.current_version.approvals} == {forum.current_version.sha256}
    assert len(database.outbox(forum, "approved")) == everyone

    auth.login()
    response = client.submit(f"/foren/{forum.id}/aktion/distribute", {"comment": ""})
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "distributed"
    distributed = database.outbox(forum, "distributed")
    assert len(distributed) == everyone
    assert all("am 12. Mai statt" in m.body_text for m in distributed)
    assert database.history(forum) == [
        ("plan", None, "planned"),
        ("hold", "planned", "held"),
        ("submit_minutes", "held", "minutes_drafted"),
        ("request_changes", "minutes_drafted", "held"),
        ("submit_minutes", "held", "minutes_drafted"),
        ("approve", "minutes_drafted", "approved"),
        ("distribute", "approved", "distributed"),
    ]
    assert len(database.outbox(forum)) == 7 * everyone
    assert forum.versions[0].sha256 != forum.current_version.sha256
