from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from ..forms import FilterForm, no_control_characters, options
from ..lifecycle.kinds import all_kinds
from ..members.forms import member_pairs
from ..urls import bounded_int

ALL = 0


class RegisterFilterForm(FilterForm):
    """The filters of the Beschlussregister (GET, no CSRF needed); a wrong input is said, never guessed."""

    year = SelectField("Jahr", coerce=bounded_int, default=ALL, validate_choice=True)
    member = SelectField(
        "Mitglied", coerce=bounded_int, default=ALL, validate_choice=True,
        description="verantwortlich für eine Aufgabe daraus, oder Gastgeber bzw. Federführung",
    )
    kind = SelectField("Art", default="", validate_choice=True)
    text = StringField(
        "Text enthält",
        validators=[Optional(), Length(max=200, message="Bitte höchstens 200 Zeichen."), no_control_characters],
    )

    def offer(self, years: list[int]) -> None:
        """The choices: the register's years, the active members, the kinds."""
        self.year.choices = options([(ALL, "alle Jahre"), *((year, str(year)) for year in years)])
        self.member.choices = options([(ALL, "alle Mitglieder"), *member_pairs()])
        self.kind.choices = options([("", "Foren und Projekte"), *((kind.name, kind.noun) for kind in all_kinds())])
