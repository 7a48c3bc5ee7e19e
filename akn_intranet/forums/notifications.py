"""Who gets which mail about a forum: every active contact, the coordinator and the advisor."""

from sqlalchemy import select

from ..approvals.tokens import issue_token
from ..auth.models import User
from ..extensions import db
from ..formatting import format_date
from ..mail.operations import enqueue
from ..members.models import Member
from ..urls import external_url
from .models import Forum

SUBJECTS = {
    "invitation": "Einladung: {title} am {date}",
    "rescheduled": "Geändert: {title} am {date}",
    "cancelled": "Abgesagt: {title} am {date}",
    "held": "Durchgeführt: {title} – das Protokoll folgt",
    "minutes_submitted": "Protokollentwurf zur Genehmigung: {title}",
    "changes_requested": "Änderungen am Protokoll angefordert: {title}",
    "approved": "Protokoll genehmigt: {title}",
    "distributed": "Protokoll: {title}",
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


def notify(forum: Forum, notification: str, *, comment: str = "", actor: User | None = None) -> int:
    """One message per recipient; approvers of submitted minutes get a personal link."""
    version = forum.current_version
    approving = {m.id for m in forum.members_present} if notification == "minutes_submitted" else set()
    subject = SUBJECTS[notification].format(title=forum.title, date=format_date(forum.starts_at))
    forum_url = external_url("forums.detail", forum_id=forum.id)
    users = recipients()
    for user in users:
        link = None
        if user.member_id in approving:
            link = external_url("approvals.decide", token=issue_token(user, version))
        enqueue(
            recipient=user.email,
            subject=subject,
            template=f"mail/forum/{notification}.md",
            thread=forum.thread_id,
            object_type="forum",
            object_id=forum.id,
            notification=notification,
            forum=forum,
            version=version,
            user=user,
            approval_link=link,
            comment=comment,
            actor=actor,
            forum_url=forum_url,
        )
    return len(users)
