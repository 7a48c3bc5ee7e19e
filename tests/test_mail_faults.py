"""The SMTP server misbehaving on purpose: nothing is lost, nothing is sent twice."""

from datetime import timedelta

from sqlalchemy import update

from akn_intranet.mail.models import OutboxMessage

from .forum_steps import COORDINATOR, eventually, plan


def _send(runner) -> str:
    return runner.invoke(args=["akn", "send-mail"]).output


def _queue_invitations(app, client, auth, database) -> int:
    app.config["AKN_SEND_MAIL"] = False  # queue only; the test drives the sender
    auth.login()
    assert plan(client, database).status_code == 302
    app.config["AKN_SEND_MAIL"] = True
    return len(database.outbox())


def test_temporary_failures_are_retried_with_back_off(app, client, auth, clock, database, smtp, runner):
    total = _queue_invitations(app, client, auth, database)
    smtp.refusals = 3
    assert f"gesendet: {total - 3}," in _send(runner)
    retrying = [m for m in database.outbox() if m.status == "pending"]
    assert len(retrying) == 3
    assert all("451" in m.last_error and m.attempts == 1 for m in retrying)
    assert "gesendet: 0," in _send(runner)  # not due before the back-off
    clock.advance(seconds=61)
    assert "gesendet: 3," in _send(runner)
    assert len(smtp.wait_for(total)) == total
    assert {m.status for m in database.outbox()} == {"sent"}


def test_after_the_last_attempt_the_message_fails_visibly_and_can_be_resent(
    app, client, auth, clock, database, smtp, runner
):
    app.config["AKN_MAIL_MAX_ATTEMPTS"] = 2
    _queue_invitations(app, client, auth, database)
    smtp.refusals = 1000
    _send(runner)
    clock.advance(seconds=61)
    assert "fehlgeschlagen: " in _send(runner)
    failed = [m for m in database.outbox() if m.status == "failed"]
    assert len(failed) == len(database.outbox())
    page = client.get("/postausgang/").get_data(as_text=True)
    assert "fehlgeschlagen" in page and "451" in page
    assert "fehlgeschlagen" in client.get("/").get_data(as_text=True)  # the dashboard says so too

    smtp.refusals = 0
    message = failed[0]
    assert client.submit(f"/postausgang/{message.id}/erneut", page=f"/postausgang/{message.id}").status_code == 302
    eventually(lambda: {m.id: m.status for m in database.outbox()}[message.id] == "sent")
    assert [m["To"] for m in smtp.messages] == [message.recipient]
    assert len(database.outbox()) == len(failed)  # nothing was ever deleted
    assert client.post_stale(f"/postausgang/{message.id}/erneut").status_code == 409


def test_a_crash_between_sending_and_marking_sent_resends_with_the_same_message_id(
    app, client, auth, clock, database, smtp, runner
):
    _queue_invitations(app, client, auth, database)
    first = database.outbox()[0]
    # A sender claimed the message, delivered it, and died before it could record that.
    database.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == first.id)
        .values(status="sending", claimed_at=clock.now)
    )
    database.session.commit()
    _send(runner)
    clock.advance(seconds=119)
    _send(runner)
    assert first.recipient not in [m["To"] for m in smtp.messages]  # still claimed by the dead sender
    clock.advance(seconds=2)  # past the claim time (AKN_MAIL_CLAIM_SECONDS, 120 s by default)
    _send(runner)
    resent = [m for m in smtp.messages if m["To"] == first.recipient]
    assert len(resent) == 1
    assert resent[0]["Message-ID"] == first.message_id


def test_transitions_succeed_while_smtp_is_down(client, auth, database, smtp):
    smtp.stop()
    auth.login()
    assert plan(client, database).status_code == 302
    assert database.latest_forum().state == "planned"
    eventually(lambda: all(m.attempts == 1 for m in database.outbox()))
    assert {m.status for m in database.outbox()} == {"pending"}
    assert COORDINATOR in {m.recipient for m in database.outbox()}
    assert timedelta(0) < database.outbox()[0].next_attempt_at - database.outbox()[0].created_at
