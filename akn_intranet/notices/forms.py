from wtforms import TextAreaField
from wtforms.validators import Length

from ..forms import PageForm, no_control_characters


class NoticeForm(PageForm):
    text = TextAreaField(
        "Text (Markdown; leer lassen stellt den Standardtext wieder her)",
        validators=[Length(max=50_000, message="Der Text darf höchstens 50.000 Zeichen lang sein."), no_control_characters],
    )
