"""A member's decision on a submitted document, and the system's approval when the rule is met."""

from datetime import datetime

from workflows.lifecycle import APPROVER, MINUTES_DRAFTED, SYSTEM, Vetoed

from ..clock import utcnow
from ..extensions import db
from ..formatting import format_datetime
from ..lifecycle.models import Activity
from ..lifecycle.operations import fire
from ..links import LinkProblem, spend
from .models import Approval, ApprovalToken
from .tokens import WORDING, find_token


def check_link(raw: str) -> ApprovalToken:
    """The link, if a decision can still be recorded with it; else a :class:`LinkProblem`."""
    token = find_token(raw)
    version, activity = token.version, token.version.activity
    if activity.current_version is not version or activity.state != MINUTES_DRAFTED:
        raise LinkProblem(
            "Link veraltet",
            f"Dieser Link gehört zu Fassung {version.number} {activity.kind_spec.document.genitive} „{activity.title}“, "
            "die nicht mehr zur Genehmigung steht. Bitte verwenden Sie den Link aus der neuesten E-Mail.",
        )
    member_approval = existing_approval(token)
    if member_approval is not None:
        raise LinkProblem(
            "Bereits genehmigt",
            f"{member_approval.member.name} hat diese Fassung bereits genehmigt "
            f"({member_approval.user.name}, {format_datetime(member_approval.created_at)}). "
            "Eine Genehmigung je Mitglied genügt.",
            200,
        )
    return token


def existing_approval(token: ApprovalToken) -> Approval | None:
    member_id = token.user.member_id
    return next((a for a in token.version.approvals if a.member_id == member_id), None)


def _member_may_decide(token: ApprovalToken, activity: Activity) -> None:
    if token.user.member_id not in {m.id for m in activity.approving_members()} or not token.user.is_active:
        raise LinkProblem(
            "Keine Genehmigung möglich",
            "Ihre Verwaltung gehört nicht (mehr) zu den Mitgliedern, die hier genehmigen.",
            403,
        )


def approve_if_rule_met(activity: Activity, now: datetime | None = None) -> bool:
    """Approve as the system once the rule of procedure is met: after each approval and in ``tick``.

    The machine's condition asks the rule (once) and names it in the history.
    """
    try:
        fire(activity, "approve", actor=None, roles={SYSTEM}, now=now)
    except Vetoed:
        return False
    return True


def decide(raw: str, *, wants_changes: bool, comment: str = "") -> Activity:
    """Record the member's decision from a personal link: approve, or send the document back."""
    token = check_link(raw)
    activity = token.version.activity
    _member_may_decide(token, activity)
    spend(token, WORDING)
    if wants_changes:
        fire(activity, "request_changes", actor=token.user, roles={APPROVER}, comment=comment)
        return activity
    now = utcnow()
    db.session.add(
        Approval(
            version=token.version, member_id=token.user.member_id, user=token.user,
            sha256=token.version.sha256, created_at=now,
        )
    )
    activity.touch(now)  # concurrent approvals serialise on the activity row
    db.session.flush()
    approve_if_rule_met(activity, now)
    return activity
