from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from ..forms import PageForm, no_control_characters


class DecisionForm(PageForm):
    comment = TextAreaField(
        "Welche Änderungen brauchen Sie?",
        validators=[Length(max=5000), no_control_characters],
    )


class IntranetDecisionForm(DecisionForm):
    """The same decision on the activity's page: the version shown travels with it."""

    version = HiddenField()
