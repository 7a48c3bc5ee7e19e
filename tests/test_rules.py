"""The rules of procedure: versioned text and settings that the software obeys."""

import pytest

from .forum_steps import COORDINATOR, advance_to, approval_links

SETTINGS = {
    "text": "# Geschäftsordnung\n\nBeschlossen im 1. Forum.",
    "approval_rule": "present",
    "approval_deadline_days": 14,
    "minutes_due_days": 14,
    "invitation_lead_days": 14,
    "contacts_per_member": 2,
    "note": "Beschluss des 1. Kooperationsforums",
}


def _adopt(client, **changes):
    return client.submit("/geschaeftsordnung/bearbeiten", {**SETTINGS, **changes})


def test_changes_are_versioned_with_who_and_why(client, auth):
    auth.login()
    assert _adopt(client).status_code == 302
    assert _adopt(client, approval_deadline_days=21, note="Frist verlängert").status_code == 302
    auth.logout()
    auth.login("juechen@akn.example")
    page = client.get("/geschaeftsordnung/").get_data(as_text=True)
    assert "Beschlossen im 1. Forum." in page
    assert "21 Tage nach dem Einreichen" in page
    assert page.index("Frist verlängert") < page.index("Beschluss des 1. Kooperationsforums")  # newest first
    assert "Thea Koordinatorin" in page


@pytest.mark.parametrize("days", ["0", "-3", "abc"])
def test_a_deadline_must_be_positive(client, auth, days):
    auth.login()
    response = _adopt(client, approval_deadline_days=days, note="Unsinn")
    assert response.status_code == 200
    assert "1 bis 365 Tagen" in response.get_data(as_text=True) or "Zahl" in response.get_data(as_text=True)
    assert "14 Tage nach dem Einreichen" in client.get("/geschaeftsordnung/").get_data(as_text=True)
    assert "Unsinn" not in client.get("/geschaeftsordnung/").get_data(as_text=True)


def test_only_the_coordinator_changes_the_rules(client, auth):
    auth.login("juechen@akn.example")
    assert client.post_stale("/geschaeftsordnung/bearbeiten", {**SETTINGS, "approval_rule": "tacit"}).status_code == 403
    assert client.get("/geschaeftsordnung/bearbeiten").status_code == 403


@pytest.mark.parametrize(
    ("rule", "approvals", "approved"),
    [
        ("present", ["dormagen@akn.example", "juechen@akn.example"], False),
        ("present", ["dormagen@akn.example", "juechen@akn.example", "kaarst@akn.example"], True),
        ("majority", ["dormagen@akn.example", "juechen@akn.example", "kaarst@akn.example"], False),
        ("all", ["dormagen@akn.example", "juechen@akn.example", "kaarst@akn.example"], False),
    ],
)
def test_approval_rules(client, auth, clock, database, rule, approvals, approved):
    auth.login()
    _adopt(client, approval_rule=rule)
    auth.logout()
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    if rule in ("all", "majority"):  # every member approves, so every contact gets a link
        assert "grevenbroich@akn.example" in links
    else:
        assert "grevenbroich@akn.example" not in links
    for address in approvals:
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
    assert (database.latest_forum().state == "approved") is approved


def test_majority_of_all_members(client, auth, clock, database):
    auth.login()
    _adopt(client, approval_rule="majority")
    auth.logout()
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    voters = ["dormagen@akn.example", "juechen@akn.example", "kaarst@akn.example", "grevenbroich@akn.example"]
    for address in voters:  # 4 of 8 is no majority
        client.submit(f"/genehmigung/{links[address]}", {"action": "approve"})
    assert database.latest_forum().state == "minutes_drafted"
    client.submit(f"/genehmigung/{links['meerbusch@akn.example']}", {"action": "approve"})  # 5 of 8
    assert database.latest_forum().state == "approved"
    auth.login(COORDINATOR)  # the history names the rule that approved it, not "all members"
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Genehmigt nach der Geschäftsordnung" in page
    assert "Die Mehrheit der Mitglieder genehmigt – 5 von 8 Mitgliedern haben genehmigt." in page
    assert "alle Mitglieder haben zugestimmt" not in page


def test_distribution_list_receives_distributed_minutes_only(client, auth, clock, database):
    auth.login()
    response = client.submit(
        "/geschaeftsordnung/verteiler",
        {"verteiler-member_id": database.member_id("Kaarst"), "verteiler-email": "buergermeister@kaarst.example",
         "verteiler-label": "Büro des Bürgermeisters"},
        page="/geschaeftsordnung/",
    )
    assert response.status_code == 302
    refused = client.submit(
        "/geschaeftsordnung/verteiler",
        {"verteiler-member_id": database.member_id("Kaarst"), "verteiler-email": "a@b.example\r\nBcc: x@evil.example"},
        page="/geschaeftsordnung/",
    )
    assert refused.status_code == 422
    assert "gültige E-Mail-Adresse" in refused.get_data(as_text=True)
    auth.logout()
    forum = advance_to("distributed", client, auth, clock, database)
    to_list = [m for m in database.outbox(forum) if m.recipient == "buergermeister@kaarst.example"]
    assert [m.notification for m in to_list] == ["distributed"]
    assert "Guten Tag Büro des Bürgermeisters" in to_list[0].body_text
    auth.login(COORDINATOR)
    assert "buergermeister@kaarst.example hinzugefügt" in client.get("/geschaeftsordnung/").get_data(as_text=True)
