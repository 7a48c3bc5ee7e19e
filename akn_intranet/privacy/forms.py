from wtforms import BooleanField
from wtforms.validators import DataRequired

from ..forms import PageForm


class ErasureForm(PageForm):
    confirmed = BooleanField(
        "Ich habe verstanden: Name und Adresse werden endgültig entfernt; das lässt sich nicht rückgängig machen.",
        validators=[DataRequired("Bitte bestätigen Sie, dass Sie den Zugang endgültig löschen wollen.")],
    )
