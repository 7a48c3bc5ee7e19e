from wtforms import DateField, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..forms import PageForm, SubForm, no_control_characters


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

    def missing_responsible(self) -> bool:
        """An action item needs a responsible member; mark the rows that lack one."""
        missing = False
        for entry in self.action_items:
            if (entry.task.data or "").strip() and not entry.member_id.data:
                entry.member_id.errors = ["Bitte wählen Sie, welches Mitglied verantwortlich ist."]
                missing = True
        return missing
