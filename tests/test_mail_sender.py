"""One background sender per app: commits during a slow SMTP exchange add no threads, lose no mail."""

import threading

from akn_intranet.mail import sending
from akn_intranet.mail.sending import SENDER_THREAD

from .forum_steps import eventually, plan


def _senders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == SENDER_THREAD]


def test_commits_while_the_sender_waits_on_smtp_are_sent_by_the_same_sender(client, auth, database, smtp):
    auth.login()
    smtp.gate.clear()  # the server takes the first message and does not answer
    assert plan(client, database).status_code == 302
    first_batch = len(database.outbox())
    eventually(lambda: len(_senders()) == 1)
    for number in (8, 9):
        assert plan(client, database, number=number, title=f"{number}. Kooperationsforum").status_code == 302
    total = len(database.outbox())
    assert total == 3 * first_batch
    assert len(_senders()) == 1  # the two later commits only asked it to look again

    smtp.gate.set()
    received = smtp.wait_for(total)
    assert sorted(m["Message-ID"] for m in received) == sorted(m.message_id for m in database.outbox())
    eventually(lambda: not _senders())
    assert {m.status for m in database.outbox()} == {"sent"}


def test_the_sender_survives_a_failure_and_wakes_again(app, client, auth, database, smtp, monkeypatch, caplog):
    def database_gone(*_args: object) -> None:
        raise RuntimeError("Datenbank nicht erreichbar")

    auth.login()
    with monkeypatch.context() as patch:
        patch.setattr(sending, "send_due", database_gone)
        assert plan(client, database).status_code == 302
        eventually(lambda: "Mailversand im Hintergrund fehlgeschlagen" in caplog.text)
        eventually(lambda: not _senders())
    assert {m.status for m in database.outbox()} == {"pending"}  # nothing lost: it waits in the outbox

    assert plan(client, database, number=8, title="8. Kooperationsforum").status_code == 302
    total = len(database.outbox())
    assert len(smtp.wait_for(total)) == total  # the next commit's sender takes the earlier mail along
