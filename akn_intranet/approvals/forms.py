from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from ..forms import no_control_characters


class DecisionForm(FlaskForm):
    comment = TextAreaField(
        "Welche Änderungen brauchen Sie?",
        validators=[Length(max=5000), no_control_characters],
    )
