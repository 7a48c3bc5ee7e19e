from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import FilterForm, PageForm, no_control_characters
from ..urls import bounded_int


class MemberFilterForm(FilterForm):
    """The member filter of the list (GET, no CSRF needed)."""

    member = SelectField("Mitglied", coerce=bounded_int, validate_choice=False)


class DoneForm(PageForm):
    # Required: the follow-up is only worth something if it says what was done (and where to find it).
    note = TextAreaField(
        "Vermerk",
        description="Was wurde getan? Z. B. „Flyer gedruckt und an alle Rathäuser verteilt“.",
        validators=[
            DataRequired("Bitte beschreiben Sie kurz, wie die Aufgabe erledigt wurde."),
            Length(max=2000, message="Der Vermerk darf höchstens 2000 Zeichen lang sein."),
            no_control_characters,
        ],
    )
