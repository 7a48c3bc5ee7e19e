"""Who gets which mail about a forum or project: every active contact, the coordinator and the advisor."""

from dataclasses import dataclass

from sqlalchemy import select

from ..approvals.tokens import issue_token
from ..attachments.models import current as current_attachments
from ..attendance import operations as attendance
from ..auth.models import User
from ..calendar import ics
from ..extensions import db
from ..formatting import format_date
from ..mail.operations import enqueue
from ..members.models import Member
from ..rules.models import DistributionAddress
from ..urls import activity_url, external_url
from .models import Activity

ASKING_REPLY = ("invitation", "rescheduled")  # a new date asks again; the link works until the start
ABOUT_A_VERSION = ("minutes_submitted", "changes_requested", "approved", "distributed")  # its files are the version's


def recipients() -> list[User]:
    """Active users of active members, and users without a member (the advisor)."""
    users = db.session.scalars(
        select(User)
        .outerjoin(Member, User.member_id == Member.id)
        .where(User.active.is_(True), (Member.id.is_(None)) | (Member.active.is_(True)))
        .order_by(User.id)
    )
    return list(users)


@dataclass
class ListRecipient:
    """An address of a member's distribution list: it receives distributed documents only."""

    email: str
    name: str
    affiliation: str
    member_id: None = None


def distribution_list() -> list[ListRecipient]:
    addresses = db.session.scalars(
        select(DistributionAddress).join(Member).where(Member.active.is_(True)).order_by(DistributionAddress.id)
    )
    return [ListRecipient(a.email, a.label or "Damen und Herren", a.member.name) for a in addresses]


def notify(activity: Activity, notification: str, *, comment: str = "", actor: User | None = None) -> int:
    """One message per recipient; approvers of a submitted document get a personal link; the
    invitation, the change and the cancellation carry the calendar entry (``calendar/ics.py``)."""
    version = activity.current_version
    approving = {m.id for m in activity.approving_members()} if notification == "minutes_submitted" else set()
    subject = activity.kind_spec.subjects[notification].format(title=activity.title, date=format_date(activity.starts_at))
    if version and version.number > 1 and notification in ABOUT_A_VERSION:
        subject += f" (Fassung {version.number})"  # not the same subject as the version it replaces
    url = activity_url(activity, external=True)
    sequence = ics.record(activity, notification)
    asks_reply = activity.kind_spec.asks_attendance and notification in ASKING_REPLY
    files = version.attachments if version and notification in ABOUT_A_VERSION else current_attachments(activity)
    files = [(a, external_url("attachments.download", attachment_id=a.id)) for a in files]  # named and linked, not carried
    people: list[User | ListRecipient] = recipients()
    if notification == "distributed":
        people += distribution_list()
    for person in people:
        link = None
        if person.member_id in approving:
            link = external_url("approvals.decide", token=issue_token(person, version))
        calendar = None if sequence is None else ics.build(activity, notification, sequence, person, url)
        reply_link = None
        if asks_reply and attendance.wants_reply(person):
            reply_link = external_url("attendance.reply", token=attendance.issue_link(person, activity))
        enqueue(
            recipient=person.email,
            subject=subject,
            template=f"mail/{activity.kind}/{notification}.md",
            thread=activity.thread_id,
            activity_id=activity.id,
            notification=notification,
            calendar=calendar,
            activity=activity,
            version=version,
            user=person,
            approval_link=link,
            reply_link=reply_link,
            attachments=files,
            comment=comment,
            actor=actor,
            activity_url=url,
        )
    return len(people)
