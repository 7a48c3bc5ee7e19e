"""Deadlines and reminders: what ``flask akn tick`` does, and the coordinator's reminder by hand."""

from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workflows.lifecycle import HELD, MINUTES_DRAFTED, PLANNED, InvalidTransition

from ..approvals import rules as approval_rules
from ..approvals.operations import approve_if_rule_met
from ..approvals.tokens import issue_token
from ..attendance import operations as attendance
from ..auth.models import COORDINATOR, User
from ..extensions import db
from ..formatting import format_date
from ..forums.models import Forum
from ..lifecycle.models import Activity, HistoryEntry
from ..lifecycle.notifications import recipients
from ..mail.operations import enqueue
from ..members.models import Member
from ..rules.models import current_rules
from ..urls import activity_url, external_url
from .models import SentReminder

MINUTES_OVERDUE = "minutes_overdue"
APPROVAL_DUE = "approval_due"
SHORT_NOTICE = "short_notice"
ATTENDANCE_DUE = "attendance_due"
MANUAL = "manual"
# Members that have not decided hear from us this long before the approval deadline.
APPROVAL_REMINDER_BEFORE = timedelta(days=3)


def _contacts(member: Member) -> list[User]:
    return [u for u in member.contacts if u.is_active]


def _send_once(activity: Activity, kind: str, scope: str, person: User, now: datetime, **mail: object) -> bool:
    """Send unless this (activity, kind, scope, recipient) was sent before; safe against a parallel tick."""
    key = {"activity_id": activity.id, "kind": kind, "scope": scope, "recipient": person.email}
    if db.session.scalars(select(SentReminder.id).filter_by(**key)).first() is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(SentReminder(**key, sent_at=now))
    except IntegrityError:  # another tick recorded it a moment ago
        return False
    context = {name: value() if callable(value) else value for name, value in mail.items()}
    enqueue(
        recipient=person.email,
        subject=context.pop("subject"),
        template=f"mail/reminders/{context.pop('template')}.md",
        thread=activity.thread_id,
        activity_id=activity.id,
        notification=f"reminder_{kind}",
        activity=activity,
        user=person,
        document=activity.kind_spec.document,
        activity_url=activity_url(activity, external=True),
        **context,
    )
    return True


def _remind_writer(activity: Activity, kind: str, scope: str, now: datetime) -> int:
    due = approval_rules.document_due(activity)
    return sum(
        _send_once(
            activity, kind, scope, contact, now,
            subject=f"Erinnerung: {activity.kind_spec.document.name} „{activity.title}“ ausstehend",
            template="document_due", due=due,
        )
        for contact in _contacts(activity.responsible_member)
    )


def _remind_approvers(activity: Activity, kind: str, scope: str, now: datetime) -> int:
    version, deadline = activity.current_version, approval_rules.deadline(activity)
    sent = 0
    for member in activity.members_yet_to_approve():
        for contact in _contacts(member):
            sent += _send_once(
                activity, kind, scope, contact, now,
                subject=f"Erinnerung: Bitte bis {format_date(deadline)} über „{activity.title}“ entscheiden",
                template="approval_due", deadline=deadline, version=version,
                approval_link=lambda contact=contact: external_url(
                    "approvals.decide", token=issue_token(contact, version)
                ),
            )
    return sent


def _in_state(state: str) -> list[Activity]:
    return list(db.session.scalars(select(Activity).filter_by(state=state).order_by(Activity.id)))


def remind_overdue_documents(now: datetime) -> int:
    return sum(
        _remind_writer(a, MINUTES_OVERDUE, f"held-{a.state_since:%Y%m%d%H%M%S}", now)
        for a in _in_state(HELD)
        if now >= approval_rules.document_due(a)
    )


def remind_undecided_members(now: datetime) -> int:
    sent = 0
    for activity in _in_state(MINUTES_DRAFTED):
        deadline = approval_rules.deadline(activity)
        if deadline - APPROVAL_REMINDER_BEFORE <= now < deadline:
            sent += _remind_approvers(activity, APPROVAL_DUE, f"version-{activity.current_version.id}", now)
    return sent


def approve_when_rule_met(now: datetime) -> int:
    """Tacit approval at the deadline (and any rule met after a change of the rules of procedure)."""
    return sum(approve_if_rule_met(activity, now) for activity in _in_state(MINUTES_DRAFTED))


def warn_short_notice(now: datetime) -> int:
    """Tell the coordinator of forums whose invitation went out later than the rules ask."""
    lead = timedelta(days=current_rules().invitation_lead_days)
    coordinators = db.session.scalars(select(User).filter_by(role=COORDINATOR, active=True)).all()
    sent = 0
    for forum in db.session.scalars(select(Forum).filter_by(state=PLANNED).order_by(Forum.id)):
        if forum.starts_at <= now:
            continue
        invited_at = db.session.scalar(
            select(HistoryEntry.created_at).filter_by(activity_id=forum.id, trigger="plan")
        )
        if invited_at is not None and forum.starts_at - invited_at < lead:
            for coordinator in coordinators:
                sent += _send_once(
                    forum, SHORT_NOTICE, f"starts-{forum.starts_at:%Y%m%d%H%M}", coordinator, now,
                    subject=f"Hinweis: Einladungsfrist für „{forum.title}“ unterschritten",
                    template="short_notice", invited_at=invited_at, lead_days=lead.days,
                )
    return sent


def remind_unanswered(now: datetime) -> int:
    """Contacts who have not answered a forum's invitation hear once, some days before it starts."""
    before = timedelta(days=current_app.config["AKN_ATTENDANCE_REMINDER_DAYS"])
    contacts = [person for person in recipients() if attendance.wants_reply(person)]
    sent = 0
    for forum in db.session.scalars(select(Forum).filter_by(state=PLANNED).order_by(Forum.id)):
        if not forum.starts_at - before <= now < forum.starts_at:
            continue
        answered = {r.user_id for r in attendance.replies_of(forum)}
        for contact in contacts:
            if contact.id not in answered:
                sent += _send_once(
                    forum, ATTENDANCE_DUE, f"starts-{forum.starts_at:%Y%m%d%H%M}", contact, now,
                    subject=f"Erinnerung: Nehmen Sie am {format_date(forum.starts_at)} am „{forum.title}“ teil?",
                    template="attendance_due",
                    reply_link=lambda contact=contact, forum=forum: external_url(
                        "attendance.reply", token=attendance.issue_link(contact, forum)
                    ),
                )
    return sent


def run_due(now: datetime) -> Counter:
    """Everything periodic that concerns the lifecycle; each part is idempotent."""
    return Counter(
        {
            "approved": approve_when_rule_met(now),
            "document_reminders": remind_overdue_documents(now),
            "approval_reminders": remind_undecided_members(now),
            "short_notice_warnings": warn_short_notice(now),
            "attendance_reminders": remind_unanswered(now),
        }
    )


def remind_now(activity: Activity, now: datetime) -> int:
    """The coordinator's reminder by hand: to the writer of a missing document or the undecided members."""
    scope = f"manual-{now:%Y%m%d%H%M%S}"
    if activity.state == HELD:
        return _remind_writer(activity, MANUAL, scope, now)
    if activity.state == MINUTES_DRAFTED:
        return _remind_approvers(activity, MANUAL, scope, now)
    raise InvalidTransition(f"Im Zustand „{activity.state_label}“ wartet niemand auf eine Erinnerung.")
