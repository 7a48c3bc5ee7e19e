"""A list a page at a time (``?seite=N``), the same on every list page: one row more than fits is fetched,
so a page knows whether another follows without counting. ``macros.html: pager`` draws the links."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import request

from .urls import bounded_int


@dataclass(frozen=True)
class Page:
    rows: list[Any] = field(default_factory=list)
    newer: int | None = None  # the number of the page before this one (newer rows, or better hits)
    older: int | None = None  # the number of the page after it


def page_of(fetch: Callable[[int, int], Sequence[Any]], size: int) -> Page:
    """The requested page of a list: ``fetch(limit, offset)`` returns its rows (and the first of the next)."""
    number = max(request.args.get("seite", 1, type=bounded_int), 1)
    rows = list(fetch(size + 1, (number - 1) * size))
    return Page(rows[:size], number - 1 if number > 1 else None, number + 1 if len(rows) > size else None)
