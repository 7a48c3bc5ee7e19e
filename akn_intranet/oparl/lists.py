"""OParl's external object lists: the filters ``created_since``, ``created_until``, ``modified_since``,
``modified_until``, pages of ``limit`` (or OParl's ``elementsPerPage``) objects in a stable order, and
the envelope ``data``, ``pagination``, ``links``."""

from collections.abc import Mapping
from datetime import datetime
from math import ceil

from flask import current_app

from .objects import Entry, url

FILTERS = {
    "created_since": ("created", False),
    "created_until": ("created", True),
    "modified_since": ("modified", False),
    "modified_until": ("modified", True),
}
SIZE_PARAMETERS = ("limit", "elementsPerPage")


class BadRequest(ValueError):
    """A filter or page the list cannot answer: ``message`` is German, for the person using the client."""

    def __init__(self, message: str, debug: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.debug, self.status = message, debug, status


def moment_of(name: str, text: str) -> datetime:
    """A full ISO 8601 date-time with its offset; a '+' sent unencoded arrives as a space."""
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "+"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise BadRequest(
            f"„{name}“ erwartet Datum und Uhrzeit mit Zeitzone, z. B. 2026-11-21T10:00:00+01:00.",
            f"{name}: not an ISO 8601 date-time with offset: {text!r}",
        )
    return value


def _whole_number(name: str, text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(f"„{name}“ erwartet eine ganze Zahl ab 1.", f"{name}: not a positive integer: {text!r}")
    return int(text)


def _kept(entry: Entry, bounds: dict[str, datetime]) -> bool:
    for name, bound in bounds.items():
        attribute, until = FILTERS[name]
        value = getattr(entry, attribute)
        if value is None or (value > bound if until else value < bound):
            return False
    return True


def page(entries: list[Entry], args: Mapping[str, str], endpoint: str, **values: object) -> dict:
    """The requested page of ``entries``, in their stable order, as OParl's list envelope; the links keep
    the filters and the page size."""
    bounds = {name: moment_of(name, args[name]) for name in FILTERS if name in args}
    size_name = next((name for name in SIZE_PARAMETERS if name in args), None)
    default, largest = current_app.config["AKN_OPARL_PAGE_SIZE"], current_app.config["AKN_OPARL_MAX_PAGE_SIZE"]
    size = min(_whole_number(size_name, args[size_name]) if size_name else default, largest)
    number = _whole_number("page", args["page"]) if "page" in args else 1

    kept = sorted((entry for entry in entries if _kept(entry, bounds)), key=lambda entry: entry.order)
    pages = max(1, ceil(len(kept) / size))
    if number > pages:
        raise BadRequest(
            f"Diese Liste hat nur {pages} Seite(n).", f"page {number} beyond the last page {pages}", status=404
        )
    query = {name: args[name] for name in FILTERS if name in args} | ({size_name: str(size)} if size_name else {})

    def link(to: int) -> str:
        return url(endpoint, **values, **query, **({"page": to} if to > 1 else {}))

    links = {"first": link(1), "self": link(number), "last": link(pages)}
    if number > 1:
        links["prev"] = link(number - 1)
    if number < pages:
        links["next"] = link(number + 1)
    return {
        "data": [entry.build() for entry in kept[(number - 1) * size : number * size]],
        "pagination": {"totalElements": len(kept), "elementsPerPage": size, "currentPage": number, "totalPages": pages},
        "links": links,
    }
