"""Numbers in URLs, and absolute links for mails, built from ``AKN_BASE_URL`` (no request needed)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.routing import IntegerConverter

if TYPE_CHECKING:
    from .lifecycle.models import Activity

# The largest key a database column can hold on both databases (PostgreSQL's integer).
LARGEST_ID = 2**31 - 1


def bounded_int(value: str) -> int:
    """An id or page number from a URL or form: larger than any stored key is no number
    (``ValueError``: Werkzeug and WTForms then use their default; never an overflow in SQL)."""
    number = int(value)
    if not 0 <= number <= LARGEST_ID:
        raise ValueError(f"{value} liegt außerhalb des gültigen Bereichs")
    return number


def form_number(value: str | None) -> int:
    """A number the page put into a hidden field (a revision, a version); one it did not render (cut
    off, tampered, out of range) is -1, which matches nothing: the stale-form answer."""
    try:
        return bounded_int(value or "")
    except ValueError:
        return -1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in routes: an id beyond any stored key does not match, so it answers 404."""

    def __init__(self, map, *args: object, **kwargs: object) -> None:  # noqa: A002, ANN001  (Werkzeug's signature)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def external_url(endpoint: str, **values: object) -> str:
    base = urlsplit(current_app.config["AKN_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def is_local_path(target: str | None) -> bool:
    """Only same-site paths are safe ``next=`` targets: no scheme, host, or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def activity_url(activity: Activity, external: bool = False) -> str:
    """The page of a forum or project."""
    kind = activity.kind_spec
    endpoint, values = kind.detail_endpoint, {kind.id_argument: activity.id}
    return external_url(endpoint, **values) if external else url_for(endpoint, **values)
