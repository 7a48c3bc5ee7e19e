from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import REQUIRED, PageForm, email_address, no_control_characters, options
from .models import APPROVAL_RULES


def _days(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired("Bitte geben Sie eine Zahl an."),
            NumberRange(1, 365, "Bitte geben Sie eine Anzahl von 1 bis 365 Tagen an."),
        ],
    )


class RulesForm(PageForm):
    text = TextAreaField("Text der Geschäftsordnung (Markdown)", validators=[Length(max=100000), no_control_characters])
    approval_rule = SelectField("Genehmigung von Protokollen und Berichten", choices=options(APPROVAL_RULES.items()))
    approval_deadline_days = _days("Genehmigungsfrist (Tage)")
    minutes_due_days = _days("Protokoll fällig nach (Tagen)")
    invitation_lead_days = _days("Einladungsfrist (Tage)")
    contacts_per_member = IntegerField(
        "Ansprechpersonen je Mitglied",
        validators=[InputRequired("Bitte geben Sie eine Zahl an."), NumberRange(1, 10, "Bitte 1 bis 10.")],
    )
    forum_duration_minutes = IntegerField(
        "Dauer eines Forums (Minuten)",
        description="Das Ende im Kalendereintrag, wenn das Forum selbst keine andere Dauer nennt. Leer gelassen: unverändert.",
        validators=[Optional(), NumberRange(15, 720, "Bitte geben Sie eine Dauer von 15 bis 720 Minuten an.")],
    )
    note = StringField(
        "Was wurde geändert?", validators=[DataRequired(REQUIRED), Length(max=500), no_control_characters]
    )


class DistributionForm(PageForm):
    member_id = SelectField("Mitglied", coerce=int)
    email = EmailField(
        "E-Mail-Adresse",
        validators=[DataRequired(REQUIRED), email_address, Length(max=254)],
    )
    label = StringField("Bezeichnung (z. B. Büro des Bürgermeisters)", validators=[Length(max=120), no_control_characters])
