from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import REQUIRED, PageForm, no_control_characters
from .models import SUMMARY_MAX, TITLE_MAX


class PublicationForm(PageForm):
    """Title and summary of a result; ``seen`` holds the fingerprint of the text last shown as preview."""

    title = StringField(
        "Titel",
        validators=[
            DataRequired(REQUIRED),
            Length(max=TITLE_MAX, message=f"Der Titel darf höchstens {TITLE_MAX} Zeichen lang sein."),
            no_control_characters,
        ],
    )
    summary = TextAreaField(
        "Zusammenfassung (Markdown)",
        description="Öffentlich lesbar: bitte keine Namen oder Adressen von Ansprechpersonen.",
        validators=[
            DataRequired(REQUIRED),
            Length(max=SUMMARY_MAX, message="Die Zusammenfassung darf höchstens 20.000 Zeichen lang sein."),
            no_control_characters,
        ],
    )
    seen = HiddenField()
