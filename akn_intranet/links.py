"""Personal links, one home for their rules: approval and invitation links today, any later one too.

A link carries a random token; the database keeps only its SHA-256, so a leaked database opens
nothing. A link is found by its hash, used once (of two clicks arriving together only one spends
it) and expires; when it records nothing, the person is told why on a neutral page. See
docs/architecture.md, "Personal links".
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from flask import render_template
from sqlalchemy import String, select, update
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.base import ExecutableOption

from .clock import utcnow
from .database import UTCDateTime
from .extensions import db
from .formatting import format_datetime

LONGEST_TOKEN = 100  # a longer "token" is no token of ours: not even hashed


class PersonalLink:
    """The columns every kind of personal link has (a mixin for its model)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


L = TypeVar("L", bound=PersonalLink)


@dataclass
class LinkProblem(Exception):
    """Why a link records nothing, told to the person who clicked it."""

    title: str
    message: str
    status: int = 410


@dataclass(frozen=True)
class LinkWording:
    """How one kind of link explains itself when it cannot be used."""

    done: str  # what using it did: "eine Entscheidung erfasst"
    source: str  # where the person has it from: "der E-Mail"
    after_use: str = ""  # what to do instead, once it is used
    after_expiry: str = "Bitte wenden Sie sich an die Koordination."


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(model: type[L], lifetime: timedelta, **columns: object) -> tuple[str, L]:
    """A new link row (added to the session) and the raw token for the mail."""
    raw, now = secrets.token_urlsafe(32), utcnow()
    link = model(token_hash=hash_token(raw), created_at=now, expires_at=now + lifetime, **columns)
    db.session.add(link)
    return raw, link


def find(model: type[L], raw: str, wording: LinkWording, *options: ExecutableOption) -> L:
    """The unused, unexpired link behind ``raw``, or a :class:`LinkProblem` that says why not."""
    link = None
    if raw and len(raw) <= LONGEST_TOKEN:
        link = db.session.scalars(select(model).filter_by(token_hash=hash_token(raw)).options(*options)).first()
    if link is None:
        raise LinkProblem(
            "Link ungültig",
            "Dieser Link ist unvollständig oder wurde verändert. Bitte öffnen Sie ihn direkt aus "
            f"{wording.source} oder wenden Sie sich an die Koordination.",
            404,
        )
    if link.used_at is not None:
        raise LinkProblem(
            "Link bereits verwendet",
            f"Mit diesem Link wurde am {format_datetime(link.used_at)} bereits {wording.done}. "
            f"Jeder Link gilt nur einmal. {wording.after_use}".strip(),
        )
    if link.expires_at <= utcnow():
        raise LinkProblem(
            "Link abgelaufen", f"Dieser Link war bis {format_datetime(link.expires_at)} gültig. {wording.after_expiry}"
        )
    return link


def spend(link: PersonalLink, wording: LinkWording) -> None:
    """Mark the link used; of two requests arriving together only one gets past this."""
    model = type(link)
    result = db.session.execute(
        update(model)
        .where(model.id == link.id, model.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LinkProblem("Link bereits verwendet", f"Mit diesem Link wurde bereits {wording.done}.")


def problem_page(problem: LinkProblem) -> tuple[str, int]:
    """The neutral page for a refused link: nothing was saved, and why."""
    db.session.rollback()
    return render_template("links/problem.html", problem=problem), problem.status
