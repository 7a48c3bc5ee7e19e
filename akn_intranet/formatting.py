"""How things look to German readers: dates, times, sanitised Markdown."""

from datetime import date, datetime

import nh3
from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup

from .clock import to_local, utcnow

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
_ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
}


def render_markdown(text: str) -> Markup:
    """User-written Markdown as HTML that can carry no script (nh3 allow-list)."""
    html = _markdown.render(text or "")
    return Markup(  # noqa: S704  sanitised by nh3 just below
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d.%m.%Y")


def format_time(value: datetime) -> str:
    return to_local(value).strftime("%H:%M Uhr")


def format_datetime(value: datetime | None) -> str:
    return f"{format_date(value)}, {format_time(value)}" if value else ""


def days_since(value: datetime, now: datetime | None = None) -> int:
    return (to_local(now or utcnow()).date() - to_local(value).date()).days


def since_phrase(value: datetime, now: datetime | None = None) -> str:
    days = days_since(value, now)
    if days <= 0:
        return "seit heute"
    return "seit 1 Tag" if days == 1 else f"seit {days} Tagen"


def register_filters(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(since_phrase, "since")
