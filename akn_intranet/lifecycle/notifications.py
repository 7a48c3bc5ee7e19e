"""Who gets which mail about a forum or project: every active contact, the coordinator and the advisor."""

from sqlalchemy import select

from ..approvals.tokens import issue_token
from ..auth.models import User
from ..extensions import db
from ..formatting import format_date
from ..mail.operations import enqueue
from ..members.models import Member
from ..urls import activity_url, external_url
from .models import Activity

SUBJECTS = {
    "forum": {
        "invitation": "Einladung: {title} am {date}",
        "rescheduled": "Geändert: {title} am {date}",
        "cancelled": "Abgesagt: {title} am {date}",
        "held": "Durchgeführt: {title} – das Protokoll folgt",
        "minutes_submitted": "Protokollentwurf zur Genehmigung: {title}",
        "changes_requested": "Änderungen am Protokoll angefordert: {title}",
        "approved": "Protokoll genehmigt: {title}",
        "distributed": "Protokoll: {title}",
    },
    "project": {
        "invitation": "Neues gemeinsames Projekt: {title}",
        "rescheduled": "Geändert: Projekt {title}",
        "cancelled": "Abgesagt: Projekt {title}",
        "held": "Durchgeführt: Projekt {title} – der Bericht folgt",
        "minutes_submitted": "Berichtsentwurf zur Genehmigung: {title}",
        "changes_requested": "Änderungen am Bericht angefordert: {title}",
        "approved": "Bericht genehmigt: {title}",
        "distributed": "Bericht: {title}",
    },
}


def recipients() -> list[User]:
    """Active users of active members, and users without a member (the advisor)."""
    users = db.session.scalars(
        select(User)
        .outerjoin(Member, User.member_id == Member.id)
        .where(User.active.is_(True), (Member.id.is_(None)) | (Member.active.is_(True)))
        .order_by(User.id)
    )
    return list(users)


def notify(activity: Activity, notification: str, *, comment: str = "", actor: User | None = None) -> int:
    """One message per recipient; approvers of a submitted document get a personal link."""
    version = activity.current_version
    approving = {m.id for m in activity.approving_members()} if notification == "minutes_submitted" else set()
    subject = SUBJECTS[activity.kind][notification].format(title=activity.title, date=format_date(activity.starts_at))
    url = activity_url(activity, external=True)
    users = recipients()
    for user in users:
        link = None
        if user.member_id in approving:
            link = external_url("approvals.decide", token=issue_token(user, version))
        enqueue(
            recipient=user.email,
            subject=subject,
            template=f"mail/{activity.kind}/{notification}.md",
            thread=activity.thread_id,
            activity_id=activity.id,
            notification=notification,
            activity=activity,
            version=version,
            user=user,
            approval_link=link,
            comment=comment,
            actor=actor,
            activity_url=url,
        )
    return len(users)
