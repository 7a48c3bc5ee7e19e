"""Form widgets for the list pages, whose filters render dozens of options on every visit."""

from markupsafe import Markup, escape
from wtforms.widgets import Select


class QuickSelect(Select):
    """WTForms' select with the same HTML, an option written directly instead of through html_params
    (sorting, escaping and formatting each attribute): the filters were a tenth of the project list
    (pyinstrument). Options with extra attributes take WTForms' own way."""

    @classmethod
    def render_option(cls, choice, **kwargs) -> Markup:  # noqa: ANN001  (a SelectChoice, as WTForms passes it)
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        value = escape(value).replace(Markup('"'), Markup("&quot;"))
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""  # html_params sorts: "selected" before "value"
        return Markup(f'<option {selected}value="{value}">{label}</option>')  # noqa: S704  value and label escaped above


QUICK_SELECT = QuickSelect()
