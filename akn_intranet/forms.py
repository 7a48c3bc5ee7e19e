"""Form pieces shared by several domains."""

import re
from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, Form, FormField, SelectChoice, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import Length, ValidationError

REQUIRED = "Bitte füllen Sie dieses Feld aus."


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options as WTForms wants them (value, German label)."""
    return [SelectChoice(value, label) for value, label in pairs]


class GermanMeta:
    """WTForms' own messages ("Kein gültiges Datum") in German; needs WTF_I18N_ENABLED off."""

    locales = ["de"]


class PageForm(FlaskForm):
    """A form posted from a page: CSRF-protected, German messages."""

    Meta = GermanMeta


class FilterForm(PageForm):
    """The filters of a list, sent by GET: they change nothing, so they need no CSRF token."""

    class Meta(PageForm.Meta):
        csrf = False


class SubForm(Form):
    """A repeated group of fields inside a PageForm (no CSRF of its own)."""

    Meta = GermanMeta


def field_errors(fields: Iterable[Field] | None) -> list[tuple[str, str, str]]:
    """Every error of a form, in the order of its fields (repeated groups included), as (the id of the
    element to focus, the field's label, the message): the error summary on top of the page (macros.html)."""
    found: list[tuple[str, str, str]] = []
    for field in fields or ():
        if isinstance(field, FieldList | FormField):
            found += field_errors(field)
        elif field.errors and not isinstance(field.widget, widgets.HiddenInput):  # nothing to correct there
            target = f"{field.id}-0" if isinstance(field.widget, widgets.ListWidget) else field.id  # its first option
            found += [(target, field.label.text, message) for message in field.errors]
    return found


class CheckboxListField(SelectMultipleField):
    """A list of checkboxes: works without JavaScript and on a phone."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_address(form, field) -> None:  # noqa: ANN001
    """A plausible single address: no spaces, no second @, nothing that could break a mail header."""
    if field.data and not _EMAIL.match(field.data.strip()):
        raise ValidationError("Bitte geben Sie eine gültige E-Mail-Adresse an.")


def no_control_characters(form, field) -> None:  # noqa: ANN001
    """Refuse invisible characters; in one-line fields also line breaks, which could reach a mail header."""
    multiline = isinstance(field, TextAreaField)
    text = str(field.data or "")
    if not multiline and ("\r" in text or "\n" in text):
        raise ValidationError("Zeilenumbrüche sind in diesem Feld nicht erlaubt.")
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        raise ValidationError("Der Text enthält unzulässige Steuerzeichen.")


class CommentForm(PageForm):
    WORKFLOW_FIELDS = {"comment": "comment"}  # a missing reason is shown at the field, like any other input error

    comment = TextAreaField("Begründung / Kommentar", validators=[Length(max=5000), no_control_characters])
