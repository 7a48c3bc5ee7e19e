import re
from datetime import date

from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from .. import forms
from ..forms import PageForm, options
from .models import EVENT_LABELS

EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


def plausible_day(form: PageForm, field: DateField) -> None:
    """Days the log can hold; far-off years would overflow when turned into UTC times."""
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError("Bitte geben Sie ein Datum zwischen 2000 und 2999 an.")


class FilterForm(forms.FilterForm):
    """The filters of the security log (GET, no CSRF needed); a wrong input is said, never guessed."""

    event = SelectField(
        "Ereignis", choices=options([("", "alle Ereignisse"), *EVENT_LABELS.items()]), default="",
        validate_choice=True,
    )
    person = StringField(
        "Person", description="Name oder E-Mail-Adresse, handelnd oder betroffen",
        validators=[Optional(), Length(max=120, message="Bitte höchstens 120 Zeichen.")],
    )
    since = DateField("von", validators=[Optional(), plausible_day])
    until = DateField("bis", validators=[Optional(), plausible_day])
    ip = StringField(
        "IP-Adresse", description="ganz oder ihr Anfang, z. B. 192.168.",
        validators=[
            Optional(), Length(max=64, message="Bitte höchstens 64 Zeichen."),
            Regexp(
                re.compile(r"^[0-9A-Fa-f.:]+$"),
                message="Eine IP-Adresse besteht nur aus Ziffern, a–f, Punkten und Doppelpunkten.",
            ),
        ],
    )

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("Das Datum „bis“ liegt vor dem Datum „von“.")
