"""Host rotation: the municipalities take turns in alphabetical order.

Turns respect membership periods: a member that joins (or leaves) during the year hosts only
forums on days it is a member, so a schedule planned ahead names the right hosts.
"""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflows.lifecycle import CANCELLED

from ..extensions import db
from ..members.models import Member
from .models import Forum


def hosting_order(on: date | None = None) -> list[Member]:
    """Who may host, alphabetically: today's active members, or those that are members on ``on``."""
    query = select(Member).filter_by(hosts_forums=True)
    if on is None:
        members = list(db.session.scalars(query.filter_by(active=True)))
    else:
        members = [m for m in db.session.scalars(query.options(selectinload(Member.memberships))) if m.is_member_on(on)]
    return sorted(members, key=lambda m: m.sort_key)


def _latest_host_key() -> str | None:
    """The sort key of the host of the latest forum that was not cancelled."""
    latest = db.session.scalars(
        select(Forum).where(Forum.state != CANCELLED).order_by(Forum.starts_at.desc()).limit(1)
    ).first()
    return latest.host.sort_key if latest else None


def _following(order: list[Member], last_key: str | None) -> Member | None:
    if not order:
        return None
    if last_key is None:
        return order[0]
    return next((m for m in order if m.sort_key > last_key), order[0])


def next_host(on: date | None = None) -> Member | None:
    """The member after the host of the latest forum that was not cancelled (a member on ``on``)."""
    return _following(hosting_order(on), _latest_host_key())


def hosts_for(days: Iterable[date]) -> list[Member | None]:
    """Successive hosts for forums on ``days`` (in order), continuing after the latest forum's host.

    Each day takes the next member in turn that is a member on that day; a member joining later
    is passed over until its joining date.
    """
    last_key = _latest_host_key()
    hosts = []
    for day in days:
        host = _following(hosting_order(day), last_key)
        hosts.append(host)
        if host is not None:
            last_key = host.sort_key
    return hosts
