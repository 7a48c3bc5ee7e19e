"""Personal approval links: GET never records; tampered, expired, used and outdated links explain themselves."""

import pytest
from sqlalchemy import select

from akn_intranet.approvals.models import Approval, ApprovalToken

from .forum_steps import COORDINATOR, HOST, advance_to, approval_links, write_minutes


def _links(database, forum):
    return approval_links(database.outbox(forum, "minutes_submitted"))


@pytest.fixture
def drafted(client, clock, auth, database):
    """A forum whose minutes wait for approval, and each contact's link path."""
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    return forum, {address: f"/genehmigung/{token}" for address, token in _links(database, forum).items()}


def _recorded(database):
    session = database.session
    session.rollback()
    approvals = session.scalars(select(Approval)).all()
    used = session.scalars(select(ApprovalToken).where(ApprovalToken.used_at.is_not(None))).all()
    return len(approvals), len(used)


def test_get_and_head_record_nothing(client, clock, database, drafted):
    link = drafted[1]["juechen@akn.example"]
    for _ in range(3):
        page = client.get(link)
        assert page.status_code == 200
        assert "Genehmigen" in page.get_data(as_text=True)
        assert "Klimawoche im Mai." in page.get_data(as_text=True)
        assert client.head(link).status_code == 200
    assert _recorded(database) == (0, 0)
    assert database.latest_forum().state == "minutes_drafted"


def test_links_need_no_login_and_only_the_hash_is_stored(client, clock, auth, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    raw = _links(database, forum)["juechen@akn.example"]
    database.session.rollback()
    stored = database.session.scalars(select(ApprovalToken.token_hash)).all()
    assert raw not in stored
    assert len(stored) == 5  # the contacts of the three members present
    assert client.get(f"/genehmigung/{raw}").status_code == 200  # anonymous


def test_tampered_link(client, clock, auth, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    raw = _links(database, forum)["juechen@akn.example"]
    tampered = f"/genehmigung/{raw[:-2]}xy"
    response = client.get(tampered)
    assert response.status_code == 404
    assert "unvollständig oder wurde verändert" in response.get_data(as_text=True)
    assert client.post_stale(tampered, {"action": "approve"}).status_code == 404
    assert _recorded(database) == (0, 0)


def test_used_link(client, clock, database, drafted):
    link = drafted[1]["juechen@akn.example"]
    assert client.submit(link, {"action": "approve"}).status_code == 200
    assert _recorded(database) == (1, 1)
    second = client.post_stale(link, {"action": "request_changes", "comment": "Doch nicht"})
    assert second.status_code == 410
    assert "bereits eine Entscheidung" in second.get_data(as_text=True)
    assert _recorded(database) == (1, 1)
    assert database.latest_forum().state == "minutes_drafted"


def test_expired_link(client, clock, database, drafted):
    link = drafted[1]["juechen@akn.example"]
    clock.advance(days=22)
    response = client.post_stale(link, {"action": "approve"})
    assert response.status_code == 410
    assert "abgelaufen" in response.get_data(as_text=True)
    assert _recorded(database) == (0, 0)


def test_one_approval_per_member(client, clock, auth, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = _links(database, forum)
    assert client.submit(f"/genehmigung/{links['kaarst@akn.example']}", {"action": "approve"}).status_code == 200
    response = client.post_stale(f"/genehmigung/{links['kaarst2@akn.example']}", {"action": "approve"})
    assert "bereits genehmigt" in response.get_data(as_text=True)
    assert _recorded(database) == (1, 1)


def test_change_request_needs_a_comment(client, clock, database, drafted):
    link = drafted[1]["juechen@akn.example"]
    response = client.submit(link, {"action": "request_changes", "comment": "  "})
    assert response.status_code == 422
    assert "welche Änderungen Sie brauchen" in response.get_data(as_text=True)
    assert _recorded(database) == (0, 0)
    assert database.latest_forum().state == "minutes_drafted"


def test_approvals_do_not_carry_over_to_a_new_version(client, clock, auth, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = _links(database, forum)
    client.submit(f"/genehmigung/{links['kaarst@akn.example']}", {"action": "approve"})
    client.submit(f"/genehmigung/{links['juechen@akn.example']}", {"action": "request_changes", "comment": "TOP 2 fehlt"})
    auth.login(HOST)
    forum = database.latest_forum()
    assert forum.state == "held"
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche am 12. Mai."], action="submit").status_code == 302
    forum = database.latest_forum()
    assert forum.current_version.number == 2
    assert forum.current_version.approvals == []
    assert len(forum.members_yet_to_approve()) == 3
    response = client.get(f"/genehmigung/{links['dormagen@akn.example']}")
    assert response.status_code == 410
    assert "Fassung 1" in response.get_data(as_text=True)


def test_coordinator_records_an_approval_decided_elsewhere(client, clock, auth, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    auth.login(COORDINATOR)
    refused = client.submit(f"/foren/{forum.id}/aktion/approve", {"comment": ""})
    assert refused.status_code == 422
    assert database.latest_forum().state == "minutes_drafted"
    response = client.submit(f"/foren/{forum.id}/aktion/approve", {"comment": "Genehmigt im 8. Kooperationsforum"})
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "approved"
    assert len(database.outbox(forum, "approved")) == database.recipient_count()
    assert "Genehmigt im 8. Kooperationsforum" in database.outbox(forum, "approved")[0].body_text
    links = _links(database, forum)
    response = client.get(f"/genehmigung/{links['juechen@akn.example']}")
    assert response.status_code == 410  # the minutes no longer wait for approval
