"""The one lifecycle shared by forums and joint projects (docs/architecture.md, "The lifecycle").

Everything the software obeys lives here as data: states and their German
labels, transitions, the roles allowed to fire them, their conditions and the
notification each one sends. The application fires triggers through
:func:`fire`; the table tests and the diagram read the same definitions, so
nobody documents a machine that differs from the running one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from transitions import EventData, Machine, MachineError

BERLIN = ZoneInfo("Europe/Berlin")  # the alliance's days begin and end here

NEW = "new"
PLANNED = "planned"
HELD = "held"
MINUTES_DRAFTED = "minutes_drafted"
APPROVED = "approved"
DISTRIBUTED = "distributed"
CANCELLED = "cancelled"

STATES = [NEW, PLANNED, HELD, MINUTES_DRAFTED, APPROVED, DISTRIBUTED, CANCELLED]
FINAL_STATES = frozenset({DISTRIBUTED, CANCELLED})

# Roles an actor can hold towards one forum or project.
COORDINATOR = "coordinator"
HOST = "host"
APPROVER = "approver"
SYSTEM = "system"
ROLES = [COORDINATOR, HOST, APPROVER, SYSTEM]

TRIGGER_LABELS = {
    "plan": "Planen und einladen",
    "record": "Nacherfassen",
    "reschedule": "Termin ändern",
    "cancel": "Absagen",
    "hold": "Als durchgeführt markieren",
    "submit_minutes": "Zur Genehmigung einreichen",
    "request_changes": "Änderungen anfordern",
    "approve": "Genehmigung erfassen",
    "distribute": "Verteilen",
}


# How the history names a trigger that the system fired by itself (its comment names the rule met).
SYSTEM_TRIGGER_LABELS = {"approve": "Genehmigt nach der Geschäftsordnung"}


@dataclass(frozen=True)
class Vocabulary:
    """The words one kind (forum, project) uses for the shared lifecycle.

    ``vetoes`` holds the kind's sentence for a condition whose wording differs by kind (keyed by the
    condition's name); ``starts_on_a_day`` means the start is a day, not a moment.
    """

    name: str
    labels: dict[str, str]
    vetoes: dict[str, str]
    starts_on_a_day: bool = False

    def label(self, state: str) -> str:
        return self.labels.get(state, state)


FORUM = Vocabulary(
    name="forum",
    labels={
        NEW: "Neu",
        PLANNED: "Geplant",
        HELD: "Durchgeführt – Protokoll in Arbeit",
        MINUTES_DRAFTED: "Protokollentwurf zur Genehmigung",
        APPROVED: "Protokoll genehmigt",
        DISTRIBUTED: "Verteilt",
        CANCELLED: "Abgesagt",
    },
    vetoes={
        "starts_in_future": "Der Termin muss in der Zukunft liegen.",
        "has_started": "Das Forum kann erst ab seinem Termin als durchgeführt markiert werden.",
        "took_place": (
            "Nacherfassen lässt sich nur ein Forum, das schon begonnen hat; ein künftiges planen Sie mit „Forum planen“."
        ),
        "has_approvers": "Bitte erfassen Sie mindestens ein anwesendes Mitglied.",
        "minutes_written": "Das Protokoll ist leer: bitte tragen Sie zu mindestens einem Tagesordnungspunkt etwas ein.",
    },
)
PROJECT = Vocabulary(
    name="project",
    labels={
        NEW: "Neu",
        PLANNED: "Geplant",
        HELD: "Durchgeführt – Bericht in Arbeit",
        MINUTES_DRAFTED: "Berichtsentwurf zur Genehmigung",
        APPROVED: "Bericht genehmigt",
        DISTRIBUTED: "Verteilt",
        CANCELLED: "Abgesagt",
    },
    vetoes={
        "starts_in_future": "Der Beginn darf nicht in der Vergangenheit liegen; heute ist möglich.",
        "has_started": "Das Projekt kann erst ab seinem Beginn als durchgeführt markiert werden.",
        "took_place": (
            "Nacherfassen lässt sich nur ein Projekt, das schon begonnen hat (auch heute); "
            "ein künftiges legen Sie mit „Projekt anlegen“ an."
        ),
        "has_approvers": "Am Projekt ist kein Mitglied beteiligt, das den Bericht genehmigen könnte.",
        "minutes_written": "Der Bericht ist leer: bitte tragen Sie zu mindestens einem Abschnitt etwas ein.",
    },
    starts_on_a_day=True,
)
VOCABULARIES = (FORUM, PROJECT)


class Lifecycled(Protocol):
    """What the conditions read from a forum or project."""

    state: str
    starts_at: datetime

    def approving_members_count(self) -> int: ...

    def minutes_written(self) -> bool: ...

    def approval_rule_met(self, now: datetime) -> str:
        """The rule of procedure that approves the document now, in German; "" while none is met."""
        ...


@dataclass
class Context:
    """Who fires a trigger and why; passed to every condition as ``context``.

    ``comment`` is the actor's reason; when the system approves, the condition sets it to the rule met.
    """

    roles: frozenset[str]
    now: datetime
    comment: str = ""
    vocabulary: Vocabulary = FORUM
    veto: str | None = field(default=None, init=False)
    veto_field: str | None = field(default=None, init=False)  # the attribute the veto is about, if one


class WorkflowError(Exception):
    """A refused trigger; ``status`` is the HTTP status the web layer answers with."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    status = 403


