"""Writing mail into the outbox, inside the transaction of the change it reports."""

from email.utils import make_msgid, parseaddr
from functools import lru_cache

from flask import current_app, g, render_template
from markupsafe import Markup

from ..clock import utcnow
from ..extensions import db
from ..formatting import markdown_to_text, render_markdown, render_markdown_template
from .models import OutboxMessage

SUBJECT_PREFIX = "[AKN] "


class HeaderInjection(ValueError):
    pass


def header_safe(value: str) -> str:
    """Refuse what could smuggle another header into a mail."""
    if "\r" in value or "\n" in value:
        raise HeaderInjection("Zeilenumbrüche sind in Betreff und Adressen nicht erlaubt.")
    return value


def _as_html(body_text: str) -> Markup:
    """The personal greeting, then the rest: both recur (the same people, the same notification to
    many), so each is rendered once."""
    greeting, _, rest = body_text.partition("\n\n")
    return _rendered(greeting) + _rendered(rest)


@lru_cache(maxsize=256)
def _rendered(markdown: str) -> Markup:
    return render_markdown(markdown)


def mail_domain() -> str:
    return _domain_of(current_app.config["MAIL_DEFAULT_SENDER"])


@lru_cache(maxsize=8)
def _domain_of(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"


def enqueue(
    *,
    recipient: str,
    subject: str,
    template: str,
    thread: str,
    activity_id: int | None,
    notification: str,
    calendar: str | None = None,
    **context: object,
) -> OutboxMessage:
    """Render one personal message from a Markdown template and add it to the outbox.

    The template is rendered with its plain values escaped for Markdown (a comment cannot become a
    link), then to plain text without Markdown syntax and to HTML: the two parts of the mail.
    ``calendar`` (iCalendar text) is stored with it and sent as a calendar entry.
    """
    markdown = render_markdown_template(template, **context).strip() + "\n"
    body_text = markdown_to_text(markdown)
    body_html = render_template("mail/layout.html", subject=subject, body=_as_html(markdown))
    now, domain = utcnow(), mail_domain()
    message = OutboxMessage(
        message_id=make_msgid("akn", domain=domain),
        thread_id=f"<{thread}@{domain}>",
        activity_id=activity_id,
        notification=notification,
        recipient=header_safe(recipient),
        subject=header_safe(SUBJECT_PREFIX + subject),
        body_text=body_text,
        body_html=body_html,
        calendar=calendar,
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(message)
    g.akn_mail_queued = True
    return message
