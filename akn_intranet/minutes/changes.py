"""What changed between two versions of a document, per agenda item (or report section): what an
approver of version 2 reads first, and the host sees under the version."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from .models import MinutesVersion

REMOVED, ADDED = "removed", "added"


@dataclass(frozen=True)
class SectionChange:
    title: str
    lines: list[tuple[str, str]]  # (REMOVED or ADDED, the line)


def _sections(body: str) -> dict[str, list[str]]:
    """The composed Markdown split at its "## " headings; what comes before the first is the head."""
    sections: dict[str, list[str]] = {"Kopf": []}
    current = "Kopf"
    for line in body.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = []
        elif line.strip():
            sections[current].append(line.strip())
    return sections


def _changed_lines(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    lines = []
    for operation, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if operation != "equal":
            lines += [(REMOVED, line) for line in before[i1:i2]] + [(ADDED, line) for line in after[j1:j2]]
    return lines


def changes(before: str, after: str) -> list[SectionChange]:
    """Each section whose lines differ, in the order of ``after`` (sections dropped since come last)."""
    old, new = _sections(before), _sections(after)
    titles = list(new) + [title for title in old if title not in new]
    found = [SectionChange(title, _changed_lines(old.get(title, []), new.get(title, []))) for title in titles]
    return [change for change in found if change.lines]


def previous_of(version: MinutesVersion) -> MinutesVersion | None:
    return next((v for v in version.activity.versions if v.number == version.number - 1), None)


def since_previous(version: MinutesVersion) -> list[SectionChange] | None:
    """The changes from the version before (None for the first version)."""
    previous = previous_of(version)
    return None if previous is None else changes(previous.body, version.body)
