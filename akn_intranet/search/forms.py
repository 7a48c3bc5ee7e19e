from wtforms import IntegerField, SearchField, SelectField
from wtforms.validators import Length, NumberRange, Optional

from ..forms import FilterForm, options
from ..urls import bounded_int
from .models import KIND_LABELS

ALL = 0
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999  # beyond these a year cannot become a moment in the database


class SearchForm(FilterForm):
    """The search and its filters (GET, no CSRF needed); a wrong filter is said, never guessed."""

    q = SearchField(
        "Suchbegriff",
        description="Wörter aus Titel, Protokoll, Beschlüssen, Aufgaben oder Anlagenamen; Umlaute beliebig (ü oder ue).",
        validators=[Optional(), Length(max=200, message="Bitte höchstens 200 Zeichen.")],
    )
    jahr = IntegerField(
        "Jahr", validators=[
            Optional(),
            NumberRange(EARLIEST_YEAR, LATEST_YEAR, message=f"Bitte ein Jahr zwischen {EARLIEST_YEAR} und {LATEST_YEAR}."),
        ],
    )
    mitglied = SelectField("Mitglied", coerce=bounded_int, default=ALL, validate_choice=True)
    art = SelectField("Art", choices=options([("", "alles"), *KIND_LABELS.items()]), default="", validate_choice=True)

    def __init__(self, *args: object, members: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.mitglied.choices = options([(ALL, "alle Mitglieder"), *members])
