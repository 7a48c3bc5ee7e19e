from sqlalchemy import select
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ..extensions import db
from ..forms import REQUIRED, PageForm, no_control_characters
from .models import Member


def member_pairs() -> list[tuple[int, str]]:
    """The active members as (id, name) choices, in the alliance's order."""
    members = db.session.scalars(select(Member).filter_by(active=True))
    return [(m.id, m.name) for m in sorted(members, key=lambda m: m.sort_key)]

VALID_DATE = "Bitte geben Sie ein gültiges Datum an."


class PeriodForm(PageForm):
    """Joining or leaving: the day it takes effect, and why."""

    note = TextAreaField(
        "Anmerkung (optional)", description="Z. B. Ratsbeschluss vom …", validators=[Length(max=2000), no_control_characters]
    )


class JoiningForm(PeriodForm):
    effective_on = DateField("Beitritt wirksam ab", validators=[InputRequired(VALID_DATE)])


class NewMemberForm(JoiningForm):
    name = StringField(
        "Name, wie unterzeichnet", description="Z. B. „Stadt Neuss“.",
        validators=[DataRequired(REQUIRED), Length(max=120), no_control_characters],
    )
    place = StringField(
        "Ort", description="Z. B. „Neuss“: danach richtet sich die Reihenfolge der Gastgeber.",
        validators=[DataRequired(REQUIRED), Length(max=80), no_control_characters],
    )
    is_municipality = BooleanField(
        "Kommune", default=True, description="Nur Kommunen sind in der Regel Gastgeber der Foren (der Kreis nicht)."
    )


class LeavingForm(PeriodForm):
    effective_on = DateField(
        "Austritt wirksam ab", description="Der erste Tag, an dem es kein Mitglied mehr ist.",
        validators=[InputRequired(VALID_DATE)],
    )
