"""When the approval rule of the rules of procedure is met (who approves: each kind's model says)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import object_session

from ..rules.models import MAJORITY, TACIT, current_rules

if TYPE_CHECKING:
    from ..lifecycle.models import Activity


def document_due(activity: Activity) -> datetime:
    """When the host's or lead's document is due: the rules' days after the activity was held."""
    return activity.state_since + timedelta(days=current_rules(object_session(activity)).minutes_due_days)


def deadline(activity: Activity) -> datetime | None:
    version = activity.current_version
    if version is None:
        return None
    return version.submitted_at + timedelta(days=current_rules(object_session(activity)).approval_deadline_days)


def rule_met(activity: Activity, now: datetime) -> str:
    """The rule that approves the current version now, named for the history; "" while none does.

    Tacit approval needs no count: a change request would have sent the version back already.
    """
    version = activity.current_version
    if version is None:
        return ""
    members = activity.approving_members()
    approved = len({a.member_id for a in version.approvals} & {m.id for m in members})
    rules = current_rules(object_session(activity))
    if (
        approved == len(members)
        or (rules.approval_rule == MAJORITY and approved * 2 > len(members))
        or (rules.approval_rule == TACIT and now >= deadline(activity))
    ):
        return f"{rules.approval_rule_label} – {approved} von {len(members)} Mitgliedern haben genehmigt."
    return ""
