"""Files the intranet hands out: always as a download, never kept by a shared browser or proxy."""

from io import BytesIO
from pathlib import Path

from flask import Response, send_file


def private_download(
    content: bytes | Path, *, mimetype: str, name: str, etag: str | None = None, as_attachment: bool = True
) -> Response:
    """Papers of a town hall and personal data: ``no-store``, so a shared browser keeps no copy.
    ``as_attachment=False`` (OParl's accessUrl) lets the browser show the file instead of saving it."""
    response = send_file(
        BytesIO(content) if isinstance(content, bytes) else content,
        mimetype=mimetype, as_attachment=as_attachment, download_name=name, etag=etag or False, max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
