from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..forms import REQUIRED, CheckboxListField, PageForm, no_control_characters


class ForumForm(PageForm):
    number = IntegerField(
        "Nummer",
        validators=[
            InputRequired("Bitte geben Sie eine Nummer an."),
            NumberRange(1, 9999, "Die Nummer muss zwischen 1 und 9999 liegen."),
        ],
    )
    title = StringField("Titel", validators=[DataRequired(REQUIRED), Length(max=200), no_control_characters])
    day = DateField("Datum", validators=[InputRequired("Bitte geben Sie ein gültiges Datum an.")])
    time = TimeField("Uhrzeit", validators=[InputRequired("Bitte geben Sie eine gültige Uhrzeit an.")])
    place = StringField("Ort", validators=[DataRequired(REQUIRED), Length(max=200), no_control_characters])
    host_id = SelectField("Gastgeber", coerce=int, validators=[InputRequired(REQUIRED)])
    agenda = TextAreaField(
        "Tagesordnung",
        description="Ein Tagesordnungspunkt je Zeile, in der gewünschten Reihenfolge.",
        validators=[
            DataRequired("Bitte geben Sie mindestens einen Tagesordnungspunkt an."),
            Length(max=10000),
            no_control_characters,
        ],
    )

    @property
    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.agenda.data.splitlines() if line.strip()]


class HoldForm(PageForm):
    attendee_ids = CheckboxListField("Anwesende Ansprechpersonen", coerce=int)
    other_attendees = TextAreaField("Weitere Teilnehmende", validators=[Length(max=2000), no_control_characters])
