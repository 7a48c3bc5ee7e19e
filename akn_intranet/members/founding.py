"""The eight signatories of the Letter of Intent."""

from sqlalchemy import select

from ..extensions import db
from .models import Member, Membership

FOUNDING_MEMBERS = [
    # (name as signed, place, is a municipality)
    ("Stadt Dormagen", "Dormagen", True),
    ("Stadt Grevenbroich", "Grevenbroich", True),
    ("Stadt Jüchen", "Jüchen", True),
    ("Stadt Kaarst", "Kaarst", True),
    ("Stadt Korschenbroich", "Korschenbroich", True),
    ("Stadt Meerbusch", "Meerbusch", True),
    ("Gemeinde Rommerskirchen", "Rommerskirchen", True),
    ("Rhein-Kreis Neuss", "Rhein-Kreis Neuss", False),
]


def seed_founding_members() -> list[Member]:
    """Create the founding members once; the district does not host by default."""
    existing = {m.name: m for m in db.session.scalars(select(Member))}
    for name, place, is_municipality in FOUNDING_MEMBERS:
        if name not in existing:
            existing[name] = Member(
                name=name, place=place, is_municipality=is_municipality, hosts_forums=is_municipality,
                memberships=[Membership(joined_on=None)],
            )
            db.session.add(existing[name])
    db.session.flush()
    return [existing[name] for name, _, _ in FOUNDING_MEMBERS]
