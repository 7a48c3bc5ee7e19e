"""Attachment files on disk, outside the database: content-addressed under the attachment folder
(``AKN_ATTACHMENT_FOLDER``, by default ``instance/attachments``), one file per SHA-256.

A file is written before the row that names it is committed and removed after the last such row
is gone; what a crash leaves between the two (a file without a row) ``collect_garbage`` removes
from ``akn tick``. See docs/deploy.md for backups.
"""

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .models import Attachment

GRACE_SECONDS = 3600  # a file younger than this may belong to an upload still being committed


def folder() -> Path:
    return Path(current_app.config["AKN_ATTACHMENT_FOLDER"])


def path_of(sha256: str) -> Path:
    return folder() / sha256[:2] / sha256


def store(data: bytes) -> tuple[str, bool]:
    """Write ``data`` under its SHA-256 (atomically: a reader never sees half a file); True if it is new."""
    sha256 = hashlib.sha256(data).hexdigest()
    target = path_of(sha256)
    if target.exists():
        return sha256, False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256, True


def _referenced(hashes: set[str]) -> set[str]:
    return set(db.session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(hashes)).distinct()))


def remove_unreferenced(hashes: Iterable[str]) -> int:
    """After a commit: delete the files that no attachment row names any more."""
    hashes = set(hashes)
    orphans = hashes - _referenced(hashes) if hashes else set()
    for sha256 in orphans:
        path_of(sha256).unlink(missing_ok=True)
    return len(orphans)


def discard(sha256: str) -> None:
    """After a failed upload: remove its new file unless a row names it; if the database cannot say,
    leave it to :func:`collect_garbage`."""
    try:
        remove_unreferenced([sha256])
    except SQLAlchemyError:
        current_app.logger.warning("Anlage %s: Datei bleibt bis zum nächsten tick", sha256)


def collect_garbage(now: float | None = None) -> int:
    """Remove files (and leftover partial uploads) that no row names, older than the grace period."""
    root = folder()
    if not root.is_dir():
        return 0
    cutoff = (now or time.time()) - GRACE_SECONDS
    old = [p for p in root.glob("*/*") if p.is_file() and p.stat().st_mtime < cutoff]
    partial = [p for p in old if p.name.startswith(".upload-")]
    for path in partial:
        path.unlink(missing_ok=True)
    return len(partial) + remove_unreferenced(p.name for p in old if not p.name.startswith("."))
