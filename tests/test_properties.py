"""Property-based tests (Hypothesis): random transitions, approvals and form posts as random people.

After every step: no 500, approved minutes never change, one history row per successful
transition, one mail per transition and recipient, no approval from a member that does not approve.
"""

import shutil
import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from akn_intranet import create_app
from akn_intranet.approvals.models import Approval
from akn_intranet.extensions import db

from .conftest import Clock, app_config
from .forum_steps import LINK, Database

PEOPLE = {
    "coordinator": "koordination@akn.example",
    "host": "kaarst@akn.example",
    "host2": "kaarst2@akn.example",
    "dormagen": "dormagen@akn.example",
    "juechen": "juechen@akn.example",
    "advisor": "beratung@akn.example",
}
TRIGGERS = ["cancel", "request_changes", "approve", "distribute"]
ODD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=300
) | st.sampled_from(["", " ", "\x00", "\r\n", "a" * 60000, "Ⓐ\u202e\u200bمرحبا", "<script>alert(1)</script>"])
# Mostly sensible input, so that walks get far; sometimes anything at all.
TEXT = st.sampled_from(["Notiz", "Begrüßung und Bericht", "**fett**"]) | st.sampled_from(["Notiz"]) | ODD


class ForumStates(RuleBasedStateMachine):
    def __init__(self, template, tmp_path) -> None:
        super().__init__()
        path = tmp_path / f"{uuid.uuid4().hex}.sqlite3"
        shutil.copy(template, path)
        self.clock = Clock()
        self.app = create_app(app_config(path, AKN_CLOCK=self.clock))
        from .conftest import Client

        self.app.test_client_class = Client
        self.clients = {}
        for role, email in PEOPLE.items():
            client = self.app.test_client()
            assert client.submit("/anmelden", {"email": email, "password": "akn-demo-2026"}).status_code == 302
            self.clients[role] = client
        self.engine = create_engine(f"sqlite:///{path}")
        self.db = Database(Session(self.engine))
        self.recipients = self.db.recipient_count()
        self.transitions = 0
        self.approved_texts: dict[int, str] = {}
        self.next_number = 1

    def teardown(self) -> None:
        self.db.session.close()
        self.engine.dispose()
        with self.app.app_context():
            db.engine.dispose()

    def _forums(self):
        from akn_intranet.forums.models import Forum

        return list(self.db._fresh().scalars(select(Forum).order_by(Forum.id)))

    def _post(self, role, url, data):
        """Post as ``role``; count a transition when the history grew by one."""
        before = len(self.db.history_all())
        response = self.clients[role].post_stale(url, data)
        assert response.status_code < 500, (url, response.status_code)
        after = len(self.db.history_all())
        assert after - before in (0, 1), (url, after - before)
        self.transitions += after - before
        return response

    @initialize()
    def a_first_forum(self):
        self.plan(days=7, title="1. Kooperationsforum")

    @rule(days=st.integers(min_value=1, max_value=30), title=TEXT)
    def plan(self, days, title):
        day = (self.clock.now.date().toordinal() + days)
        from datetime import date

        data = {
            "number": self.next_number, "title": title or "Forum", "day": date.fromordinal(day).isoformat(),
            "time": "14:00", "place": "Rathaus", "host_id": self.db.member_id("Kaarst"), "agenda": "TOP A\nTOP B",
        }
        if self._post("coordinator", "/foren/neu", data).status_code == 302:
            self.next_number += 1

    @rule(days=st.integers(min_value=0, max_value=20))
    def time_passes(self, days):
        self.clock.advance(days=days, minutes=1)

    @rule(data=st.data(), role=st.sampled_from(["coordinator", "host", "host", "juechen"]))
    def hold(self, data, role):
        forums = self._forums()
        if forums:
            forum = data.draw(st.sampled_from(forums))
            attendees = self.db.user_ids(*data.draw(st.lists(st.sampled_from(sorted(PEOPLE.values())), max_size=4)))
            attendees = attendees or self.db.user_ids("dormagen@akn.example", "kaarst@akn.example")
            self._post(role, f"/foren/{forum.id}/durchgefuehrt", {"attendee_ids": attendees})

    @rule(data=st.data(), role=st.sampled_from(["host", "host2", "coordinator", "dormagen"]), notes=TEXT,
          submit=st.booleans())
    def write_minutes(self, data, role, notes, submit):
        forums = self._forums()
        if forums:
            forum = data.draw(st.sampled_from(forums))
            form = {"revision": forum.revision, "sections-0-notes": notes, "sections-1-notes": "",
                    "action": "submit" if submit else "save"}
            self._post(role, f"/foren/{forum.id}/protokoll", form)

    @rule(data=st.data(), role=st.sampled_from(["coordinator", "coordinator", "host", "advisor"]),
          trigger=st.sampled_from(TRIGGERS), comment=TEXT)
    def transition(self, data, role, trigger, comment):
        forums = self._forums()
        if forums:
            forum = data.draw(st.sampled_from(forums))
            self._post(role, f"/foren/{forum.id}/aktion/{trigger}", {"comment": comment})

    @rule(data=st.data(), decision=st.sampled_from(["approve", "request_changes"]), comment=TEXT)
    def follow_a_link(self, data, decision, comment):
        links = [LINK.search(m.body_text) for m in self.db.outbox() if m.notification == "minutes_submitted"]
        links = [m.group(1) for m in links if m]
        if links:
            token = data.draw(st.sampled_from(links))
            anonymous = self.app.test_client()
            assert anonymous.get(f"/genehmigung/{token}").status_code < 500
            self._post_anonymous(anonymous, f"/genehmigung/{token}", {"action": decision, "comment": comment})

    def _post_anonymous(self, client, url, data):
        before = len(self.db.history_all())
        response = client.post_stale(url, data)
        assert response.status_code < 500, (url, response.status_code)
        grown = len(self.db.history_all()) - before
        assert grown in (0, 1, 2)  # the last approval may approve at once: two transitions are not possible
        self.transitions += grown

    @invariant()
    def one_history_row_and_one_mail_per_recipient_for_each_transition(self):
        assert len(self.db.history_all()) == self.transitions
        assert len(self.db.outbox()) == self.transitions * self.recipients

    @invariant()
    def approved_minutes_never_change(self):
        for forum in self._forums():
            if forum.state in ("approved", "distributed"):
                text = forum.current_version.body
                assert self.approved_texts.setdefault(forum.id, text) == text

    @invariant()
    def no_approval_from_a_member_that_does_not_approve(self):
        for approval in self.db._fresh().scalars(select(Approval)):
            activity = approval.version.activity
            assert approval.member_id in {m.id for m in activity.base_approvers()}


def test_random_walks_through_the_forum_lifecycle(seeded_database, tmp_path):
    run_state_machine_as_test(
        lambda: ForumStates(seeded_database, tmp_path),
        settings=settings(
            max_examples=20, stateful_step_count=30, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
