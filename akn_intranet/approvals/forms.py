from wtforms import TextAreaField
from wtforms.validators import Length

from ..forms import PageForm, no_control_characters


class DecisionForm(PageForm):
    comment = TextAreaField(
        "Welche Änderungen brauchen Sie?",
        validators=[Length(max=5000), no_control_characters],
    )
