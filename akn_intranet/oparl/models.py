"""The size and checksums OParl gives for each file it hands out."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class FileFigures(db.Model):
    """Worked out by ``akn tick`` (oparl/files.py: record_missing_figures), never during a request of the
    interface: laying out a document's PDF takes about a second. A cache: a File without its row goes out
    without size and checksums until the next tick."""

    __tablename__ = "oparl_file_figures"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # files.document_key / files.attachment_key
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    sha512: Mapped[str] = mapped_column(String(128))
