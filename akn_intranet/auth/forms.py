from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from ..forms import REQUIRED, PageForm, email_address, no_control_characters

MIN_PASSWORD = 10


class LoginForm(PageForm):
    email = EmailField("E-Mail-Adresse", validators=[DataRequired("Bitte geben Sie Ihre E-Mail-Adresse ein."), Length(max=254)])
    password = PasswordField("Passwort", validators=[DataRequired("Bitte geben Sie Ihr Passwort ein."), Length(max=200)])
    next = HiddenField()


class ContactForm(PageForm):
    name = StringField("Name", validators=[DataRequired(REQUIRED), Length(max=120), no_control_characters])
    email = EmailField(
        "E-Mail-Adresse", description="An diese Adresse geht die Einladung; sie ist zugleich die Anmeldung.",
        validators=[DataRequired(REQUIRED), Length(max=254), email_address],
    )
    member_id = SelectField("Mitglied", coerce=int, validators=[InputRequired(REQUIRED)])


class SetPasswordForm(PageForm):
    password = PasswordField(
        "Neues Passwort", description=f"Mindestens {MIN_PASSWORD} Zeichen.",
        validators=[
            DataRequired("Bitte geben Sie ein Passwort ein."),
            Length(
                min=MIN_PASSWORD, max=200,
                message=f"Das Passwort muss mindestens {MIN_PASSWORD} und höchstens 200 Zeichen lang sein.",
            ),
        ],
    )
    confirm = PasswordField(
        "Neues Passwort wiederholen",
        validators=[EqualTo("password", "Die beiden Passwörter stimmen nicht überein.")],
    )


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(
        "Aktuelles Passwort", validators=[DataRequired("Bitte geben Sie Ihr aktuelles Passwort ein."), Length(max=200)]
    )


class CodeForm(PageForm):
    code = StringField(
        "Code", description="Die 6 Ziffern aus Ihrer Authenticator-App oder einer Ihrer Wiederherstellungscodes.",
        validators=[DataRequired("Bitte geben Sie den Code ein."), Length(max=40, message="Dieser Code ist zu lang.")],
    )


class DisableTwoFactorForm(PageForm):
    """Either proves that the person at the keyboard owns the account."""

    current_password = PasswordField("Aktuelles Passwort", validators=[Length(max=200)])
    code = StringField(
        "oder ein Code", description="aus der Authenticator-App, oder ein Wiederherstellungscode",
        validators=[Length(max=40, message="Dieser Code ist zu lang.")],
    )

    def validate_code(self, field: StringField) -> None:
        if not (self.current_password.data or (field.data or "").strip()):
            raise ValidationError("Bitte geben Sie Ihr aktuelles Passwort oder einen Code ein.")
