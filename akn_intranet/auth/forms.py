from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from ..forms import PageForm


class LoginForm(PageForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired("Bitte geben Sie Ihre E-Mail-Adresse ein."), Length(max=254)])
    password = PasswordField("Passwort", validators=[DataRequired("Bitte geben Sie Ihr Passwort ein."), Length(max=200)])
    next = HiddenField()
