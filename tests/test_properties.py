"""Property-based tests (Hypothesis): random transitions, approvals and form posts as random people,
through the forum lifecycle and the project lifecycle, on SQLite and on PostgreSQL.

After every step: no 500, approved documents never change, one history row per successful
transition, one mail per transition and recipient (the active contacts of the active members, the
coordinator and the advisor, read from the database), no approval from a member that does not approve.
"""

import shutil
import uuid
from collections import Counter
from contextlib import ExitStack
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from akn_intranet import create_app
from akn_intranet.approvals.models import Approval
from akn_intranet.extensions import db
from akn_intranet.forums.models import Forum
from akn_intranet.lifecycle.models import HistoryEntry
from akn_intranet.mail.models import OutboxMessage
from akn_intranet.projects.models import Project
from workflows.lifecycle import FINAL_STATES, STEP_BY_TRIGGER

from .conftest import PG_TEMPLATE, Client, Clock, app_config, postgres_database
from .forum_steps import LINK, Database
from .test_recipients import expected_recipients

PEOPLE = {
    "coordinator": "koordination@akn.example",
    "host": "kaarst@akn.example",
    "host2": "kaarst2@akn.example",
    "dormagen": "dormagen@akn.example",
    "juechen": "juechen@akn.example",
    "advisor": "beratung@akn.example",
}
TRIGGERS = ["cancel", "request_changes", "approve", "distribute"]
CONTACTS = ["kaarst@akn.example", "kaarst2@akn.example", "dormagen@akn.example", "juechen@akn.example",
            "meerbusch@akn.example", "beratung@akn.example"]
PLACES = ["Kaarst", "Dormagen", "Jüchen", "Grevenbroich", "Meerbusch"]
ODD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=300
) | st.sampled_from(["", " ", "\x00", "\r\n", "a" * 60000, "Ⓐ\u202e\u200bمرحبا", "<script>alert(1)</script>"])
# Mostly sensible input, so that walks get far; sometimes anything at all.
TEXT = st.sampled_from(["Notiz", "Begrüßung und Bericht", "**fett**"]) | st.sampled_from(["Notiz"]) | ODD
# Per database; keeps each walk well under 40 s on PostgreSQL too. Derandomized: CI walks the same
# paths every run (run with --hypothesis-seed=random or more examples locally to explore further).
WALK = settings(
    max_examples=15, stateful_step_count=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path, seeded_database):
    """A factory of fresh copies of the seeded alliance, one per Hypothesis example, as ``database_url``
    makes them for one test: an SQLite file, or a database of its own on the PostgreSQL test server."""
    if request.param == "postgresql":
        request.getfixturevalue("postgres_server")  # skips without AKN_TEST_DATABASE_URL
    with ExitStack() as everything:  # drops what an example left behind, whatever happened

        def new() -> tuple[str, ExitStack]:
            own = everything.enter_context(ExitStack())
            if request.param == "sqlite":
                path = tmp_path / f"{uuid.uuid4().hex}.sqlite3"
                shutil.copy(seeded_database, path)
                return f"sqlite:///{path}", own
            return own.enter_context(postgres_database(request, template=PG_TEMPLATE)), own

        yield new


