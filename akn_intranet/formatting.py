"""How things look to German readers: dates, times, sanitised Markdown."""

import re
from datetime import date, datetime
from functools import lru_cache

import nh3
from flask import Flask, current_app
from jinja2 import Environment
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
    return _rendered_markdown(text or "")


@lru_cache(maxsize=256)
def _rendered_markdown(text: str) -> Markup:
    """A submitted version's text never changes, and its page is opened again and again: rendering
    it (Markdown, then nh3) was a tenth of a forum page (pyinstrument), so each text is rendered once
    per worker. Markup is immutable, the cache holds the latest 256 texts."""
    html = _markdown.render(text)
    return Markup(  # noqa: S704  sanitised by nh3 just below
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


class MarkdownSource(str):
    """Text that is Markdown already (written by a person as Markdown, or composed): not escaped again."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!#|~&])")


def escape_markdown(value: object) -> str:
    """A plain value (a name, a title, a comment) as Markdown that shows it literally: a comment
    ``[hier](https://…)`` stays text, never becomes a link or an image."""
    if isinstance(value, MarkdownSource):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def _markdown_environment() -> Environment:
    """The app's template environment, but every ``{{ value }}`` escaped for Markdown (as HTML
    templates escape for HTML); ``|markdown_source`` marks what is Markdown already."""
    environment = current_app.extensions.get("akn_markdown_jinja")
    if environment is None:
        environment = current_app.jinja_env.overlay(finalize=escape_markdown)
        current_app.extensions["akn_markdown_jinja"] = environment
    return environment


def render_markdown_template(name: str, **context: object) -> str:
    """Render a Markdown template with its plain values escaped (Flask's context processors applied)."""
    current_app.update_template_context(context)
    return _markdown_environment().get_template(name).render(context)


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


def format_size(size: int) -> str:
    """A file's size as a German reader reads it: "830 KB", "1,2 MB"."""
    if size < 1024:
        return f"{size} Bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def days_since(value: datetime, now: datetime | None = None) -> int:
    return (to_local(now or utcnow()).date() - to_local(value).date()).days


def since_phrase(value: datetime, now: datetime | None = None) -> str:
    days = days_since(value, now)
    if days <= 0:
        return "seit heute"
    return "seit 1 Tag" if days == 1 else f"seit {days} Tagen"


def register_filters(app: Flask) -> None:
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(MarkdownSource, "markdown_source")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(since_phrase, "since")
    app.add_template_filter(format_size, "filesize")
