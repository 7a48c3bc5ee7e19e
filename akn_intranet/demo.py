"""Demo accounts, a distributed forum with its decisions and one planned forum, so that ``make run`` shows a
living alliance."""

from datetime import datetime, timedelta

from sqlalchemy import select

from .action_items.operations import mark_done
from .approvals.operations import decide_in_intranet
from .auth.models import ADVISOR, CONTACT, COORDINATOR, User
from .auth.passwords import set_password
from .clock import local_today, utcnow
from .extensions import db
from .forums import operations as forum_operations
from .forums.models import Forum
from .lifecycle.operations import transition
from .members.founding import seed_founding_members
from .members.models import Member
from .minutes import operations as minutes_operations
from .projects.operations import seed_fields_of_action
from .publications import operations as publications
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


# The first forum's minutes: per agenda item its notes and decisions; action items as (task, member's place,
# due in days from today, the decision it carries out as (agenda item, decision) or None).
FIRST_FORUM = [
    ("Begrüßung und Genehmigung der Tagesordnung", "Frau Dorn begrüßt die Teilnehmenden im Rathaus Dormagen.",
     ["Die Tagesordnung wird ohne Änderungen angenommen."]),
    ("Geschäftsordnung der Allianz", "Der Entwurf der Koordination wird Punkt für Punkt besprochen.",
     ["Die Geschäftsordnung wird in der vorgelegten Fassung beschlossen.",
      "Jedes Mitglied benennt bis zum nächsten Forum ein bis zwei Ansprechpersonen."]),
    ("Gemeinsame Veranstaltung zur Klimawoche", "Ideen aus Kaarst und Jüchen: Aktionstag mit Ständen der Mitglieder.",
     ["Die Allianz richtet in der Klimawoche 2027 einen gemeinsamen Aktionstag in Kaarst aus.",
      "Für Druck und Standmaterial stellt jedes Mitglied bis zu 500 € bereit."]),
    ("Verschiedenes", "Keine weiteren Punkte.", []),
]
FIRST_FORUM_TASKS = [
    ("Ansprechpersonen an die Koordination melden", "Jüchen", -30, (2, 2)),
    ("Räume im Rathaus Kaarst für den Aktionstag reservieren", "Kaarst", 45, (3, 1)),
    ("Angebote für den Druck der Flyer einholen", "Grevenbroich", -7, (3, 2)),
    ("Pressemitteilung zur Gründung abstimmen", "Dormagen", 14, None),
]


def _contact(member: Member) -> User:
    return db.session.scalars(select(User).filter_by(member=member, role=CONTACT).order_by(User.id)).first()


def _seed_first_forum(members: dict[str, Member], coordinator: User, now: datetime) -> None:
    """Three months ago in Dormagen, recorded afterwards: minutes approved by everyone present, distributed,
    one task already done, its result published; so the Beschlussregister, the task list and the public
    results are not empty."""
    details = forum_operations.ForumDetails(
        number=1,
        title="1. Kooperationsforum",
        starts_at=(now - timedelta(days=90)).replace(hour=13, minute=0, second=0, microsecond=0),
        place="Rathaus Dormagen, Sitzungssaal",
        host=members["Dormagen"],
        agenda=[title for title, _, _ in FIRST_FORUM],
    )
    present = [_contact(members[place]) for place in ("Dormagen", "Grevenbroich", "Jüchen", "Kaarst")]
    forum = forum_operations.record_forum(coordinator, details, attendees=present, other_attendees="")
    today = local_today()
    minutes_operations.submit(
        forum, present[0], revision=forum.revision,
        sections=[minutes_operations.SectionText(notes, "", decisions) for _, notes, decisions in FIRST_FORUM],
        action_items=[
            minutes_operations.ActionItemInput(task, members[place].id, today + timedelta(days=due), carries_out)
            for task, place, due, carries_out in FIRST_FORUM_TASKS
        ],
    )
    for user in present:
        decide_in_intranet(forum, user, version_number=1, wants_changes=False, comment="")
    transition(forum, coordinator, "distribute")
    mark_done(forum.action_items[0], present[2], "Per E-Mail an die Koordination gemeldet.")
    # its result on the public page "Ergebnisse der Allianz", as the coordinator would publish it
    publications.publish(forum, coordinator, forum.title, publications.proposed_summary(forum), now)


def seed_demo_forum() -> None:
    """The first forum, distributed; the second planned three weeks ago for yesterday, so its host can mark
    it held right away."""
    if db.session.scalar(select(Forum.id).limit(1)) is not None:
        return
    members = {m.place: m for m in seed_founding_members()}
    coordinator = db.session.scalars(select(User).filter_by(role=COORDINATOR)).first()
    now = utcnow()
    _seed_first_forum(members, coordinator, now)
    details = forum_operations.ForumDetails(
        number=2,
        title="2. Kooperationsforum",
        starts_at=(now - timedelta(days=1)).replace(hour=13, minute=0, second=0, microsecond=0),
        place="Rathaus Grevenbroich, Sitzungssaal",
        host=members["Grevenbroich"],
        agenda=[
            "Begrüßung und Genehmigung der Tagesordnung",
            "Stand der Vorbereitung des Aktionstags zur Klimawoche",
            "Verschiedenes",
        ],
    )
    forum_operations.plan_forum(coordinator, details, now=now - timedelta(days=21))
