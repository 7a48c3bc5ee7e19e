"""The files OParl hands out: a distributed document as PDF/A and the attachments of its version, with
their sizes and checksums.

The figures of each file are kept in ``FileFigures`` by ``akn tick``: a PDF takes about a second to lay out,
so a list of twenty files would take twenty seconds on a worker that has not seen them yet. A distributed
document's PDF comes out byte for byte the same on every rendering until a name in its approval record
changes (an erased contact): the erasure drops the documents' figures, and the next tick works them out again.
"""

import hashlib
from pathlib import Path

from sqlalchemy import delete, select

from workflows.lifecycle import DISTRIBUTED

from ..attachments import storage
from ..attachments.models import Attachment
from ..extensions import db
from ..lifecycle.models import Activity
from ..minutes import pdf
from ..minutes.models import MinutesVersion
from .models import FileFigures

DOCUMENT_PREFIX = "protokoll-"
FIGURES_PER_TICK = 20  # about twenty seconds of layout: a tick stays short, a new installation is done in a few


def document_key(version: MinutesVersion) -> str:
    return f"{DOCUMENT_PREFIX}{version.id}"


def attachment_key(attachment: Attachment) -> str:
    """By content: the same file attached twice is read once."""
    return f"anlage-{attachment.sha256}"


def known_figures() -> dict[str, FileFigures]:
    return {figures.key: figures for figures in db.session.scalars(select(FileFigures))}


def attachment_path(attachment: Attachment) -> Path | None:
    path = storage.path_of(attachment.sha256)
    return path if path.is_file() else None


def _figures(key: str, data: bytes) -> FileFigures:
    return FileFigures(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                       sha512=hashlib.sha512(data).hexdigest())


def _missing() -> list[tuple[str, MinutesVersion | Attachment]]:
    """The files of distributed documents without figures, documents first."""
    known = set(db.session.scalars(select(FileFigures.key)))
    distributed = db.session.scalars(select(Activity).where(Activity.state == DISTRIBUTED).order_by(Activity.id))
    versions = [activity.current_version for activity in distributed if activity.current_version]
    documents = [(document_key(v), v) for v in versions]
    attachments = [(attachment_key(a), a) for v in versions for a in v.attachments]
    return [(key, thing) for key, thing in dict(documents + attachments).items() if key not in known]


def record_missing_figures(limit: int = FIGURES_PER_TICK) -> int:
    """Work out the figures of up to ``limit`` files; commits after each, and lays out a PDF outside any
    transaction (like the mail sender), so the intranet's writers never wait for it. Where the server cannot
    lay out PDFs, documents are left for later. Returns how many were recorded."""
    recorded = 0
    for key, thing in _missing()[:limit]:
        if isinstance(thing, MinutesVersion):
            page = pdf.page(thing)
            db.session.rollback()  # end the read transaction before the slow part
            try:
                data = pdf.convert(page)
            except pdf.PdfUnavailable:
                continue
        else:
            path = attachment_path(thing)
            if path is None:
                continue
            data = path.read_bytes()
        db.session.merge(_figures(key, data))
        db.session.commit()
        recorded += 1
    return recorded


def forget_document_figures() -> None:
    """A name in the documents' approval records changed: their PDFs are no longer the ones measured. Flushes."""
    db.session.execute(delete(FileFigures).where(FileFigures.key.startswith(DOCUMENT_PREFIX)))
