"""Ihre Aufgaben: what is the logged-in person's turn, most urgent first, on top of every dashboard.

Each task is read from the open forums and projects the dashboard loads anyway, plus the person's
member's action items, the attendance replies still missing and, for the coordinator, failed mail.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from sqlalchemy import select

from workflows.lifecycle import APPROVED, HELD, HOST, MINUTES_DRAFTED, PLANNED

from ..action_items.operations import open_items
from ..approvals.operations import member_to_decide
from ..approvals.rules import deadline, document_due
from ..attendance.models import AttendanceReply
from ..attendance.operations import wants_reply
from ..auth.models import User
from ..clock import to_local
from ..extensions import db
from ..formatting import format_date, since_phrase
from ..lifecycle.models import Activity
from ..lifecycle.operations import roles_of
from ..urls import activity_url


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    due: date | None  # the day it is due; None: no date, after everything dated
    note: str = ""

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def _day(moment: datetime) -> date:
    return to_local(moment).date()


def _documents_to_write(user: User, activities: list[Activity]) -> list[Task]:
    return [  # a version exists: it came back with a change request and is revised, not written
        Task(f"{a.kind_spec.action_label('submit_minutes', revising=bool(a.versions))}: {a.title}",
             a.kind_spec.action_url(a.id, "submit_minutes"), _day(document_due(a)), f"fällig am {format_date(document_due(a))}")
        for a in activities
        if a.state == HELD and HOST in roles_of(user, a)
    ]


def _decisions(user: User, activities: list[Activity]) -> list[Task]:
    tasks = []
    for a in activities:
        member = member_to_decide(user, a) if a.state == MINUTES_DRAFTED else None
        if member is not None:
            until = deadline(a)
            tasks.append(Task(
                f"{a.kind_spec.document.name} genehmigen für {member.name}: {a.title} (Fassung {a.current_version.number})",
                url_for("approvals.decide_here", kind=a.kind, activity_id=a.id),
                _day(until) if until else None, f"Frist {format_date(until)}" if until else "",
            ))
    return tasks


def _replies_missing(user: User, activities: list[Activity], now: datetime) -> list[Task]:
    asked = [a for a in activities if a.state == PLANNED and a.kind_spec.asks_attendance and a.starts_at > now]
    if not asked or not wants_reply(user):
        return []
    answered = set(db.session.scalars(
        select(AttendanceReply.activity_id).where(AttendanceReply.user_id == user.id,
                                                  AttendanceReply.activity_id.in_([a.id for a in asked]))
    ))
    return [
        Task(f"Teilnahme zurückmelden: {a.title}", activity_url(a), _day(a.starts_at),
             f"am {format_date(a.starts_at)} – über den Link in Ihrer Einladung")
        for a in asked
        if a.id not in answered
    ]


def _action_items(user: User) -> list[Task]:
    if user.member_id is None:
        return []
    return [
        Task(f"Aufgabe für {item.member.name}: {item.description}", url_for("action_items.index", mitglied=user.member_id),
             item.due_date, f"fällig am {format_date(item.due_date)}" if item.due_date else "")
        for item in open_items(member_id=user.member_id)
    ]


def _coordination(user: User, activities: list[Activity], failed_mail: int, now: datetime) -> list[Task]:
    if not user.is_coordinator:
        return []
    tasks = [
        Task(f"Verteilen: {a.title}", a.kind_spec.action_url(a.id, "distribute"), _day(a.state_since),
             f"genehmigt {since_phrase(a.state_since, now)}")
        for a in activities
        if a.state == APPROVED
    ]
    tasks += [
        Task(f"Überfällig: {a.kind_spec.document.name} {a.title} bei {a.responsible_member.name}", activity_url(a),
             _day(document_due(a)), f"fällig seit {format_date(document_due(a))}")
        for a in activities
        if a.state == HELD and document_due(a) < now
    ]
    if failed_mail:
        tasks.append(Task(f"{failed_mail} E-Mail(s) nicht zustellbar", url_for("mail.outbox"), _day(now), "bitte prüfen"))
    return tasks


def tasks_of(user: User, activities: list[Activity], failed_mail: int, now: datetime) -> list[Task]:
    """The person's turn, ordered by urgency: overdue first, then by due day; undated last."""
    open_activities = [a for a in activities if a.state in (PLANNED, HELD, MINUTES_DRAFTED, APPROVED)]
    tasks = (
        _documents_to_write(user, open_activities)
        + _decisions(user, open_activities)
        + _replies_missing(user, open_activities, now)
        + _action_items(user)
        + _coordination(user, open_activities, failed_mail, now)
    )
    return sorted(tasks, key=lambda task: (task.due is None, task.due or date.max))