class InvalidTransition(WorkflowError):
    status = 409


class Vetoed(WorkflowError):
    """A condition said no; ``field`` names the attribute it is about (a form shows it there)."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def condition(
    message: str = "", about: str | None = None, opens_at: Callable[[Any], datetime] | None = None
) -> Callable[[Callable[..., bool]], Callable[[EventData], bool]]:
    """Turn ``check(obj, context)`` into a transitions condition that explains a veto.

    The veto is the vocabulary's sentence for the condition, else ``message``; ``about`` names the
    attribute the condition checks, so a form can show the veto at its field; ``opens_at`` says when
    a condition that only waits for time will be met, so a page can say so before any form is filled.
    """

    def decorate(check: Callable[..., bool]) -> Callable[[EventData], bool]:
        def run(event: EventData) -> bool:
            context: Context = event.kwargs["context"]
            if check(event.model, context):
                return True
            context.veto = condition_text(run, context.vocabulary)
            context.veto_field = about
            return False

        run.__name__ = check.__name__
        run.message = message  # type: ignore[attr-defined]
        run.opens_at = opens_at  # type: ignore[attr-defined]
        return run

    return decorate


@condition(about="starts_at")
def starts_in_future(obj: Lifecycled, context: Context) -> bool:
    """A forum is planned for a later moment; a project (a start day, no hour) may start today."""
    if context.vocabulary.starts_on_a_day:
        return obj.starts_at.astimezone(BERLIN).date() >= context.now.astimezone(BERLIN).date()
    return obj.starts_at > context.now


@condition(opens_at=lambda obj: obj.starts_at)
def has_started(obj: Lifecycled, context: Context) -> bool:
    return obj.starts_at <= context.now


@condition(about="starts_at")
def took_place(obj: Lifecycled, context: Context) -> bool:
    """Only what has begun is recorded after the fact (a project's start day counts from its midnight)."""
    return obj.starts_at <= context.now


@condition(about="attendees")  # a forum's approvers are the members present
def has_approvers(obj: Lifecycled, context: Context) -> bool:
    return obj.approving_members_count() > 0


@condition()
def minutes_written(obj: Lifecycled, context: Context) -> bool:
    return obj.minutes_written()


@condition("Bitte geben Sie eine Begründung an.", about="comment")
def comment_given(obj: Lifecycled, context: Context) -> bool:
    return bool(context.comment.strip())


@condition("Es haben noch nicht alle Mitglieder genehmigt; die Koordination kann eine Genehmigung nur mit Begründung erfassen.")
def approval_justified(obj: Lifecycled, context: Context) -> bool:
    if SYSTEM in context.roles:
        context.comment = obj.approval_rule_met(context.now)
        return bool(context.comment)
    return bool(context.comment.strip())


@dataclass(frozen=True)
class Step:
    """One transition of the lifecycle, with who may fire it and what it mails."""

    trigger: str
    source: str
    dest: str
    roles: frozenset[str]
    notification: str
    conditions: tuple[Callable[[EventData], bool], ...] = ()


STEPS = [
    Step("plan", NEW, PLANNED, frozenset({COORDINATOR}), "invitation", (starts_in_future,)),
    # Nacherfassung: what took place before (or beside) the intranet enters at "held", with a notice
    Step("record", NEW, HELD, frozenset({COORDINATOR}), "recorded", (took_place, has_approvers)),
    Step("reschedule", PLANNED, PLANNED, frozenset({COORDINATOR}), "rescheduled", (starts_in_future,)),
    Step("cancel", PLANNED, CANCELLED, frozenset({COORDINATOR}), "cancelled", (comment_given,)),
    Step("hold", PLANNED, HELD, frozenset({HOST, COORDINATOR}), "held", (has_started, has_approvers)),
    Step("submit_minutes", HELD, MINUTES_DRAFTED, frozenset({HOST, COORDINATOR}), "minutes_submitted", (minutes_written,)),
    Step("request_changes", MINUTES_DRAFTED, HELD, frozenset({APPROVER, COORDINATOR}), "changes_requested", (comment_given,)),
    Step("approve", MINUTES_DRAFTED, APPROVED, frozenset({SYSTEM, COORDINATOR}), "approved", (approval_justified,)),
    Step("distribute", APPROVED, DISTRIBUTED, frozenset({COORDINATOR}), "distributed"),
]
STEP_BY_TRIGGER = {step.trigger: step for step in STEPS}
TRIGGERS = list(STEP_BY_TRIGGER)

machine = Machine(
    model=None,
    states=STATES,
    initial=None,
    transitions=[
        {"trigger": s.trigger, "source": s.source, "dest": s.dest, "conditions": list(s.conditions)}
        for s in STEPS
    ],
    auto_transitions=False,
    send_event=True,
)


def available_triggers(state: str, roles: Iterable[str]) -> list[str]:
    """The triggers an actor with ``roles`` may fire from ``state``, in lifecycle order."""
    roles = set(roles)
    return [s.trigger for s in STEPS if s.source == state and s.roles & roles]


def opens_at(obj: Any, trigger: str, now: datetime) -> datetime | None:
    """When ``trigger`` becomes possible, if it only waits for time (None: not waiting)."""
    moments = [gate(obj) for gate in (c.opens_at for c in STEP_BY_TRIGGER[trigger].conditions) if gate]
    later = [moment for moment in moments if moment > now]
    return max(later) if later else None


def check(state: str, trigger: str, roles: Iterable[str], vocabulary: Vocabulary = FORUM) -> Step:
    """Refuse a trigger that the state or the actor's roles do not allow (conditions aside)."""
    step = STEP_BY_TRIGGER.get(trigger)
    if step is None:
        raise InvalidTransition(f"Unbekannte Aktion „{trigger}“.")
    if state != step.source:
        label = vocabulary.label(state)
        raise InvalidTransition(f"„{TRIGGER_LABELS[trigger]}“ ist im Zustand „{label}“ nicht möglich.")
    if not step.roles & set(roles):
        raise NotAllowed(f"„{TRIGGER_LABELS[trigger]}“ ist Ihnen hier nicht erlaubt.")
    return step


def fire(obj: Any, trigger: str, context: Context) -> Step:
    """Fire ``trigger`` on ``obj``; raise a :class:`WorkflowError` with a German message if refused."""
    step = check(obj.state, trigger, context.roles, context.vocabulary)
    try:
        fired = machine.events[trigger].trigger(obj, context=context)
    except MachineError:  # the machine's own verdict on the state, should the table above drift
        raise InvalidTransition(f"„{TRIGGER_LABELS[trigger]}“ ist jetzt nicht möglich.") from None
    if not fired:
        raise Vetoed(context.veto or "Die Bedingungen für diese Aktion sind nicht erfüllt.", context.veto_field)
    return step


def condition_text(check: Callable[[EventData], bool], vocabulary: Vocabulary) -> str:
    """The German sentence a condition vetoes with, in the words of ``vocabulary``."""
    return vocabulary.vetoes.get(check.__name__) or check.message  # type: ignore[attr-defined]


def mermaid_diagram(vocabulary: Vocabulary = FORUM) -> str:
    """The running machine drawn as Mermaid text, with the German labels."""
    from transitions.extensions.diagrams import GraphMachine

    class LabelledState(GraphMachine.state_cls):
        def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.label = label

    class Drawing(GraphMachine):
        state_cls = LabelledState

    class Model:
        pass

    labels = vocabulary.labels
    drawing = Drawing(
        model=Model(),
        states=[{"name": s, "label": labels[s]} for s in STATES],
        transitions=[
            {"trigger": s.trigger, "source": s.source, "dest": s.dest, "label": TRIGGER_LABELS[s.trigger]}
            for s in STEPS
        ],
        initial=NEW,
        auto_transitions=False,
        graph_engine="mermaid",
        title="Lebenszyklus",
    )
    return drawing.get_graph().draw(None)
