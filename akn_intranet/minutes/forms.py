from collections.abc import Sequence

from wtforms import DateField, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import PageForm, SubForm, no_control_characters
from ..lifecycle.kinds import Kind
from .models import Section


class SectionForm(SubForm):
    notes = TextAreaField("Notizen", validators=[Length(max=50000), no_control_characters])
    decisions = TextAreaField("Beschlüsse", validators=[Length(max=20000), no_control_characters])


class ActionItemForm(SubForm):
    task = StringField("Aufgabe", validators=[Length(max=500), no_control_characters])
    member_id = SelectField("Verantwortlich", coerce=int, validate_choice=False)
    due_date = DateField("Fällig bis", validators=[Optional()])


class MinutesForm(PageForm):
    revision = HiddenField()
    sections = FieldList(FormField(SectionForm))
    action_items = FieldList(FormField(ActionItemForm))

    def name_fields(self, kind: Kind, sections: Sequence[Section]) -> None:
        """Each repeated field says what it belongs to, for a screen reader and in the error summary:
        "Notizen zu TOP 2: Klimawoche 2027", "Verantwortlich für Aufgabe 3"."""
        notes, decisions = kind.section_fields
        for entry, section in zip(self.sections, sections, strict=False):
            where = kind.section_label(section)
            entry.notes.label.text = f"{notes} zu {where}"
            entry.decisions.label.text = f"{decisions} zu {where}"
        for number, entry in enumerate(self.action_items, start=1):
            entry.task.label.text = f"Aufgabe {number}"
            entry.member_id.label.text = f"Verantwortlich für Aufgabe {number}"
            entry.due_date.label.text = f"Fällig bis (Aufgabe {number})"

    def missing_responsible(self) -> bool:
        """An action item needs a responsible member; mark the rows that lack one."""
        missing = False
        for entry in self.action_items:
            if (entry.task.data or "").strip() and not entry.member_id.data:
                entry.member_id.errors = ["Bitte wählen Sie, welches Mitglied verantwortlich ist."]
                missing = True
        return missing
