from datetime import time as time_of_day

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..forms import REQUIRED, CheckboxListField, PageForm, no_control_characters, options
from ..minutes.models import SECTION_TITLE_MAX
from ..rules.models import current_rules
from .schedule import MIDDLE_MONTHS, WEEKDAYS, WEEKS

DURATION_MIN, DURATION_MAX = 15, 720  # minutes: from a quarter of an hour to a whole day


class ForumForm(PageForm):
    WORKFLOW_FIELDS = {"starts_at": "day"}  # a workflow veto about the date is shown at "Datum"

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
    duration_minutes = IntegerField(
        "Dauer (Minuten)",
        default=lambda: current_rules().forum_duration_minutes,  # a new forum starts from the rules of procedure
        description="Bis wann der Kalendereintrag reicht. Leer: wie bisher, bei einem neuen Forum laut Geschäftsordnung.",
        validators=[Optional(), NumberRange(DURATION_MIN, DURATION_MAX, "Bitte geben Sie eine Dauer von 15 bis 720 Minuten an.")],
    )
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

    def validate_agenda(self, field) -> None:  # noqa: ANN001
        too_long = [str(n) for n, line in enumerate(self.agenda_lines, start=1) if len(line) > SECTION_TITLE_MAX]
        if too_long:
            raise ValidationError(
                f"Ein Tagesordnungspunkt darf höchstens {SECTION_TITLE_MAX} Zeichen lang sein "
                f"(zu lang: Punkt {', '.join(too_long)})."
            )


class HoldForm(PageForm):
    WORKFLOW_FIELDS = {"attendees": "attendee_ids"}  # "nobody present who approves" is shown at the list

    attendee_ids = CheckboxListField("Anwesende Ansprechpersonen", coerce=int)
    other_attendees = TextAreaField("Weitere Teilnehmende", validators=[Length(max=2000), no_control_characters])


class RecordForm(ForumForm, HoldForm):
    """Nacherfassung: the forum's data and who was there, in one form."""

    WORKFLOW_FIELDS = {**ForumForm.WORKFLOW_FIELDS, **HoldForm.WORKFLOW_FIELDS}


class ScheduleForm(PageForm):
    """The year's regular forums: which year, on which weekday of the quarter's middle month, when."""

    year = IntegerField(
        "Jahr",
        validators=[
            InputRequired("Bitte geben Sie ein Jahr an."),
            NumberRange(2000, 2100, "Bitte geben Sie ein Jahr zwischen 2000 und 2100 an."),
        ],
    )
    weekday = SelectField("Wochentag", coerce=int, choices=options(enumerate(WEEKDAYS)), default=2)
    week = SelectField(
        "Welcher im Monat",
        coerce=int,
        choices=options(WEEKS.items()),
        default=2,
        description="Im mittleren Monat jedes Quartals, z. B. der zweite Mittwoch im Februar, Mai, August und November.",
    )
    time = TimeField(
        "Uhrzeit", default=time_of_day(14, 0), validators=[InputRequired("Bitte geben Sie eine gültige Uhrzeit an.")]
    )
    quarters = CheckboxListField(
        "Quartale", coerce=int, choices=options((q, f"{q}. Quartal ({month})") for q, month in MIDDLE_MONTHS.items())
    )
    seen = HiddenField()
