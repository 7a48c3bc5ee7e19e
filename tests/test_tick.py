"""`flask akn tick`: deadlines, reminders and tacit approval; idempotent however often it runs."""

from .forum_steps import COORDINATOR, HOST, advance_to, approval_links, plan

RULES = {
    "text": "GO", "approval_deadline_days": 14, "minutes_due_days": 14, "invitation_lead_days": 14,
    "contacts_per_member": 2, "note": "Stillschweigende Genehmigung beschlossen",
}


def _tick(runner) -> str:
    result = runner.invoke(args=["akn", "tick"])
    assert result.exit_code == 0, result.output
    return result.output


def _reminders(database, forum, kind):
    return sorted(m.recipient for m in database.outbox(forum, f"reminder_{kind}"))


def test_tacit_approval_at_the_deadline(client, auth, clock, database, runner):
    auth.login()
    assert client.submit("/geschaeftsordnung/bearbeiten", {**RULES, "approval_rule": "tacit"}).status_code == 302
    auth.logout()
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    client.submit(f"/genehmigung/{links['dormagen@akn.example']}", {"action": "approve"})

    clock.advance(days=10)
    _tick(runner)
    assert database.latest_forum().state == "minutes_drafted"
    assert _reminders(database, forum, "approval_due") == []  # not yet three days before the deadline

    clock.advance(days=2)
    assert "Erinnerungen an ausstehende Genehmigungen: 3" in _tick(runner)
    # Jüchen and Kaarst have not decided: their contacts (one and two) are reminded, Dormagen is not
    assert _reminders(database, forum, "approval_due") == [
        "juechen@akn.example", "kaarst2@akn.example", "kaarst@akn.example",
    ]
    reminder = database.outbox(forum, "reminder_approval_due")[0]
    assert "/genehmigung/" in reminder.body_text  # a fresh personal link
    _tick(runner)
    assert len(_reminders(database, forum, "approval_due")) == 3  # never twice

    clock.advance(days=2, minutes=1)
    assert "Genehmigt (Regel erfüllt): 1" in _tick(runner)
    forum = database.latest_forum()
    assert forum.state == "approved"
    assert database.history(forum)[-1] == ("approve", "minutes_drafted", "approved")
    assert len(database.outbox(forum, "approved")) == database.recipient_count()
    auth.login()  # the history names the rule that approved it: tacit, with one of three approvals
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Stillschweigende Genehmigung, wenn bis zur Frist keine Änderung angefordert wird – 1 von 3" in page
    assert "Genehmigt (Regel erfüllt): 0" in _tick(runner)


def test_overdue_minutes_remind_the_host_once(client, auth, clock, database, runner):
    forum = advance_to("held", client, auth, clock, database)
    clock.advance(days=13)
    _tick(runner)
    assert _reminders(database, forum, "minutes_overdue") == []
    clock.advance(days=1, minutes=1)
    for _ in range(3):
        _tick(runner)
    assert _reminders(database, forum, "minutes_overdue") == ["kaarst2@akn.example", "kaarst@akn.example"]
    assert "Protokoll" in database.outbox(forum, "reminder_minutes_overdue")[0].subject


def test_short_notice_warns_the_coordinator_once(client, auth, database, runner):
    auth.login()
    plan(client, database, day="2026-11-26")  # five days ahead, the rules ask for fourteen
    plan(client, database, number=8, day="2027-01-20")
    short = database.latest_forum().id - 1  # the first of the two
    _tick(runner)
    _tick(runner)
    warnings = [m for m in database.outbox() if m.notification == "reminder_short_notice"]
    assert [(m.recipient, m.activity_id) for m in warnings] == [(COORDINATOR, short)]


def test_reminder_by_hand_from_the_dashboard(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    auth.login()
    assert "Erinnern" in client.get("/").get_data(as_text=True)
    assert client.submit(f"/erinnerungen/{forum.id}", page="/").status_code == 302
    assert _reminders(database, forum, "manual") == [
        "dormagen2@akn.example", "dormagen@akn.example", "juechen@akn.example",
        "kaarst2@akn.example", "kaarst@akn.example",
    ]


def test_reminder_by_hand_needs_something_to_wait_for(client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login()
    response = client.post_stale(f"/erinnerungen/{forum.id}")
    assert response.status_code == 409
    assert "wartet niemand" in response.get_data(as_text=True)
    auth.logout()
    auth.login(HOST)
    assert client.post_stale(f"/erinnerungen/{forum.id}").status_code == 403


def test_tick_applies_a_leaving_on_its_date(client, auth, clock, database, runner):
    auth.login()
    response = client.submit(
        f"/mitglieder/{database.member_id('Meerbusch')}/austritt", {"effective_on": "2026-12-01", "note": "Ratsbeschluss"}
    )
    assert response.status_code == 302
    auth.logout()
    assert database.member("Meerbusch").active
    clock.advance(days=10)
    assert "Stadt Meerbusch" in _tick(runner)
    assert not database.member("Meerbusch").active
    assert auth.login("meerbusch@akn.example").status_code == 200  # the form again: no login any more
    assert "Stadt Meerbusch" not in _tick(runner)  # idempotent
