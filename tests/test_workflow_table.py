"""The lifecycle as a table: every (state, trigger, role) → new state or refusal. No Flask here."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from workflows import lifecycle as wf

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)

# The specification, restated independently of workflows/lifecycle.py:
# (state, trigger) → (new state, roles allowed to fire it)
EXPECTED = {
    ("new", "plan"): ("planned", {"coordinator"}),
    ("new", "record"): ("held", {"coordinator"}),
    ("planned", "reschedule"): ("planned", {"coordinator"}),
    ("planned", "cancel"): ("cancelled", {"coordinator"}),
    ("planned", "hold"): ("held", {"host", "coordinator"}),
    ("held", "submit_minutes"): ("minutes_drafted", {"host", "coordinator"}),
    ("minutes_drafted", "request_changes"): ("held", {"approver", "coordinator"}),
    ("minutes_drafted", "approve"): ("approved", {"system", "coordinator"}),
    ("approved", "distribute"): ("distributed", {"coordinator"}),
}


@dataclass
class Thing:
    """Stands in for a forum whose conditions are all met (or, with flags, not)."""

    state: str
    starts_at: datetime = NOW - timedelta(hours=1)
    present: int = 3
    written: bool = True
    complete: bool = True
    log: list = field(default_factory=list)

    def approving_members_count(self) -> int:
        return self.present

    def minutes_written(self) -> bool:
        return self.written

    def approval_rule_met(self, now: datetime) -> str:
        return "Alle Mitglieder genehmigen – 3 von 3 Mitgliedern haben genehmigt." if self.complete else ""


def _thing(state: str, trigger: str) -> Thing:
    # plan and reschedule need a date in the future; everything else a past one
    future = trigger in ("plan", "reschedule")
    return Thing(state=state, starts_at=NOW + timedelta(days=7) if future else NOW - timedelta(hours=1))


CASES = [(s, t, r) for s in wf.STATES for t in wf.TRIGGERS for r in wf.ROLES]


@pytest.mark.parametrize(("state", "trigger", "role"), CASES)
def test_table(state, trigger, role):
    thing = _thing(state, trigger)
    context = wf.Context(roles=frozenset({role}), now=NOW, comment="Begründung")
    expected = EXPECTED.get((state, trigger))
    if expected is None:
        with pytest.raises(wf.InvalidTransition):
            wf.fire(thing, trigger, context)
        assert thing.state == state
    elif role not in expected[1]:
        with pytest.raises(wf.NotAllowed):
            wf.fire(thing, trigger, context)
        assert thing.state == state
    else:
        step = wf.fire(thing, trigger, context)
        assert thing.state == expected[0]
        assert step.notification


def test_table_covers_every_step():
    assert {(s.source, s.trigger): (s.dest, set(s.roles)) for s in wf.STEPS} == EXPECTED


VETOES = [
    ("new", "plan", {"starts_at": NOW - timedelta(days=1)}, "", "in der Zukunft"),
    ("planned", "reschedule", {"starts_at": NOW}, "", "in der Zukunft"),
    ("planned", "cancel", {}, "  ", "Begründung"),
    ("planned", "hold", {"starts_at": NOW + timedelta(minutes=1)}, "", "erst ab seinem Termin"),
    ("planned", "hold", {"present": 0}, "", "mindestens ein anwesendes Mitglied"),
    ("new", "record", {"starts_at": NOW + timedelta(minutes=1)}, "", "Nacherfassen lässt sich nur ein Forum"),
    ("new", "record", {"present": 0}, "", "mindestens ein anwesendes Mitglied"),
    ("held", "submit_minutes", {"written": False}, "", "Protokoll ist leer"),
    ("minutes_drafted", "request_changes", {}, "", "Begründung"),
]


def test_a_project_may_start_today_but_not_yesterday():
    """A project's start is a day (local midnight); a forum's is a moment."""
    today = NOW.replace(hour=0, minute=0, second=0, microsecond=0)  # NOW is 09:00 UTC, the same day in Berlin
    project = Thing(state="new", starts_at=today)
    wf.fire(project, "plan", wf.Context(roles=frozenset({"coordinator"}), now=NOW, vocabulary=wf.PROJECT))
    assert project.state == "planned"
    late = Thing(state="new", starts_at=today - timedelta(days=1))
    with pytest.raises(wf.Vetoed, match="Beginn darf nicht in der Vergangenheit") as refused:
        wf.fire(late, "plan", wf.Context(roles=frozenset({"coordinator"}), now=NOW, vocabulary=wf.PROJECT))
    assert refused.value.field == "starts_at" and late.state == "new"
    forum = Thing(state="new", starts_at=today)
    with pytest.raises(wf.Vetoed, match="in der Zukunft"):
        wf.fire(forum, "plan", wf.Context(roles=frozenset({"coordinator"}), now=NOW))


def test_a_project_recorded_after_the_fact_may_have_begun_today():
    today = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    project = Thing(state="new", starts_at=today)
    wf.fire(project, "record", wf.Context(roles=frozenset({"coordinator"}), now=NOW, vocabulary=wf.PROJECT))
    assert project.state == "held"
    tomorrow = Thing(state="new", starts_at=today + timedelta(days=1))
    with pytest.raises(wf.Vetoed, match="nur ein Projekt, das schon begonnen hat") as refused:
        wf.fire(tomorrow, "record", wf.Context(roles=frozenset({"coordinator"}), now=NOW, vocabulary=wf.PROJECT))
    assert refused.value.field == "starts_at" and tomorrow.state == "new"


@pytest.mark.parametrize(("state", "trigger", "attributes", "comment", "message"), VETOES)
def test_vetoed_conditions_leave_the_state(state, trigger, attributes, comment, message):
    thing = Thing(state=state, **attributes)
    context = wf.Context(roles=frozenset({"coordinator"}), now=NOW, comment=comment)
    with pytest.raises(wf.Vetoed, match=message) as refused:
        wf.fire(thing, trigger, context)
    assert refused.value.status == 422
    assert thing.state == state


def test_system_approves_only_when_the_rule_is_met():
    waiting = Thing(state="minutes_drafted", complete=False)
    with pytest.raises(wf.Vetoed):
        wf.fire(waiting, "approve", wf.Context(roles=frozenset({"system"}), now=NOW))
    assert waiting.state == "minutes_drafted"
    done = Thing(state="minutes_drafted", complete=True)
    context = wf.Context(roles=frozenset({"system"}), now=NOW)
    wf.fire(done, "approve", context)
    assert done.state == "approved"
    assert context.comment == "Alle Mitglieder genehmigen – 3 von 3 Mitgliedern haben genehmigt."  # the history names the rule


@pytest.mark.parametrize("vocabulary", wf.VOCABULARIES, ids=lambda v: v.name)
def test_every_vocabulary_words_every_state_and_kind_specific_condition(vocabulary):
    assert set(vocabulary.labels) == set(wf.STATES)
    for step in wf.STEPS:
        for check in step.conditions:
            assert wf.condition_text(check, vocabulary), (vocabulary.name, check.__name__)
    assert set(vocabulary.vetoes) <= {check.__name__ for step in wf.STEPS for check in step.conditions}


def test_coordinator_records_an_approval_only_with_a_reason():
    thing = Thing(state="minutes_drafted", complete=False)
    with pytest.raises(wf.Vetoed, match="Begründung"):
        wf.fire(thing, "approve", wf.Context(roles=frozenset({"coordinator"}), now=NOW, comment=""))
    wf.fire(thing, "approve", wf.Context(roles=frozenset({"coordinator"}), now=NOW, comment="Beschluss im 8. Forum"))
    assert thing.state == "approved"


@pytest.mark.parametrize(
    ("state", "roles", "expected"),
    [
        ("new", {"coordinator"}, ["plan", "record"]),
        ("planned", {"coordinator"}, ["reschedule", "cancel", "hold"]),
        ("planned", {"host"}, ["hold"]),
        ("planned", set(), []),
        ("minutes_drafted", {"coordinator"}, ["request_changes", "approve"]),
        ("distributed", {"coordinator", "host"}, []),
    ],
)
def test_available_triggers(state, roles, expected):
    assert wf.available_triggers(state, roles) == expected


def test_a_step_that_waits_for_its_date_says_when_it_opens():
    soon = Thing(state="planned", starts_at=NOW + timedelta(days=3))
    assert wf.opens_at(soon, "hold", NOW) == NOW + timedelta(days=3)
    assert wf.opens_at(Thing(state="planned"), "hold", NOW) is None  # begun: open now
    assert wf.opens_at(soon, "cancel", NOW) is None  # waits for nothing


def test_one_shared_machine_without_models():
    assert wf.machine.models == []
    assert not wf.machine.auto_transitions


def test_diagram_is_drawn_from_the_definition():
    text = wf.mermaid_diagram(wf.FORUM)
    assert "stateDiagram-v2" in text
    for step in wf.STEPS:
        assert f"{step.source} --> {step.dest}: " in text
    assert 'state "Protokollentwurf zur Genehmigung" as minutes_drafted' in text
    assert "Berichtsentwurf zur Genehmigung" in wf.mermaid_diagram(wf.PROJECT)


def test_workflows_import_no_flask():
    import subprocess
    import sys

    code = "import sys, workflows.lifecycle; sys.exit('flask' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