class LifecycleWalk(RuleBasedStateMachine):
    """What forums and projects share: people logged in, transitions by trigger, links, invariants."""

    model = None  # Forum or Project
    prefix = ""  # "/foren" or "/projekte"

    def __init__(self, new_database) -> None:
        super().__init__()
        url, self._own = new_database()
        self.clock = Clock()
        self.app = create_app(app_config(url, AKN_CLOCK=self.clock))
        self.app.test_client_class = Client
        self.clients = {}
        for role, email in PEOPLE.items():
            client = self.app.test_client()
            assert client.submit("/anmelden", {"email": email, "password": "akn-demo-2026"}).status_code == 302
            self.clients[role] = client
        self.engine = create_engine(url)
        self.db = Database(Session(self.engine))
        self.everyone = expected_recipients(self.db)
        assert len(self.everyone) == self.db.recipient_count() == 12
        self.transitions = 0
        self.approved_texts: dict[int, str] = {}

    def teardown(self) -> None:
        self.db.session.close()
        self.engine.dispose()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        self._own.close()

    def _activities(self) -> list:
        return list(self.db._fresh().scalars(select(self.model).order_by(self.model.id)))

    def few_running(self) -> bool:
        """Plan another only while few are under way, so that walks get far in the lifecycle."""
        activities = self._activities()
        return len(activities) < 6 and sum(a.state not in FINAL_STATES for a in activities) < 2

    def _last_ids(self) -> tuple[int, int]:
        session = self.db._fresh()
        return (session.scalar(select(func.coalesce(func.max(HistoryEntry.id), 0))),
                session.scalar(select(func.coalesce(func.max(OutboxMessage.id), 0))))

    def _post(self, client, url, data):
        """Post through ``client``; a grown history counts as one transition, which mailed everyone once."""
        last_history, last_mail = self._last_ids()
        response = client.post_stale(url, data)
        assert response.status_code < 500, (url, response.status_code)
        session = self.db._fresh()
        new_history = list(session.scalars(select(HistoryEntry).where(HistoryEntry.id > last_history)))
        assert len(new_history) in (0, 1), (url, [h.trigger for h in new_history])
        mails = session.execute(
            select(OutboxMessage.activity_id, OutboxMessage.notification, OutboxMessage.recipient)
            .where(OutboxMessage.id > last_mail)
        ).all()
        expected = Counter(
            (entry.activity_id, STEP_BY_TRIGGER[entry.trigger].notification, address)
            for entry in new_history
            for address in self.everyone
        )
        got = Counter(tuple(m) for m in mails)
        assert got == expected, (url, [h.trigger for h in new_history], "missing:", expected - got, "extra:", got - expected)
        self.transitions += len(new_history)
        return response

    def _as(self, role, url, data):
        return self._post(self.clients[role], url, data)

    @rule(days=st.integers(min_value=0, max_value=30))
    def time_passes(self, days):
        self.clock.advance(days=days, minutes=1)

    @rule(data=st.data(), role=st.sampled_from(["coordinator", "coordinator", "host", "advisor"]),
          trigger=st.sampled_from(TRIGGERS), comment=TEXT)
    def transition(self, data, role, trigger, comment):
        activities = self._activities()
        if activities:
            activity = data.draw(st.sampled_from(activities))
            self._as(role, f"{self.prefix}/{activity.id}/aktion/{trigger}", {"comment": comment})

    @rule(data=st.data(), decision=st.sampled_from(["approve", "request_changes"]), comment=TEXT)
    def follow_a_link(self, data, decision, comment):
        links = [LINK.search(m.body_text) for m in self.db.outbox() if m.notification == "minutes_submitted"]
        links = [m.group(1) for m in links if m]
        if links:
            token = data.draw(st.sampled_from(links))
            anonymous = self.app.test_client()
            assert anonymous.get(f"/genehmigung/{token}").status_code < 500
            # the last approval needed approves at once: still one transition
            self._post(anonymous, f"/genehmigung/{token}", {"action": decision, "comment": comment})

    @rule(data=st.data(), notes=TEXT)
    def next_step(self, data, notes):
        """The step the lifecycle waits for, by whoever it waits for (with random text): walks get far."""
        running = [a for a in self._activities() if a.state not in FINAL_STATES]
        if not running:
            return
        activity = data.draw(st.sampled_from(running))
        if activity.state == "planned":
            self.clock.now = max(self.clock.now, activity.starts_at + timedelta(minutes=1))
            self._hold(activity, data)
        elif activity.state == "held":
            self._submit(activity, notes)
        elif activity.state == "minutes_drafted":  # every link it got; stale and used ones are refused
            anonymous = self.app.test_client()
            for message in reversed(self.db.outbox(activity, "minutes_submitted")):
                if link := LINK.search(message.body_text):
                    self._post(anonymous, f"/genehmigung/{link.group(1)}", {"action": "approve"})
        elif activity.state == "approved":
            self._as("coordinator", f"{self.prefix}/{activity.id}/aktion/distribute", {"comment": ""})

    def _hold(self, activity, data) -> None:
        raise NotImplementedError

    def _submit(self, activity, notes: str) -> None:
        raise NotImplementedError

    @invariant()
    def one_history_row_and_one_mail_per_recipient_for_each_transition(self):
        assert len(self.db.history_all()) == self.transitions
        assert len(self.db.outbox()) == self.transitions * len(self.everyone)

    @invariant()
    def approved_documents_never_change(self):
        for activity in self._activities():
            if activity.state in ("approved", "distributed"):
                text = activity.current_version.body
                assert self.approved_texts.setdefault(activity.id, text) == text

    @invariant()
    def no_approval_from_a_member_that_does_not_approve(self):
        for approval in self.db._fresh().scalars(select(Approval)):
            activity = approval.version.activity
            assert approval.member_id in {m.id for m in activity.approving_members()}


