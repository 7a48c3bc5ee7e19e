from wtforms import RadioField, StringField
from wtforms.validators import Length

from ..forms import PageForm, no_control_characters, options
from .models import ANSWERS


class ReplyForm(PageForm):
    answer = RadioField("Ihre Antwort", choices=options(ANSWERS.items()), validate_choice=False)
    deputy = StringField(
        "Wer vertritt Sie? (Name und Funktion)", validators=[Length(max=200), no_control_characters]
    )
