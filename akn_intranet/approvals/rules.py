"""Who approves a document, and when the approval rule of the rules of procedure is met."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import object_session

from ..members.models import Member
from ..rules.models import ALL, MAJORITY, TACIT, current_rules


def approvers(activity: object) -> list[Member]:
    """Members present (forum) or participating (project); all members for a forum under ALL/MAJORITY."""
    session = object_session(activity)  # the activity's own session, in a request or a script
    if activity.kind == "forum" and current_rules(session).approval_rule in (ALL, MAJORITY):
        members = session.scalars(select(Member).filter_by(active=True))
        return sorted(members, key=lambda m: m.sort_key)
    return activity.base_approvers()


def deadline(activity: object) -> datetime | None:
    version = activity.current_version
    if version is None:
        return None
    return version.submitted_at + timedelta(days=current_rules(object_session(activity)).approval_deadline_days)


def is_met(activity: object, now: datetime) -> bool:
    version = activity.current_version
    if version is None:
        return False
    members = approvers(activity)
    approved = {a.member_id for a in version.approvals} & {m.id for m in members}
    rule = current_rules(object_session(activity)).approval_rule
    if rule == MAJORITY:
        return len(approved) * 2 > len(members)
    if rule == TACIT and now >= deadline(activity):
        return True  # no change request reached this version: it would have sent the document back
    return len(approved) == len(members)
