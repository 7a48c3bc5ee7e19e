from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..forms import REQUIRED, CheckboxListField, FilterForm, PageForm, no_control_characters, options
from ..urls import bounded_int
from .models import PROJECT_KINDS, SDGS, unknown_goals_message

SDG_PAIRS = [(number, f"{number} – {name}") for number, name in SDGS.items()]


class ProjectForm(PageForm):
    WORKFLOW_FIELDS = {"starts_at": "starts_on"}  # a workflow veto about the start is shown at "Beginn"

    title = StringField("Titel", validators=[DataRequired(REQUIRED), Length(max=200), no_control_characters])
    project_kind = SelectField("Art", choices=options(PROJECT_KINDS.items()), validators=[InputRequired(REQUIRED)])
    description = TextAreaField(
        "Beschreibung", description="Markdown möglich.", validators=[Length(max=20000), no_control_characters]
    )
    starts_on = DateField("Beginn", validators=[InputRequired("Bitte geben Sie ein gültiges Datum an.")])
    ends_on = DateField("Ende (optional)", validators=[Optional()])
    lead_id = SelectField("Federführung", coerce=int, validators=[InputRequired(REQUIRED)])
    participant_ids = CheckboxListField("Beteiligte Mitglieder", coerce=int)
    field_ids = CheckboxListField("Handlungsfelder", coerce=int)
    sdgs = CheckboxListField("Nachhaltigkeitsziele (SDGs)", coerce=int, choices=options(SDG_PAIRS), validate_choice=False)

    def validate_sdgs(self, field) -> None:  # noqa: ANN001
        if message := unknown_goals_message(field.data or []):
            raise ValidationError(message)

    def validate_ends_on(self, field) -> None:  # noqa: ANN001
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Das Ende darf nicht vor dem Beginn liegen.")


class ProjectFilterForm(FilterForm):
    """The filters of the project list (GET, no CSRF needed)."""

    state = SelectField("Zustand", validate_choice=False)
    member = SelectField("Mitglied", coerce=bounded_int, validate_choice=False)
    field = SelectField("Handlungsfeld", coerce=bounded_int, validate_choice=False)
    sdg = SelectField("SDG", coerce=bounded_int, validate_choice=False, choices=options([(0, "alle"), *SDG_PAIRS]))


class FieldOfActionForm(PageForm):
    name = StringField("Neues Handlungsfeld", validators=[DataRequired(REQUIRED), Length(max=120), no_control_characters])
