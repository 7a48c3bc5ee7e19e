"""What differs between the kinds that run through the one lifecycle: one object per kind.

Forums and joint projects share states, transitions, operations and pages; they differ in words
(Protokoll or Bericht, Gastgeber or Federführung), mail subjects, confirmations and the pages of
their own. Each kind's package declares its :class:`Kind` (``forums/kind.py``, ``projects/kind.py``)
and registers it; everything shared asks ``activity.kind_spec`` instead of branching on the name.
See docs/architecture.md, "Adding a kind".
"""

from dataclasses import dataclass
from typing import Any

from flask import url_for

from workflows.lifecycle import TRIGGER_LABELS, Vocabulary

IRREVERSIBLE = "Das lässt sich nicht rückgängig machen."  # the last sentence of a confirmation that means it


@dataclass(frozen=True)
class Confirmation:
    """The shared confirmation page for a trigger that needs no form of its own."""

    title: str
    explanation: str
    needs_comment: bool


@dataclass(frozen=True)
class Document:
    """The document a kind writes and approves, declined as German sentences need it."""

    name: str  # "Protokoll"
    nominative: str  # "das Protokoll"
    accusative: str
    genitive: str  # "des Protokolls"
    pronoun: str  # "es": who writes it

    @property
    def sentence_start(self) -> str:
        """"Das Protokoll", to begin a sentence with."""
        return self.nominative[:1].upper() + self.nominative[1:]


@dataclass(frozen=True)
class Kind:
    words: Vocabulary  # the workflow's labels and vetoes for this kind
    noun: str  # "Forum", "Projekt"
    document: Document
    responsible: str  # who writes the document: "der Gastgeber", "die Federführung"
    at_responsible: str  # "beim Gastgeber"
    approvers: str  # the members who approve, as an adjective: "anwesenden", "beteiligten"
    not_found: str
    heading: str  # of its drawing on the Ablauf page
    detail_endpoint: str
    id_argument: str  # the detail endpoint's argument: "forum_id"
    own_pages: dict[str, str]  # trigger → endpoint of a page of its own (the rest: the confirmation page)
    confirmations: dict[str, Confirmation]
    subjects: dict[str, str]  # notification → mail subject, formatted with title and date
    asks_attendance: bool = False  # its invitation asks each contact "Nehmen Sie teil?"
    numbers_sections: bool = False  # its sections are an agenda: "TOP 2: Klimawoche"
    section_fields: tuple[str, str] = ("Notizen", "Beschlüsse")  # the two texts of a section in the editor
    decision_name: str = "Beschluss"  # one structured decision of a section: "Beschluss 1 zu TOP 2: …"

    @property
    def name(self) -> str:
        return self.words.name

    def section_label(self, section: Any) -> str:  # noqa: ANN401  a Section (the minutes package builds on this one)
        """How a page names one of its sections (an agenda item, a heading of the report)."""
        return f"TOP {section.position}: {section.title}" if self.numbers_sections else section.title

    def decision_label(self, position: int, section: Any) -> str:  # noqa: ANN401  a Section, as above
        """How the editor, the document and the register name a decision: "Beschluss 1 zu TOP 2: Klimawoche"."""
        return f"{self.decision_name} {position} zu {self.section_label(section)}"

    def action_label(self, trigger: str, *, revising: bool = False) -> str:
        """A button's words on the activity's page; "submit_minutes" opens the editor, which submits
        (after a change request the document exists and is revised, not written)."""
        if trigger == "submit_minutes":
            return f"{self.document.name} {'überarbeiten' if revising else 'schreiben'}"
        return TRIGGER_LABELS[trigger]

    def action_url(self, activity_id: int, trigger: str) -> str:
        if trigger in self.own_pages:
            return url_for(self.own_pages[trigger], **{self.id_argument: activity_id})
        if trigger == "submit_minutes":
            return url_for("minutes.edit", kind=self.name, activity_id=activity_id)
        return url_for("lifecycle.transition", kind=self.name, activity_id=activity_id, trigger=trigger)


_registered: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _registered[kind.name] = kind
    return kind


def kind_named(name: str) -> Kind:
    return _registered[name]


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order of registration (forums first)."""
    return list(_registered.values())
