"""Planning, rescheduling and cancelling: each sends its mail; a double click changes nothing twice."""

from .forum_steps import COORDINATOR, advance_to, forum_data


def test_reschedule_mails_everyone_but_a_title_fix_does_not(client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    everyone = database.recipient_count()
    auth.login(COORDINATOR)
    response = client.submit(f"/foren/{forum.id}/bearbeiten", forum_data(database, title="7. Kooperationsforum (Klimawoche)"))
    assert response.status_code == 302
    assert database.latest_forum().title == "7. Kooperationsforum (Klimawoche)"
    assert database.outbox(forum, "rescheduled") == []
    response = client.submit(f"/foren/{forum.id}/bearbeiten", forum_data(database, day="2026-12-03", time="10:00"))
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "planned"
    assert database.history(forum)[-1] == ("reschedule", "planned", "planned")
    rescheduled = database.outbox(forum, "rescheduled")
    assert len(rescheduled) == everyone
    assert "03.12.2026, 10:00 Uhr" in rescheduled[0].body_text
    assert rescheduled[0].subject == "[AKN] Geändert: 7. Kooperationsforum am 03.12.2026"


def test_cancel_with_reason(client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(COORDINATOR)
    assert "nicht rückgängig" in client.get(f"/foren/{forum.id}/aktion/cancel").get_data(as_text=True)
    response = client.submit(f"/foren/{forum.id}/aktion/cancel", {"comment": "Hochwasserlage im Kreis"})
    assert response.status_code == 302
    forum = database.latest_forum()
    assert forum.state == "cancelled"
    cancelled = database.outbox(forum, "cancelled")
    assert len(cancelled) == database.recipient_count()
    assert "Hochwasserlage im Kreis" in cancelled[0].body_text
    assert database.history(forum)[-1] == ("cancel", "planned", "cancelled")


def test_double_click_gives_one_result(client, auth, clock, database):
    forum = advance_to("approved", client, auth, clock, database)
    auth.login(COORDINATOR)
    first = client.submit(f"/foren/{forum.id}/aktion/distribute")
    second = client.post_stale(f"/foren/{forum.id}/aktion/distribute")
    assert first.status_code == 302
    assert second.status_code == 409
    assert len(database.outbox(forum, "distributed")) == database.recipient_count()
    assert [h for h in database.history(forum) if h[0] == "distribute"] == [("distribute", "approved", "distributed")]
