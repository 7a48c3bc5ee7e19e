"""Mail over a real SMTP connection (aiosmtpd), one message per recipient per transition."""


from .conftest import COORDINATOR
from .forum_steps import eventually, hold, plain_text, plan, received_links, write_minutes

PRESENT = ("dormagen@akn.example", "kaarst@akn.example")



def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_each_transition_delivers_one_mail_per_recipient(client, auth, clock, database, smtp):
    everyone = database.recipient_count()
    auth.login()
    assert plan(client, database).status_code == 302
    received = smtp.wait_for(everyone)
    assert sorted(m["To"] for m in received) == sorted({m["To"] for m in received})  # one each
    assert all(len(env.rcpt_tos) == 1 for env in smtp.envelopes)  # never a shared To: list
    invitation = smtp.to(COORDINATOR)[0]
    assert invitation["Subject"].startswith("[AKN] Einladung: 7. Kooperationsforum am 28.11.2026")
    assert "28.11.2026, 14:00 Uhr bis 17:00 Uhr" in plain_text(invitation)  # the rules' default length: 180 minutes
    assert "<strong>Termin:</strong>" in _html(invitation)
    forum_page = client.get(f"/foren/{database.latest_forum().id}").get_data(as_text=True)
    assert "28.11.2026, 14:00 Uhr bis 17:00 Uhr" in forum_page  # the same end as in the calendar entry
    thread = invitation["References"]
    assert thread and invitation["In-Reply-To"] == thread

    forum = database.latest_forum()
    auth.logout()
    clock.advance(days=8)
    auth.login("kaarst@akn.example")
    assert hold(client, forum.id, database.user_ids(*PRESENT)).status_code == 302
    smtp.wait_for(2 * everyone)
    assert write_minutes(client, forum, ["Notiz", "", ""], action="submit").status_code == 302
    received = smtp.wait_for(3 * everyone)
    auth.logout()

    submitted = [m for m in received if "Protokollentwurf zur Genehmigung" in m["Subject"]]
    assert len(submitted) == everyone
    links = received_links(submitted)
    assert set(links) == {"dormagen@akn.example", "dormagen2@akn.example", "kaarst@akn.example", "kaarst2@akn.example"}
    assert all(m["References"] == thread for m in received)  # one thread per forum
    assert len({m["Message-ID"] for m in received}) == len(received)

    for address in ("dormagen2@akn.example", "kaarst@akn.example"):
        path = f"/genehmigung/{links[address]}"
        assert client.get(path).status_code == 200
        assert client.submit(path, {"action": "approve"}).status_code == 200
    eventually(lambda: all(token not in " ".join(m.body_text + m.body_html for m in database.outbox(forum))
                           for token in links.values()))  # delivered links leave the database
    redacted = [m for m in database.outbox(forum, "minutes_submitted") if "/genehmigung/[…]" in m.body_text]
    assert len(redacted) == len(links)
    auth.login()
    page = client.get(f"/postausgang/{database.outbox(forum, 'minutes_submitted')[0].id}").get_data(as_text=True)
    assert not any(token in page for token in links.values())
    auth.logout()
    received = smtp.wait_for(4 * everyone)
    approved = [m for m in received if m["Subject"].startswith("[AKN] Protokoll genehmigt")]
    assert len(approved) == everyone
    assert database.latest_forum().state == "approved"
    eventually(lambda: {m.status for m in database.outbox(forum)} == {"sent"})


def test_without_smtp_settings_mail_stays_in_the_outbox(client, auth, database):
    auth.login()
    plan(client, database)
    messages = database.outbox()
    assert len(messages) == database.recipient_count()
    assert {m.status for m in messages} == {"pending"}
    page = client.get("/postausgang/").get_data(as_text=True)
    assert "Kein SMTP-Server eingerichtet" in page
    assert "[AKN] Einladung: 7. Kooperationsforum" in page
    assert f"wartend: {len(messages)}" in page and "pending:" not in page  # counted in German


def test_send_mail_retries_after_smtp_was_down(client, auth, database, clock, smtp, runner):
    smtp.stop()  # SMTP down: connection refused
    auth.login()
    assert plan(client, database).status_code == 302  # the transition succeeds regardless
    assert database.latest_forum().state == "planned"
    everyone = database.recipient_count()

    def first_attempt_failed() -> bool:
        return all(m.status == "pending" and m.attempts == 1 for m in database.outbox())

    eventually(first_attempt_failed)  # the background sender tried once after the commit
    assert all("Connection refused" in m.last_error for m in database.outbox())

    smtp.start()
    result = runner.invoke(args=["akn", "send-mail"])
    assert "gesendet: 0" in result.output  # back-off: not due yet
    assert smtp.messages == []
    clock.advance(minutes=2)
    result = runner.invoke(args=["akn", "send-mail"])
    assert f"gesendet: {everyone}," in result.output
    assert len(smtp.wait_for(everyone)) == everyone
    assert {m.status for m in database.outbox()} == {"sent"}
    runner.invoke(args=["akn", "send-mail"])
    assert len(smtp.messages) == everyone  # sent once, never twice
