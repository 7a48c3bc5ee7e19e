"""Demo accounts and one demo forum, so that ``make run`` shows a living alliance."""

from datetime import timedelta

from sqlalchemy import select

from .auth.models import ADVISOR, CONTACT, COORDINATOR, User
from .auth.passwords import set_password
from .clock import utcnow
from .extensions import db
from .forums import operations as forum_operations
from .forums.models import Forum
from .members.founding import seed_founding_members
from .projects.operations import seed_fields_of_action
from .rules.operations import seed_rules

DEMO_PASSWORD = "akn-demo-2026"  # noqa: S105  printed on start; demo data only

# (place, login name, full name): two contacts for some members, as the rules allow.
DEMO_CONTACTS = [
    ("Dormagen", "dormagen", "Dana Dorn"),
    ("Dormagen", "dormagen2", "David Deller"),
    ("Grevenbroich", "grevenbroich", "Greta Gruber"),
    ("Jüchen", "juechen", "Jana Jürgens"),
    ("Kaarst", "kaarst", "Karl Kaiser"),
    ("Kaarst", "kaarst2", "Klara Kühn"),
    ("Korschenbroich", "korschenbroich", "Kim Korte"),
    ("Meerbusch", "meerbusch", "Mia Mertens"),
    ("Rommerskirchen", "rommerskirchen", "Ruth Roth"),
    ("Rhein-Kreis Neuss", "kreis", "Kai Kreuzer"),
]


def seed_demo_accounts() -> list[User]:
    """Members, the coordinator, the contacts and the advisor; idempotent."""
    members = {m.place: m for m in seed_founding_members()}
    seed_fields_of_action()
    seed_rules()
    existing = {u.email for u in db.session.scalars(select(User))}
    users = [
        ("koordination@akn.example", "Thea Koordinatorin", COORDINATOR, members["Rhein-Kreis Neuss"], ""),
        *[
            (f"{login}@akn.example", name, CONTACT, members[place], "")
            for place, login, name in DEMO_CONTACTS
        ],
        ("beratung@akn.example", "Ben Berater", ADVISOR, None, "EnergieAgentur.NRW"),
    ]
    for email, name, role, member, organisation in users:
        if email not in existing:
            user = User(email=email, name=name, role=role, member=member, organisation=organisation)
            set_password(user, DEMO_PASSWORD)
            db.session.add(user)
    db.session.flush()
    return list(db.session.scalars(select(User).order_by(User.id)))


def seed_demo_forum() -> None:
    """Planned three weeks ago for yesterday, so the host can mark it held right away."""
    if db.session.scalar(select(Forum.id).limit(1)) is not None:
        return
    members = {m.place: m for m in seed_founding_members()}
    coordinator = db.session.scalars(select(User).filter_by(role=COORDINATOR)).first()
    now = utcnow()
    details = forum_operations.ForumDetails(
        number=1,
        title="1. Kooperationsforum",
        starts_at=(now - timedelta(days=1)).replace(hour=13, minute=0, second=0, microsecond=0),
        place="Rathaus Dormagen, Sitzungssaal",
        host=members["Dormagen"],
        agenda=[
            "Begrüßung und Genehmigung der Tagesordnung",
            "Geschäftsordnung der Allianz",
            "Gemeinsame Veranstaltung zur Klimawoche",
            "Verschiedenes",
        ],
    )
    forum_operations.plan_forum(coordinator, details, now=now - timedelta(days=21))
