"""Joining and leaving: a period is added or closed, never overwritten. Only views commit.

``Member.active`` mirrors the periods on today's date, because everything that must stop for a
member that left (mail, login, host rotation, approvals) keys on it. A change dated today or
earlier takes effect at once; a later one when ``apply_membership_changes`` runs on its date.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from workflows.lifecycle import FINAL_STATES, InvalidTransition, Vetoed

from ..auth.models import COORDINATOR, User
from ..clock import local_today, utcnow
from ..extensions import db
from ..formatting import format_date
from ..projects.models import Project, project_participants
from .models import Member, Membership


@dataclass
class NewMember:
    """What the coordinator enters for a new member: the name as signed and the place for the rotation."""

    name: str
    place: str
    is_municipality: bool


def _open_period(member: Member) -> Membership | None:
    return next((p for p in member.memberships if p.left_on is None), None)


def is_member_from(member: Member, day: date) -> bool:
    """A member on ``day`` or later (also one whose recorded joining is still ahead)."""
    return any(p.left_on is None or p.left_on > day for p in member.memberships)


def _record(member: Member, actor: User, **period: object) -> Membership:
    membership = Membership(recorded_at=utcnow(), recorded_by_id=actor.id, **period)
    member.memberships.append(membership)
    return membership


def _take_effect(member: Member) -> None:
    member.active = member.is_member_on(local_today())
    db.session.flush()


def add_member(actor: User, details: NewMember, joined_on: date, note: str = "") -> Member:
    """A new member; only a municipality hosts forums by default (the district does not)."""
    for column, value, label in ((Member.name, details.name, "Namen"), (Member.place, details.place, "Ort")):
        if db.session.scalars(select(Member).where(func.lower(column) == value.lower())).first():
            raise Vetoed(
                f"Ein Mitglied mit dem {label} „{value}“ gibt es schon. "
                "Ist es ausgetreten, erfassen Sie bitte seinen Wiedereintritt."
            )
    member = Member(
        name=details.name, place=details.place, is_municipality=details.is_municipality,
        hosts_forums=details.is_municipality, active=False,
    )
    db.session.add(member)
    _record(member, actor, joined_on=joined_on, note=note)
    _take_effect(member)
    return member


def record_joining(member: Member, actor: User, joined_on: date, note: str = "") -> Membership:
    """A former member joins again: a new period, the old ones stay as they were."""
    period = _open_period(member)
    if period is not None:
        raise InvalidTransition(
            f"Der Beitritt von {member.name} ist bereits zum {format_date(period.joined_on)} erfasst."
            if period.joined_on and period.joined_on > local_today()
            else f"{member.name} ist bereits Mitglied; ein Beitritt kann nicht erfasst werden."
        )
    last_left = max(p.left_on for p in member.memberships) if member.memberships else None
    if last_left is not None and joined_on < last_left:
        raise Vetoed(
            f"{member.name} ist zum {format_date(last_left)} ausgetreten; "
            f"der erneute Beitritt kann frühestens an diesem Tag wirksam werden."
        )
    membership = _record(member, actor, joined_on=joined_on, note=note)
    _take_effect(member)
    return membership


def blocking_projects(member: Member) -> list[Project]:
    """Running joint projects the member takes part in: it cannot silently vanish from them."""
    taking_part = select(project_participants.c.project_id).where(project_participants.c.member_id == member.id)
    return list(
        db.session.scalars(
            select(Project)
            .where(or_(Project.id.in_(taking_part), Project.lead_member_id == member.id))
            .where(Project.state.not_in(FINAL_STATES))
            .order_by(Project.starts_at, Project.id)
        )
    )


def record_leaving(member: Member, actor: User, left_on: date, note: str = "") -> Membership:
    """Close the open period; refused while the member takes part in a running project."""
    period = _open_period(member)
    if period is None:
        closed = max((p.left_on for p in member.memberships), default=None)
        raise InvalidTransition(
            f"Der Austritt von {member.name} ist bereits zum {format_date(closed)} erfasst."
            if closed and closed > local_today()
            else f"{member.name} ist derzeit kein Mitglied."
        )
    if period.joined_on is not None and left_on <= period.joined_on:
        raise Vetoed(f"Der Austritt muss nach dem Beitritt ({format_date(period.joined_on)}) liegen.")
    coordinators = [u for u in member.contacts if u.role == COORDINATOR and u.active]
    if coordinators:
        raise Vetoed(
            f"{member.name} stellt die Koordination ({coordinators[0].name}); "
            "ohne Mitgliedschaft könnte sich die Koordination nicht mehr anmelden."
        )
    projects = blocking_projects(member)
    if projects:
        titles = ", ".join(f"„{p.title}“" for p in projects)
        raise Vetoed(
            f"{member.name} ist an laufenden gemeinsamen Projekten beteiligt und kann erst austreten, "
            f"wenn diese verteilt oder abgesagt sind oder {member.name} daraus abgemeldet ist: {titles}."
        )
    period.left_on = left_on
    if note:
        period.note = "\n".join(filter(None, [period.note, note]))
    _take_effect(member)
    return period


def _change_line(member: Member, today: date) -> str:
    if member.active:
        since = max((p.joined_on for p in member.memberships if p.covers(today) and p.joined_on), default=today)
        return f"{member.name} ist seit dem {format_date(since)} Mitglied."
    since = max((p.left_on for p in member.memberships if p.left_on and p.left_on <= today), default=today)
    return f"{member.name} ist seit dem {format_date(since)} kein Mitglied mehr."


def apply_membership_changes(today: date) -> list[str]:
    """Set ``Member.active`` from the periods for ``today``; idempotent, so a periodic job may run it at will."""
    lines = []
    members = db.session.scalars(select(Member).options(selectinload(Member.memberships)))
    for member in sorted(members, key=lambda m: m.sort_key):
        should = member.is_member_on(today)
        if member.active != should:
            member.active = should
            lines.append(_change_line(member, today))
            if not should and (projects := blocking_projects(member)):
                titles = ", ".join(f"„{p.title}“" for p in projects)
                lines.append(f"Achtung: {member.name} ist noch an laufenden Projekten beteiligt: {titles}.")
    db.session.flush()
    return lines


def toggle_hosting(member: Member) -> None:
    """Whether the member takes its turn as host (a per-member setting)."""
    member.hosts_forums = not member.hosts_forums
    db.session.flush()
