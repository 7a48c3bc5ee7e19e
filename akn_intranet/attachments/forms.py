from flask_wtf.file import FileField
from wtforms import SelectField

from ..forms import PageForm


class UploadForm(PageForm):
    WORKFLOW_FIELDS = {"target": "target"}  # "wozu gehört sie" vetoes are shown at the select

    file = FileField("Datei")
    target = SelectField("Gehört zu")
