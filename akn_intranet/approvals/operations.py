"""A member's decision on a submitted document, and the system's approval when the rule is met."""

from datetime import datetime

from workflows.lifecycle import APPROVER, MINUTES_DRAFTED, SYSTEM, InvalidTransition, NotAllowed, Vetoed

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..formatting import format_datetime
from ..lifecycle.models import Activity
from ..lifecycle.operations import fire
from ..links import LinkProblem, spend
from ..members.models import Member
from ..minutes.models import MinutesVersion
from .models import BY_LINK, IN_INTRANET, Approval, ApprovalToken
from .tokens import WORDING, find_token


def _outdated(version: MinutesVersion) -> str:
    activity = version.activity
    return (
        f"Fassung {version.number} {activity.kind_spec.document.genitive} „{activity.title}“ steht nicht mehr zur "
        "Genehmigung."
    )


def _already(approval: Approval) -> str:
    return (
        f"{approval.member.name} hat diese Fassung bereits genehmigt "
        f"({approval.user.name}, {format_datetime(approval.created_at)}). Eine Genehmigung je Mitglied genügt."
    )


NOT_APPROVING = "Ihre Verwaltung gehört nicht (mehr) zu den Mitgliedern, die hier genehmigen."


def _open_for_decision(version: MinutesVersion) -> bool:
    activity = version.activity
    return activity.current_version is version and activity.state == MINUTES_DRAFTED


def _member_approval(version: MinutesVersion, user: User) -> Approval | None:
    return next((a for a in version.approvals if a.member_id == user.member_id), None)


def _may_decide(user: User, activity: Activity) -> bool:
    return user.is_active and user.member_id in {m.id for m in activity.approving_members()}


def check_link(raw: str) -> ApprovalToken:
    """The link, if a decision can still be recorded with it; else a :class:`LinkProblem`."""
    token = find_token(raw)
    if not _open_for_decision(token.version):
        raise LinkProblem(
            "Link veraltet",
            f"Dieser Link gehört zu Fassung {token.version.number}. {_outdated(token.version)} "
            "Bitte verwenden Sie den Link aus der neuesten E-Mail.",
        )
    member_approval = _member_approval(token.version, token.user)
    if member_approval is not None:
        raise LinkProblem("Bereits genehmigt", _already(member_approval), 200)
    return token


def member_to_decide(user: User, activity: Activity) -> Member | None:
    """The member a logged-in contact decides for on the current version, while that decision is due."""
    version = activity.current_version
    if version is None or not _open_for_decision(version) or user.member is None:
        return None
    if not _may_decide(user, activity) or _member_approval(version, user) is not None:
        return None
    return user.member


def approve_if_rule_met(activity: Activity, now: datetime | None = None) -> bool:
    """Approve as the system once the rule of procedure is met: after each approval and in ``tick``.

    The machine's condition asks the rule (once) and names it in the history.
    """
    try:
        fire(activity, "approve", actor=None, roles={SYSTEM}, now=now)
    except Vetoed:
        return False
    return True


def _record(version: MinutesVersion, user: User, *, wants_changes: bool, comment: str, via: str) -> Activity:
    """One member's decision, the same whichever way it came: approve (and perhaps complete the
    approval), or send the document back to its author."""
    activity = version.activity
    if wants_changes:
        fire(activity, "request_changes", actor=user, roles={APPROVER}, comment=comment)
        return activity
    now = utcnow()
    db.session.add(
        Approval(version=version, member_id=user.member_id, user=user, sha256=version.sha256, created_at=now, via=via)
    )
    activity.touch(now)  # concurrent approvals serialise on the activity row
    db.session.flush()
    approve_if_rule_met(activity, now)
    return activity


def decide(raw: str, *, wants_changes: bool, comment: str = "") -> Activity:
    """Record the member's decision from a personal link: approve, or send the document back."""
    token = check_link(raw)
    if not _may_decide(token.user, token.version.activity):
        raise LinkProblem("Keine Genehmigung möglich", NOT_APPROVING, 403)
    spend(token, WORDING)
    return _record(token.version, token.user, wants_changes=wants_changes, comment=comment, via=BY_LINK)


def decide_in_intranet(activity: Activity, user: User, *, version_number: int, wants_changes: bool, comment: str) -> Activity:
    """The same decision by a logged-in contact on the activity's page: bound to the version shown."""
    version = activity.current_version
    if version is None or version.number != version_number or not _open_for_decision(version):
        shown = next((v for v in activity.versions if v.number == version_number), None)
        raise InvalidTransition(
            (_outdated(shown) if shown else "Diese Fassung gibt es nicht.") + " Bitte laden Sie die Seite neu."
        )
    if not _may_decide(user, activity):
        raise NotAllowed(NOT_APPROVING)
    member_approval = _member_approval(version, user)
    if member_approval is not None:
        raise InvalidTransition(_already(member_approval))
    return _record(version, user, wants_changes=wants_changes, comment=comment, via=IN_INTRANET)
