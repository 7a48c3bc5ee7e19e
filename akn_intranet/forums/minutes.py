"""The minutes document: the host's draft composed into one Markdown text."""

import hashlib

from ..formatting import format_date, format_datetime
from .models import Forum


def compose(forum: Forum) -> str:
    """The text that is versioned, approved (by its SHA-256) and distributed."""
    lines = [
        f"# Protokoll: {forum.title}",
        "",
        f"**Datum:** {format_datetime(forum.starts_at)}  ",
        f"**Ort:** {forum.place}  ",
        f"**Gastgeber:** {forum.host.name}",
        "",
        "## Anwesend",
        "",
    ]
    lines += [f"- {user.name} ({user.affiliation})" for user in forum.attendees]
    if forum.other_attendees.strip():
        lines += ["", f"Weitere Teilnehmende: {forum.other_attendees.strip()}"]
    for position, item in enumerate(forum.agenda_items, start=1):
        lines += ["", f"## TOP {position}: {item.title}", ""]
        lines.append(item.notes.strip() or "_Keine Notizen._")
        if item.decisions.strip():
            lines += ["", "**Beschlüsse:**", "", item.decisions.strip()]
    if forum.action_items:
        lines += ["", "## Aufgaben", "", "| Aufgabe | Verantwortlich | Fällig bis |", "|---|---|---|"]
        for action in forum.action_items:
            description = " ".join(action.description.split()).replace("|", "/")
            lines.append(f"| {description} | {action.member.name} | {format_date(action.due_date) or '–'} |")
    return "\n".join(lines) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
