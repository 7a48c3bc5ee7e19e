"""Recording a contact's decision from a personal link, and approving when the rule is met."""

from dataclasses import dataclass

from workflows.lifecycle import APPROVER, MINUTES_DRAFTED, SYSTEM

from ..clock import utcnow
from ..extensions import db
from ..formatting import format_datetime
from ..lifecycle.models import Activity
from ..lifecycle.operations import fire
from .models import Approval, ApprovalToken
from .tokens import find_token, spend

OF_THE_DOCUMENT = {"forum": "des Protokolls", "project": "des Berichts"}


@dataclass
class LinkProblem(Exception):
    """Why a link records nothing, told to the person who clicked it."""

    title: str
    message: str
    status: int = 410


def check_link(raw: str) -> ApprovalToken:
    token = find_token(raw)
    if token is None:
        raise LinkProblem(
            "Link ungültig",
            "Dieser Link ist unvollständig oder wurde verändert. Bitte öffnen Sie den Link "
            "direkt aus der E-Mail oder wenden Sie sich an die Koordination.",
            404,
        )
    version, activity = token.version, token.version.activity
    if token.used_at is not None:
        raise LinkProblem(
            "Link bereits verwendet",
            f"Mit diesem Link wurde am {format_datetime(token.used_at)} bereits eine Entscheidung "
            "erfasst. Jeder Link gilt nur einmal.",
        )
    if activity.current_version is not version or activity.state != MINUTES_DRAFTED:
        raise LinkProblem(
            "Link veraltet",
            f"Dieser Link gehört zu Fassung {version.number} {OF_THE_DOCUMENT[activity.kind]} „{activity.title}“, "
            "die nicht mehr zur Genehmigung steht. Bitte verwenden Sie den Link aus der neuesten E-Mail.",
        )
    if token.expires_at <= utcnow():
        raise LinkProblem(
            "Link abgelaufen",
            f"Dieser Link war bis {format_datetime(token.expires_at)} gültig. "
            "Bitte wenden Sie sich an die Koordination.",
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


def _use(token: ApprovalToken) -> None:
    """Spend the link; of two clicks arriving together only one gets past this."""
    if not spend(ApprovalToken, token.id):
        raise LinkProblem("Link bereits verwendet", "Mit diesem Link wurde bereits eine Entscheidung erfasst.")


def _member_may_decide(token: ApprovalToken, activity: Activity) -> None:
    if token.user.member_id not in {m.id for m in activity.approving_members()} or not token.user.is_active:
        raise LinkProblem(
            "Keine Genehmigung möglich",
            "Ihre Verwaltung gehört nicht (mehr) zu den Mitgliedern, die hier genehmigen.",
            403,
        )


def approve(raw: str) -> Activity:
    """Record the member's approval; the last one needed approves the document (actor: system)."""
    token = check_link(raw)
    activity = token.version.activity
    _member_may_decide(token, activity)
    _use(token)
    now = utcnow()
    db.session.add(
        Approval(
            version=token.version, member_id=token.user.member_id, user=token.user,
            sha256=token.version.sha256, created_at=now,
        )
    )
    activity.touch(now)  # concurrent approvals serialise on the activity row
    db.session.flush()
    if activity.approvals_complete(now):
        fire(activity, "approve", actor=None, roles={SYSTEM})
    return activity


def request_changes(raw: str, comment: str) -> Activity:
    """Send the document back to the host or lead with the contact's comment, mailed to all."""
    token = check_link(raw)
    activity = token.version.activity
    _member_may_decide(token, activity)
    _use(token)
    fire(activity, "request_changes", actor=token.user, roles={APPROVER}, comment=comment)
    return activity
