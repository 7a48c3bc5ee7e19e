"""Two clicks at once, approvals arriving together, two mail senders: one result each time.

Real threads against the real database (SQLite file, and PostgreSQL when configured).
"""

import threading
from datetime import timedelta

from sqlalchemy import select

from akn_intranet.auth.models import User
from akn_intranet.clock import utcnow
from akn_intranet.extensions import db
from akn_intranet.forums.models import Forum
from akn_intranet.forums.operations import ForumDetails, hold, plan_forum
from akn_intranet.mail.sending import send_due
from akn_intranet.members.models import Member
from akn_intranet.minutes.operations import SectionText, submit
from akn_intranet.transactions import commit

from .forum_steps import COORDINATOR, approval_links

REPETITIONS = 50
PRESENT = ("dormagen@akn.example", "juechen@akn.example", "kaarst@akn.example")


def _user(email: str) -> User:
    return db.session.scalars(select(User).filter_by(email=email)).one()


def _forums(app, count: int, *, drafted: bool) -> list[int]:
    """Forums planned (or with minutes waiting for approval) straight through the operations."""
    ids = []
    with app.app_context():
        coordinator = _user(COORDINATOR)
        kaarst = db.session.scalars(select(Member).filter_by(place="Kaarst")).one()
        start = utcnow() + timedelta(days=7)
        for number in range(1, count + 1):
            details = ForumDetails(number, f"{number}. Forum", start, "Rathaus", kaarst, ["Begrüßung"])
            forum = plan_forum(coordinator, details, now=utcnow() - timedelta(days=30))
            if drafted:
                forum.starts_at = utcnow() - timedelta(hours=1)
                hold(forum, coordinator, attendees=[_user(e) for e in PRESENT], other_attendees="")
                submit(forum, coordinator, revision=forum.revision, sections=[SectionText("Notiz", "")], action_items=[])
            ids.append(forum.id)
        commit()
    return ids


def _at_once(*calls):
    """Run the calls in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _logged_in_client(app, email=COORDINATOR):
    client = app.test_client()
    client.submit("/anmelden", {"email": email, "password": "akn-demo-2026"})
    return client


def test_the_same_transition_twice_at_once(app, database):
    forum_ids = _forums(app, REPETITIONS, drafted=False)
    first, second = _logged_in_client(app), _logged_in_client(app)
    everyone = database.recipient_count()
    for forum_id in forum_ids:
        url = f"/foren/{forum_id}/aktion/cancel"
        forms = [(c, {**c.form_fields(url, url), "comment": "Sturm"}) for c in (first, second)]  # both tabs open
        statuses = _at_once(*(lambda c=c, f=f, u=url: c.post(u, data=f).status_code for c, f in forms))
        assert sorted(statuses) == [302, 409], statuses
    for forum_id in forum_ids:
        forum = database.session.get(Forum, forum_id)
        assert forum.state == "cancelled"
        assert [h[0] for h in database.history(forum)] == ["plan", "cancel"]
        assert len(database.outbox(forum, "cancelled")) == everyone


def test_every_member_approving_at_the_same_moment(app, database):
    forum_ids = _forums(app, REPETITIONS, drafted=True)
    everyone = database.recipient_count()
    clients = [app.test_client() for _ in PRESENT]
    for forum_id in forum_ids:
        forum = database.session.get(Forum, forum_id)
        links = approval_links(database.outbox(forum, "minutes_submitted"))
        urls = [f"/genehmigung/{links[address]}" for address in PRESENT]
        statuses = _at_once(
            *(lambda c=c, u=u: c.submit(u, {"action": "approve"}).status_code for c, u in zip(clients, urls, strict=True))
        )
        assert statuses == [200, 200, 200]
        forum = database.session.get(Forum, forum_id)
        database.session.rollback()
        assert forum.state == "approved"
        assert [h[0] for h in database.history(forum)].count("approve") == 1
        assert len(database.outbox(forum, "approved")) == everyone
        assert len(forum.current_version.approvals) == 3


def test_two_mail_senders_at_once_deliver_each_message_once(app, database, smtp):
    app.config["AKN_SEND_MAIL"] = False  # queue only: the senders below are the ones racing
    _forums(app, 5, drafted=False)  # 5 × 12 invitations
    app.config["AKN_SEND_MAIL"] = True

    def sender():
        with app.app_context():
            report = send_due(limit=20)
            db.session.remove()
            return report.sent

    sent = _at_once(sender, sender, sender)
    sent += _at_once(sender, sender, sender)
    sent += _at_once(sender, sender, sender)
    total = len(database.outbox())
    assert sum(sent) == total
    received = smtp.wait_for(total)
    assert len(received) == total
    assert len({m["Message-ID"] for m in received}) == total
    assert {m.status for m in database.outbox()} == {"sent"}


def test_a_sender_slower_than_its_claim_time_keeps_its_claims(app, database, smtp, clock):
    """A slow server: one batch outlasts the claim time. The sender renews its claims while it works, so a
    second sender (cron's tick) takes over none of them, and nothing arrives twice."""
    app.config["AKN_SEND_MAIL"] = False  # queue only: the two senders below are the ones racing
    _forums(app, 1, drafted=False)  # 12 invitations: one batch
    app.config["AKN_SEND_MAIL"] = True
    claim = app.config["AKN_MAIL_CLAIM_SECONDS"]
    smtp.delay = 0.2

    def sender() -> int:
        with app.app_context():
            report = send_due(limit=20)
            db.session.remove()
            return report.sent

    first = threading.Thread(target=sender)
    first.start()
    smtp.wait_for(2)
    clock.advance(seconds=claim * 0.6)  # past half the claim time: the first sender renews at its next message
    smtp.wait_for(4)
    clock.advance(seconds=claim * 0.6)  # past its first claim, not past the renewed one
    taken_over = sender()
    first.join()

    total = len(database.outbox())
    received = smtp.wait_for(total)
    assert taken_over == 0
    assert sorted(m["Message-ID"] for m in received) == sorted({m["Message-ID"] for m in received})  # none twice
    assert {m.status for m in database.outbox()} == {"sent"}
