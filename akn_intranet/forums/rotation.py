"""Host rotation: the municipalities take turns in alphabetical order (DESIGN §1)."""

from sqlalchemy import select

from workflows.lifecycle import CANCELLED

from ..extensions import db
from ..members.models import Member
from .models import Forum


def hosting_order() -> list[Member]:
    members = db.session.scalars(select(Member).filter_by(active=True, hosts_forums=True))
    return sorted(members, key=lambda m: m.sort_key)


def next_host() -> Member | None:
    """The member after the host of the latest forum that was not cancelled."""
    order = hosting_order()
    if not order:
        return None
    latest = db.session.scalars(
        select(Forum).where(Forum.state != CANCELLED).order_by(Forum.starts_at.desc()).limit(1)
    ).first()
    if latest is None:
        return order[0]
    last_key = latest.host.sort_key
    return next((m for m in order if m.sort_key > last_key), order[0])
