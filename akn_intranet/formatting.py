"""How things look to German readers: dates, times, sanitised Markdown."""

import re
from datetime import date, datetime
from functools import lru_cache
from html import escape

import nh3
from flask import Flask, current_app
from jinja2 import Environment
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from markupsafe import Markup

from .clock import to_local, utcnow

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
_ALLOWED_TAGS = {
    "a", "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "div",
}


def _table_open(renderer, tokens, index, options, env) -> str:  # noqa: ANN001  markdown-it's render rule
    """A table scrolls inside a region of its own when it is wider than the page (style.css: .table-scroll);
    keyboard users reach it (tabindex) and hear it named after the heading above it."""
    heading = next((tokens[i + 1].content for i in range(index - 1, -1, -1) if tokens[i].type == "heading_open"), "")
    name = f"Tabelle: {heading}" if heading else "Tabelle"
    region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(name)}">'
    return region + renderer.renderToken(tokens, index, options, env)


_markdown.add_render_rule("table_open", _table_open)
_markdown.add_render_rule(
    "table_close", lambda renderer, tokens, index, options, env: renderer.renderToken(tokens, index, options, env) + "</div>"
)


def render_markdown(text: str, top: int = 1) -> Markup:
    """User-written Markdown as HTML that can carry no script (nh3 allow-list). ``top`` is the level its
    highest heading takes, whether written ``#`` or ``##``: 2 on a page with a heading of its own, so a page
    has one h1 and no level is skipped (``|markdown(top=2)``)."""
    return _rendered_markdown(text or "", top)


@lru_cache(maxsize=256)
def _rendered_markdown(text: str, top: int) -> Markup:
    """A submitted version's text never changes, and its page is opened again and again: rendering
    it (Markdown, then nh3) was a tenth of a forum page (pyinstrument), so each text is rendered once
    per worker. Markup is immutable, the cache holds the latest 256 texts."""
    tokens = _markdown.parse(text)
    headings = [token for token in tokens if token.type in ("heading_open", "heading_close")]
    shift = top - min((int(token.tag[1:]) for token in headings), default=top)  # its highest heading becomes h{top}
    for token in headings:
        token.tag = f"h{min(int(token.tag[1:]) + shift, 6)}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return Markup(  # noqa: S704  sanitised by nh3 just below
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href", "title"}, "div": {"class", "role", "tabindex", "aria-label"}},  # div: tables only
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


def _inline_text(node: SyntaxTreeNode) -> str:
    """An inline run as plain text: emphasis dropped, a link's address after its words in <…>."""
    parts = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link":
            href, words = str(child.attrs["href"]), _inline_text(child)
            parts.append(f"<{href}>" if words in (href, f"mailto:{href}") else f"{words} <{href}>")
        else:  # strong, em, strikethrough: their words
            parts.append(_inline_text(child))
    return "".join(parts)


def _text_table(rows: list[list[str]]) -> list[str]:
    """A Markdown table as aligned columns, the header underlined."""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip() for row in rows]
    return [lines[0], "  ".join("-" * width for width in widths), *lines[1:]]


def _text_blocks(node: SyntaxTreeNode) -> list[str]:
    lines: list[str] = []
    for child in node.children:
        if child.type == "heading":
            title = _inline_text(child.children[0])
            lines += [title, ("=" if child.tag == "h1" else "-") * len(title), ""]
        elif child.type == "paragraph":
            lines += [*_inline_text(child.children[0]).split("\n"), ""]
        elif child.type in ("bullet_list", "ordered_list"):
            first = int(child.attrs.get("start", 1))
            for number, item in enumerate(child.children, start=first):
                marker = f"{number}. " if child.type == "ordered_list" else "- "
                body = [line for line in _text_blocks(item) if line]
                lines += [marker + body[0], *(" " * len(marker) + line for line in body[1:])] if body else [marker]
            lines.append("")
        elif child.type == "blockquote":
            lines += [f"> {line}".rstrip() for line in _text_blocks(child)[:-1]] + [""]
        elif child.type == "hr":
            lines += ["―" * 20, ""]
        elif child.type in ("fence", "code_block"):
            lines += [*child.content.rstrip("\n").split("\n"), ""]
        elif child.type == "table":
            rows = [
                [_inline_text(cell.children[0]).strip() if cell.children else "" for cell in row.children]
                for part in child.children
                for row in part.children
            ]
            lines += [*_text_table(rows), ""]
    return lines


def markdown_to_text(text: str) -> str:
    """Markdown as a plain-text mail part reads well: headings underlined, lists with dashes, tables as
    aligned columns, links in <…>; no ``**``, ``##`` or ``|---|`` left."""
    return "\n".join(_text_blocks(SyntaxTreeNode(_markdown.parse(text)))).strip() + "\n"


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
