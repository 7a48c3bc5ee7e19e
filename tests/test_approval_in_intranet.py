"""Approving inside the intranet: a logged-in contact of an approving member decides on the forum's page,
by the same rules as the personal link (one decision per member, bound to the version, POST only), and
the record says which way it came."""

from sqlalchemy import select

from akn_intranet.approvals.models import Approval

from .forum_steps import COORDINATOR, HOST, PRESENT, advance_to, approval_links, write_minutes

DORMAGEN, MEERBUSCH = PRESENT[0], "meerbusch@akn.example"  # present (approves); not present


def _decision(forum) -> str:
    return f"/foren/{forum.id}/entscheidung"


def _approvals(database, forum) -> list[Approval]:
    version = database.latest_forum().current_version
    return list(database._fresh().scalars(select(Approval).filter_by(version_id=version.id).order_by(Approval.id)))


def test_a_present_members_contact_approves_on_the_forum_page(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    auth.login(DORMAGEN)
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Ihre Entscheidung für Stadt Dormagen" in page and "Fassung 1 steht zur Genehmigung" in page
    response = client.submit(_decision(forum), {"action": "approve"}, page=f"/foren/{forum.id}")
    assert response.status_code == 200 and "ist erfasst" in response.get_data(as_text=True)
    [approval] = _approvals(database, forum)
    assert (approval.member.place, approval.user.email, approval.via) == ("Dormagen", DORMAGEN, "intranet")
    assert approval.via_label == "im Intranet"
    assert "Ihre Entscheidung für" not in client.get(f"/foren/{forum.id}").get_data(as_text=True)
    again = client.post_stale(_decision(forum), {"action": "approve", "version": "1"})  # a second tab
    assert again.status_code == 409 and "bereits genehmigt" in again.get_data(as_text=True)
    assert len(_approvals(database, forum)) == 1
    auth.logout()

    links = approval_links(database.outbox(forum, "minutes_submitted"))
    by_link = client.get(f"/genehmigung/{links['dormagen2@akn.example']}")  # a colleague's link: the member decided
    assert "Stadt Dormagen hat diese Fassung bereits genehmigt" in by_link.get_data(as_text=True)


def test_the_last_approval_in_the_intranet_approves_the_minutes(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    for address in PRESENT:
        auth.login(address)
        assert client.submit(_decision(forum), {"action": "approve"}, page=f"/foren/{forum.id}").status_code == 200
        auth.logout()
    forum = database.latest_forum()
    assert forum.state == "approved"
    assert {a.via for a in forum.current_version.approvals} == {"intranet"}
    assert database.history(forum)[-1] == ("approve", "minutes_drafted", "approved")


def test_a_change_request_in_the_intranet_needs_a_reason_and_goes_back_to_the_host(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    auth.login(DORMAGEN)
    page = client.get(_decision(forum)).get_data(as_text=True)
    assert 'id="aenderungen"' in page and "Fassung 1" in page
    refused = client.submit(_decision(forum), {"action": "request_changes", "comment": "  "})
    assert refused.status_code == 422
    assert "Bitte beschreiben Sie, welche Änderungen Sie brauchen." in refused.get_data(as_text=True)
    assert database.latest_forum().state == "minutes_drafted"
    response = client.submit(_decision(forum), {"action": "request_changes", "comment": "TOP 2 fehlt der Termin."})
    assert response.status_code == 200
    forum = database.latest_forum()
    assert forum.state == "held" and database.history(forum)[-1] == ("request_changes", "minutes_drafted", "held")
    assert [m.notification for m in database.outbox(forum)][-1] == "changes_requested"


def test_a_decision_on_an_outdated_version_is_refused(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    auth.login(COORDINATOR)
    assert client.submit(f"/foren/{forum.id}/aktion/request_changes", {"comment": "Bitte ergänzen."}).status_code == 302
    auth.logout()
    auth.login(HOST)
    forum = database.latest_forum()
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche, ergänzt.", ""], action="submit").status_code == 302
    auth.logout()
    auth.login(DORMAGEN)
    stale = client.post_stale(_decision(forum), {"action": "approve", "version": "1"})  # the page showed version 1
    assert stale.status_code == 409 and "Fassung 1 des Protokolls" in stale.get_data(as_text=True)
    tampered = client.post_stale(_decision(forum), {"action": "approve", "version": "99999999999999999999"})
    assert tampered.status_code == 409
    assert _approvals(database, forum) == []


def test_a_contact_whose_member_does_not_approve_gets_no_decision(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    auth.login(MEERBUSCH)
    assert "Ihre Entscheidung für" not in client.get(f"/foren/{forum.id}").get_data(as_text=True)
    look = client.get(_decision(forum), follow_redirects=True)
    assert "Für Ihre Verwaltung steht hier keine Entscheidung an." in look.get_data(as_text=True)
    refused = client.post_stale(_decision(forum), {"action": "approve", "version": "1"})
    assert refused.status_code == 403 and _approvals(database, forum) == []
