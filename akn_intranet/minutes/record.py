"""What the official document of a version states about its approval: the status line and who approved how.

One home for both the print view and the PDF (``templates/minutes/_official.html``).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from workflows.lifecycle import APPROVED, DISTRIBUTED

from ..approvals.rules import deadline
from ..extensions import db
from ..formatting import format_date, format_datetime
from ..lifecycle.models import HistoryEntry
from ..rules.models import APPROVAL_RULES, TACIT
from .models import MinutesVersion

RECORDED = "durch die Koordination erfasst"


@dataclass(frozen=True)
class RecordRow:
    """One member's approval: when, how (by link, in the intranet, tacitly, recorded) and by whom."""

    member: str
    approved_at: datetime
    how: str
    by: str  # the contact who approved, the coordinator who recorded it; "" for a tacit approval


@dataclass(frozen=True)
class Record:
    version: MinutesVersion
    approval: HistoryEntry | None  # the approval of the whole document; None: a draft (ENTWURF)
    rows: list[RecordRow]

    @property
    def status(self) -> str:
        if self.approval is None:
            return f"ENTWURF – Fassung {self.version.number}, eingereicht am {format_datetime(self.version.submitted_at)}"
        approved_on = format_date(self.approval.created_at)
        if self.approval.actor_id is not None:
            return f"Genehmigt am {approved_on} – Genehmigung erfasst von {self.approval.actor_name}: {self.approval.comment}"
        return f"Genehmigt am {approved_on} nach der Geschäftsordnung ({rule_named(self.approval.comment)})"


def rule_named(comment: str) -> str:
    """The rule of procedure that approved, as the system's history row named it then (``approvals/rules.py``);
    the rules in force may have changed since. The rules have no § numbers: the rule is named by its label."""
    return next((label for label in APPROVAL_RULES.values() if comment.startswith(label)), comment)


def _approval(version: MinutesVersion) -> HistoryEntry | None:
    """The history row that approved the version: only the current one of an approved or distributed activity has one."""
    activity = version.activity
    if version is not activity.current_version or activity.state not in (APPROVED, DISTRIBUTED):
        return None
    query = select(HistoryEntry).filter_by(activity_id=activity.id, trigger="approve").order_by(HistoryEntry.id.desc())
    return db.session.scalars(query.limit(1)).first()


def approval_record(version: MinutesVersion) -> Record:
    """Each member's own approval, then, for an approved version, the approving members who gave none:
    tacitly at the deadline, or recorded by the coordinator with the document's approval."""
    rows = [RecordRow(a.member.name, a.created_at, a.via_label, a.user.name) for a in version.approvals]
    approval = _approval(version)
    if approval is not None:
        approved = {a.member_id for a in version.approvals}
        rest = [m for m in version.activity.approving_members() if m.id not in approved]
        if approval.actor_id is not None:
            rows += [RecordRow(m.name, approval.created_at, RECORDED, approval.actor_name) for m in rest]
        elif rule_named(approval.comment) == APPROVAL_RULES[TACIT]:
            tacitly = f"stillschweigend nach Fristablauf am {format_date(deadline(version.activity))}"
            rows += [RecordRow(m.name, approval.created_at, tacitly, "") for m in rest]
    return Record(version, approval, rows)
