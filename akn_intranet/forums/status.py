"""What a forum waits for, and from whom: the coordinator's dashboard line."""

from datetime import datetime

from workflows.lifecycle import APPROVED, CANCELLED, DISTRIBUTED, HELD, MINUTES_DRAFTED, PLANNED

from ..formatting import format_date, since_phrase
from .models import Forum


def waiting_for(forum: Forum, now: datetime) -> str:
    if forum.state == PLANNED:
        if forum.starts_at > now:
            return f"Findet am {format_date(forum.starts_at)} statt"
        return f"Durchführung noch nicht bestätigt: {forum.host.name}"
    if forum.state == HELD:
        return f"Protokoll von {forum.host.name} {since_phrase(forum.state_since, now)} ausstehend"
    if forum.state == MINUTES_DRAFTED:
        present = forum.members_present
        missing = forum.members_yet_to_approve()
        done = len(present) - len(missing)
        text = f"Genehmigungen {done} von {len(present)}"
        return f"{text} – es fehlen: {', '.join(m.name for m in missing)}" if missing else text
    if forum.state == APPROVED:
        return f"Verteilung durch die Koordination {since_phrase(forum.state_since, now)} ausstehend"
    return {DISTRIBUTED: "Abgeschlossen", CANCELLED: "Abgesagt"}[forum.state]
