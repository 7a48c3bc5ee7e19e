"""What a forum or project waits for, and from whom: the coordinator's dashboard line."""

from datetime import datetime

from workflows.lifecycle import APPROVED, CANCELLED, DISTRIBUTED, HELD, MINUTES_DRAFTED, PLANNED

from ..formatting import format_date, since_phrase
from .models import Activity


def waiting_for(activity: Activity, now: datetime) -> str:
    document, responsible = activity.kind_spec.document.name, activity.responsible_member.name
    if activity.state == PLANNED:
        if activity.starts_at > now:
            return f"Findet am {format_date(activity.starts_at)} statt"
        return f"Durchführung noch nicht bestätigt: {responsible}"
    if activity.state == HELD:
        return f"{document} von {responsible} {since_phrase(activity.state_since, now)} ausstehend"
    if activity.state == MINUTES_DRAFTED:
        approving = activity.approving_members()
        missing = activity.members_yet_to_approve(approving)  # asks the rules once per row
        text = f"Genehmigungen {len(approving) - len(missing)} von {len(approving)}"
        return f"{text} – es fehlen: {', '.join(m.name for m in missing)}" if missing else text
    if activity.state == APPROVED:
        return f"Verteilung durch die Koordination {since_phrase(activity.state_since, now)} ausstehend"
    return {DISTRIBUTED: "nichts mehr (abgeschlossen)", CANCELLED: "nichts mehr (abgesagt)"}[activity.state]
