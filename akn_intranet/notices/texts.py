"""Datenschutzhinweise, Impressum, Erklärung zur Barrierefreiheit: public pages, one text each.

Each has a default (a Markdown template filled from the configuration: who runs the intranet, whom
to write to, how long what is kept) until the coordinator writes the alliance's own text.
"""

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from flask import current_app

from ..auth.models import User
from ..extensions import db
from ..formatting import render_markdown_template
from .models import Notice


@dataclass(frozen=True)
class Page:
    slug: str
    title: str


PAGES = {
    page.slug: page
    for page in (
        Page("datenschutz", "Datenschutzhinweise"),
        Page("impressum", "Impressum"),
        Page("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
    )
}


def contact_address() -> str:
    """Where questions about data protection and barriers go: AKN_CONTACT_EMAIL, else the sender."""
    return current_app.config["AKN_CONTACT_EMAIL"] or parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]


def default_text(slug: str) -> str:
    config = current_app.config
    return render_markdown_template(
        f"notices/{slug}.md",
        operator=config["AKN_OPERATOR"],
        contact=contact_address(),
        retention=config["AKN_RETENTION_DAYS"],
    ).strip() + "\n"


def stored(slug: str) -> Notice | None:
    return db.session.get(Notice, slug)


def text_of(slug: str) -> str:
    notice = stored(slug)
    return notice.text if notice else default_text(slug)


def change(actor: User, slug: str, text: str, now: datetime) -> None:
    """Store the coordinator's text; an empty text brings the default back."""
    notice = stored(slug)
    if not text.strip():
        if notice:
            db.session.delete(notice)
    elif notice:
        notice.text, notice.changed_at, notice.changed_by = text.strip() + "\n", now, actor
    else:
        db.session.add(Notice(slug=slug, text=text.strip() + "\n", changed_at=now, changed_by=actor))
    db.session.flush()
