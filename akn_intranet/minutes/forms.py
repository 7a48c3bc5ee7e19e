from collections.abc import Sequence

from wtforms import DateField, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import PageForm, SubForm, no_control_characters, options
from ..lifecycle.kinds import Kind
from .models import Section

CHOICE_TEXT_MAX = 60  # a decision's text in the select of an action item, shortened beyond this


class DecisionForm(SubForm):
    text = TextAreaField("Beschluss", validators=[Length(max=5000), no_control_characters])


class SectionForm(SubForm):
    notes = TextAreaField("Notizen", validators=[Length(max=50000), no_control_characters])
    decision_items = FieldList(FormField(DecisionForm))  # one row per decision; empty rows are dropped
    decisions = TextAreaField("Beschlüsse", validators=[Length(max=20000), no_control_characters])


class ActionItemForm(SubForm):
    task = StringField("Aufgabe", validators=[Length(max=500), no_control_characters])
    member_id = SelectField("Verantwortlich", coerce=int, validate_choice=False)
    due_date = DateField("Fällig bis", validators=[Optional()])
    # "2.1": the first decision row of the section at position 2; save_draft replaces rows, so no ids
    decision = SelectField("Setzt Beschluss um", validate_choice=False)


def decision_reference(section: Section, row: int) -> str:
    """The value an action item's select sends for a decision row of the form."""
    return f"{section.position}.{row}"


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CHOICE_TEXT_MAX else text[: CHOICE_TEXT_MAX - 1].rstrip() + "…"


class MinutesForm(PageForm):
    revision = HiddenField()
    sections = FieldList(FormField(SectionForm))
    action_items = FieldList(FormField(ActionItemForm))

    def name_fields(self, kind: Kind, sections: Sequence[Section]) -> None:
        """Each repeated field says what it belongs to, for a screen reader and in the error summary:
        "Notizen zu TOP 2: Klimawoche 2027", "Beschluss 1 zu TOP 2: Klimawoche 2027", "Verantwortlich für Aufgabe 3"."""
        notes, decisions = kind.section_fields
        for entry, section in zip(self.sections, sections, strict=False):
            where = kind.section_label(section)
            entry.notes.label.text = f"{notes} zu {where}"
            entry.decisions.label.text = f"{decisions} zu {where}"
            for row, item in enumerate(entry.decision_items, start=1):
                item.text.label.text = kind.decision_label(row, section)
        for number, entry in enumerate(self.action_items, start=1):
            entry.task.label.text = f"Aufgabe {number}"
            entry.member_id.label.text = f"Verantwortlich für Aufgabe {number}"
            entry.due_date.label.text = f"Fällig bis (Aufgabe {number})"
            entry.decision.label.text = f"Setzt {kind.decision_name} um (Aufgabe {number})"

    def offer_decisions(self, kind: Kind, sections: Sequence[Section]) -> None:
        """The decisions written in the form (not only the saved ones) become the choices of every action item."""
        choices = [
            (decision_reference(section, row), f"{kind.decision_label(row, section)} – {_shortened(item.text.data)}")
            for entry, section in zip(self.sections, sections, strict=False)
            for row, item in enumerate(entry.decision_items, start=1)
            if (item.text.data or "").strip()
        ]
        for entry in self.action_items:
            entry.decision.choices = options([("", "– ohne –"), *choices])

    @staticmethod
    def carried_out(entry: FormField) -> tuple[int, int] | None:
        """The decision an action item row names, as (section position, row of the decision); None for none
        or for a value the form does not offer (invalid_decision_references says so for a row with a task)."""
        if entry.decision.data not in {choice.value for choice in entry.decision.choices} - {""}:
            return None
        section, row = entry.decision.data.split(".")
        return int(section), int(row)

    def invalid_decision_references(self) -> bool:
        """A row may only name a decision of the form; a removed one (or a forged value) is said at the field."""
        invalid = False
        for entry in self.action_items:
            if (entry.task.data or "").strip() and entry.decision.data and self.carried_out(entry) is None:
                entry.decision.errors = [
                    "Die gewählte Angabe steht nicht (mehr) im Formular. Bitte wählen Sie einen Eintrag aus der Liste."
                ]
                invalid = True
        return invalid

    def missing_responsible(self) -> bool:
        """An action item needs a responsible member; mark the rows that lack one."""
        missing = False
        for entry in self.action_items:
            if (entry.task.data or "").strip() and not entry.member_id.data:
                entry.member_id.errors = ["Bitte wählen Sie, welches Mitglied verantwortlich ist."]
                missing = True
        return missing
