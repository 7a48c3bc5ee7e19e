from wtforms import BooleanField

from ..forms import PageForm


class ConsentForm(PageForm):
    publish = BooleanField(
        "Meinen Namen in der OParl-Schnittstelle veröffentlichen",
        description="Dann zeigt die Schnittstelle Ihren Namen und Ihre Rolle im Kooperationsforum (mit Ihrem "
        "Mitglied), sonst nichts über Sie. Sie können das jederzeit wieder ausschalten.",
    )