class ForumStates(LifecycleWalk):
    model, prefix = Forum, "/foren"

    def __init__(self, new_database) -> None:
        super().__init__(new_database)
        self.next_number = 1

    @initialize()
    def a_first_forum(self):
        self.plan(days=7, title="1. Kooperationsforum")

    @precondition(LifecycleWalk.few_running)
    @rule(days=st.integers(min_value=1, max_value=30), title=TEXT)
    def plan(self, days, title):
        data = {
            "number": self.next_number, "title": title or "Forum",
            "day": (self.clock.now.date() + timedelta(days=days)).isoformat(),
            "time": "14:00", "place": "Rathaus", "host_id": self.db.member_id("Kaarst"), "agenda": "TOP A\nTOP B",
        }
        if self._as("coordinator", "/foren/neu", data).status_code == 302:
            self.next_number += 1

    @rule(data=st.data(), role=st.sampled_from(["coordinator", "host", "host", "juechen"]))
    def hold(self, data, role):
        forums = self._activities()
        if forums:
            forum = data.draw(st.sampled_from(forums))
            attendees = self.db.user_ids(*data.draw(st.lists(st.sampled_from(sorted(PEOPLE.values())), max_size=4)))
            attendees = attendees or self.db.user_ids("dormagen@akn.example", "kaarst@akn.example")
            self._as(role, f"/foren/{forum.id}/durchgefuehrt", {"attendee_ids": attendees})

    @rule(data=st.data(), role=st.sampled_from(["host", "host2", "coordinator", "dormagen"]), notes=TEXT,
          submit=st.booleans())
    def write_minutes(self, data, role, notes, submit):
        forums = self._activities()
        if forums:
            forum = data.draw(st.sampled_from(forums))
            form = {"revision": forum.revision, "sections-0-notes": notes, "sections-1-notes": "",
                    "action": "submit" if submit else "save"}
            self._as(role, f"/foren/{forum.id}/protokoll", form)

    def _hold(self, forum, data) -> None:
        present = data.draw(st.lists(st.sampled_from(CONTACTS), min_size=1, max_size=4, unique=True))
        self._as("host", f"/foren/{forum.id}/durchgefuehrt", {"attendee_ids": self.db.user_ids(*present)})

    def _submit(self, forum, notes: str) -> None:
        form = {"revision": forum.revision, "sections-0-notes": notes, "sections-1-notes": "", "action": "submit"}
        self._as("host", f"/foren/{forum.id}/protokoll", form)


