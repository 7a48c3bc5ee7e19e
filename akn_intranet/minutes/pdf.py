"""The official document of a version as PDF/A, laid out by WeasyPrint from the print view's template.

Two steps, so that a caller can end its database transaction between them: ``page`` reads the
version and renders the HTML, ``convert`` lays it out (the slow part) and touches no database.
"""

import re

from flask import render_template

from workflows.lifecycle import WorkflowError

from .models import MinutesVersion
from .record import approval_record

# PDF/A-2, conformance level A: archivable (fonts embedded, sRGB output intent, XMP metadata) and
# tagged (structure, reading order, language), so a screen reader reads it as the page shows it.
VARIANT = "pdf/a-2a"
class PdfUnavailable(WorkflowError):
    """The server cannot lay out PDFs (a system library is missing): a German 503, not a crash."""

    status = 503


UNSAFE_IN_NAME = re.compile(r"[^\w.]+")


def filename(version: MinutesVersion) -> str:
    """"Protokoll-7.-Kooperationsforum-Fassung-2.pdf": the download's and the mail attachment's name."""
    activity = version.activity
    title = UNSAFE_IN_NAME.sub("-", activity.title).strip("-")
    return f"{activity.kind_spec.document.name}-{title}-Fassung-{version.number}.pdf"


def page(version: MinutesVersion) -> str:
    """The standalone HTML page of the document, its metadata in the head (reads the database)."""
    return render_template(
        "minutes/official_pdf.html",
        activity=version.activity,
        version=version,
        record=approval_record(version),
        created=version.submitted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def convert(html: str) -> bytes:
    """Lay the page out as PDF/A with tags. WeasyPrint loads Pango when imported, so it is imported
    here: the intranet runs without Pango, only its PDFs need it (README)."""
    try:
        from weasyprint import HTML, URLFetcher
    except (ImportError, OSError) as missing:  # OSError: WeasyPrint found no Pango
        raise PdfUnavailable(
            "PDF-Dokumente kann dieser Server zurzeit nicht erstellen (die Bibliothek Pango fehlt; siehe README). "
            "Die Druckansicht funktioniert; bitte verständigen Sie die IT."
        ) from missing

    # The page is self-contained (inline style, no images, nh3 lets none through): any URL, even file:
    # or data:, is refused, so rendering never reaches the network or the disk.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf(pdf_variant=VARIANT)


def render(version: MinutesVersion) -> bytes:
    """Both steps at once, for the download: a request's read transaction may stay open meanwhile."""
    return convert(page(version))