class ProjectStates(LifecycleWalk):
    model, prefix = Project, "/projekte"

    def _project_form(self, title: str, start: date, length: int | None, lead: str, participants: list[str]) -> dict:
        return {
            "title": title or "Projekt", "project_kind": "campaign", "description": "Gemeinsam **radeln**.",
            "starts_on": start.isoformat(),
            "ends_on": "" if length is None else (start + timedelta(days=length)).isoformat(),
            "lead_id": self.db.member_id(lead), "participant_ids": [self.db.member_id(p) for p in participants],
            "field_ids": [], "sdgs": [11, 13],
        }

    @initialize()
    def a_first_project(self):
        self.plan(days=3, length=10, title="Stadtradeln", lead="Kaarst", participants=["Dormagen"], role="coordinator")

    @precondition(LifecycleWalk.few_running)
    @rule(days=st.integers(min_value=0, max_value=30), length=st.none() | st.integers(min_value=-2, max_value=30),
          title=TEXT, lead=st.sampled_from(["Kaarst", "Kaarst", "Dormagen"]),
          participants=st.lists(st.sampled_from(PLACES), max_size=3, unique=True),
          role=st.sampled_from(["coordinator", "coordinator", "coordinator", "host"]))
    def plan(self, days, length, title, lead, participants, role):
        start = self.clock.now.date() + timedelta(days=days)
        self._as(role, "/projekte/neu", self._project_form(title, start, length, lead, participants))

    @rule(data=st.data(), days=st.integers(min_value=-3, max_value=30), length=st.none() | st.integers(0, 30),
          participants=st.lists(st.sampled_from(PLACES), max_size=3, unique=True),
          role=st.sampled_from(["coordinator", "coordinator", "host"]))
    def reschedule(self, data, days, length, participants, role):
        projects = self._activities()
        if projects:
            project = data.draw(st.sampled_from(projects))
            start = self.clock.now.date() + timedelta(days=days)
            lead = project.lead.place
            form = self._project_form(project.title, start, length, lead, participants)
            self._as(role, f"/projekte/{project.id}/bearbeiten", form)

    @rule(data=st.data(), role=st.sampled_from(["coordinator", "host", "host", "juechen", "advisor"]))
    def hold(self, data, role):
        projects = self._activities()
        if projects:
            project = data.draw(st.sampled_from(projects))
            self._as(role, f"/projekte/{project.id}/aktion/hold", {"comment": ""})

    @rule(data=st.data(), role=st.sampled_from(["host", "host2", "coordinator", "dormagen"]), notes=TEXT,
          submit=st.booleans())
    def write_report(self, data, role, notes, submit):
        projects = self._activities()
        if projects:
            project = data.draw(st.sampled_from(projects))
            form = {"revision": project.revision, "sections-0-notes": notes, "sections-1-notes": "",
                    "sections-2-notes": "", "action": "submit" if submit else "save"}
            self._as(role, f"/projekte/{project.id}/bericht", form)

    @rule(data=st.data(), role=st.sampled_from(["dormagen", "juechen", "host2", "advisor"]), join=st.booleans())
    def take_part(self, data, role, join):
        projects = self._activities()
        if projects:
            project = data.draw(st.sampled_from(projects))
            self._as(role, f"/projekte/{project.id}/teilnahme", {"action": "join" if join else "leave"})

    def _writer(self, project) -> str:
        return "host" if project.lead.place == "Kaarst" else "coordinator"

    def _hold(self, project, data) -> None:
        self._as(self._writer(project), f"/projekte/{project.id}/aktion/hold", {"comment": ""})

    def _submit(self, project, notes: str) -> None:
        form = {"revision": project.revision, "sections-0-notes": notes, "sections-1-notes": "",
                "sections-2-notes": "", "action": "submit"}
        self._as(self._writer(project), f"/projekte/{project.id}/bericht", form)


def test_random_walks_through_the_forum_lifecycle(new_database):
    run_state_machine_as_test(lambda: ForumStates(new_database), settings=WALK)


def test_random_walks_through_the_project_lifecycle(new_database):
    run_state_machine_as_test(lambda: ProjectStates(new_database), settings=WALK)
