"""Years of the alliance's data, inserted in bulk with consistent keys, states and versions.

The members, accounts, fields of action and rules come from the app's own seeding; the forums,
projects, minutes, approvals, action items, history and mail are bulk-inserted through
SQLAlchemy Core in the shapes the app writes them, so ten years take seconds, not hours.
"""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Table, func, insert, literal, select, text, update

from akn_intranet.action_items.models import ActionItem
from akn_intranet.approvals.models import Approval, ApprovalToken
from akn_intranet.auth.models import CONTACT, COORDINATOR, User
from akn_intranet.decisions.models import Decision
from akn_intranet.demo import seed_demo_accounts
from akn_intranet.extensions import db
from akn_intranet.forums.models import Forum, forum_attendance
from akn_intranet.lifecycle.models import Activity, HistoryEntry
from akn_intranet.links import hash_token
from akn_intranet.mail.models import FAILED, PENDING, SENT, OutboxMessage
from akn_intranet.members.models import Member, Membership
from akn_intranet.minutes.models import MinutesVersion, Section
from akn_intranet.projects.models import (
    PROJECT_KINDS,
    REPORT_SECTIONS,
    FieldOfAction,
    Project,
    ProjectGoal,
    project_fields,
    project_participants,
)
from akn_intranet.search.indexing import reindex
from workflows.lifecycle import APPROVED, CANCELLED, DISTRIBUTED, HELD, MINUTES_DRAFTED, PLANNED


@dataclass(frozen=True)
class Scale:
    forums: int
    projects: int
    approvals: int
    action_items: int
    history: int
    outbox: int


TEN_YEARS = Scale(forums=40, projects=300, approvals=3000, action_items=2000, history=20000, outbox=50000)
ONE_YEAR = Scale(forums=4, projects=30, approvals=300, action_items=200, history=2000, outbox=5000)

# The newest forums first: two planned ahead, then one forum in each later state, then the past.
RECENT_FORUM_STATES = [PLANNED, PLANNED, HELD, MINUTES_DRAFTED, APPROVED, CANCELLED]
RECENT_PROJECT_STATES = [PLANNED, HELD, MINUTES_DRAFTED, APPROVED, DISTRIBUTED, CANCELLED]
PATH = [PLANNED, HELD, MINUTES_DRAFTED, APPROVED, DISTRIBUTED]
TRIGGER_INTO = {PLANNED: "plan", HELD: "hold", MINUTES_DRAFTED: "submit_minutes", APPROVED: "approve",
                DISTRIBUTED: "distribute", CANCELLED: "cancel"}
EXTRA_CONTACTS = [  # (place, login, name): with the demo accounts, two contacts for every member
    ("Grevenbroich", "grevenbroich2", "Gerd Gehlen"), ("Jüchen", "juechen2", "Jonas Jansen"),
    ("Korschenbroich", "korschenbroich2", "Kerstin Koch"), ("Meerbusch", "meerbusch2", "Moritz Meier"),
    ("Rommerskirchen", "rommerskirchen2", "Rita Ruland"), ("Rhein-Kreis Neuss", "kreis2", "Katrin Kluth"),
    ("Neuss", "neuss", "Nora Nowak"), ("Neuss", "neuss2", "Nils Neumann"),
]
AGENDA = ["Begrüßung und Genehmigung der Tagesordnung", "Berichte aus den Mitgliedskommunen",
          "Gemeinsame Projekte", "Verschiedenes"]
PARAGRAPH = ("Die Mitglieder berichten über den Stand der kommunalen Klimaschutzkonzepte, die Förderaufrufe "
             "des Landes und die Abstimmung der nächsten gemeinsamen Kampagne im Rhein-Kreis Neuss. ")


@dataclass
class Seeded:
    """What the benchmark and the query-count test open: ids, a live approval link, the row counts."""

    forum_id: int = 0
    project_id: int = 0
    approval_token: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Rows:
    activities: list[dict] = field(default_factory=list)
    forums: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    attendance: list[dict] = field(default_factory=list)
    participants: list[dict] = field(default_factory=list)
    fields: list[dict] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    versions: list[dict] = field(default_factory=list)
    approvals: list[dict] = field(default_factory=list)
    optional_approvals: list[dict] = field(default_factory=list)  # earlier versions: filled up to the scale
    tokens: list[dict] = field(default_factory=list)
    action_items: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)
    outbox: list[dict] = field(default_factory=list)


def _people() -> tuple[list[Member], dict[int, list[User]], User, list[User]]:
    """The alliance: the demo accounts, Stadt Neuss (joined later) and two contacts per member."""
    users = seed_demo_accounts()
    if db.session.scalars(select(Member).filter_by(place="Neuss")).first() is None:
        db.session.add(Member(name="Stadt Neuss", place="Neuss", memberships=[Membership(joined_on=date(2023, 1, 1))]))
        db.session.flush()
    members = {m.place: m for m in db.session.scalars(select(Member))}
    coordinator = next(u for u in users if u.role == COORDINATOR)
    existing = {u.email for u in users}
    for place, login, name in EXTRA_CONTACTS:
        if f"{login}@akn.example" not in existing:  # the demo password, hashed once already
            db.session.add(User(email=f"{login}@akn.example", name=name, role=CONTACT, member=members[place],
                                password_hash=coordinator.password_hash))
    db.session.flush()
    users = list(db.session.scalars(select(User).order_by(User.id)))
    contacts: dict[int, list[User]] = {}
    for user in users:
        if user.member_id is not None and user.role == CONTACT:
            contacts.setdefault(user.member_id, []).append(user)
    ordered = sorted(members.values(), key=lambda m: m.sort_key)
    return ordered, contacts, coordinator, users


def _states(count: int, recent: list[str], rng: random.Random) -> list[str]:
    """Oldest first: the distant past is distributed (some cancelled), the newest are in every state."""
    past = [CANCELLED if rng.random() < 0.08 else DISTRIBUTED for _ in range(max(count - len(recent), 0))]
    return past + list(reversed(recent[:count]))


def _path(state: str) -> list[str]:
    return [PLANNED, CANCELLED] if state == CANCELLED else PATH[: PATH.index(state) + 1]


class _Builder:
    def __init__(self, scale: Scale, now: datetime, rng: random.Random) -> None:
        self.scale, self.now, self.rng = scale, now, rng
        self.members, self.contacts, self.coordinator, self.users = _people()
        self.hosts = [m for m in self.members if m.hosts_forums]
        self.field_ids = list(db.session.scalars(select(FieldOfAction.id)))
        self.rows = _Rows()
        self.seeded = Seeded()
        self.next_id = {"activity": _next_id(Activity), "version": _next_id(MinutesVersion)}
        self.years = max(scale.forums / 4, 1)

    def activity(self, kind: str, index: int, state: str, starts_at: datetime, title: str) -> int:
        activity_id = self.next_id["activity"]
        self.next_id["activity"] += 1
        path = _path(state)
        self.rows.activities.append({
            "id": activity_id, "kind": kind, "title": title, "starts_at": starts_at, "state": state,
            "state_since": min(starts_at + timedelta(days=7 * (len(path) - 1)), self.now),
            "touched_at": starts_at, "revision": len(path),
        })
        return activity_id

    def forums(self) -> None:
        count = self.scale.forums
        for index, state in enumerate(_states(count, RECENT_FORUM_STATES, self.rng)):
            future = count - index <= 2
            starts_at = (self.now + timedelta(days=91 * (3 - (count - index)))) if future else (
                self.now - timedelta(days=91 * (count - index - 2) + 14))
            starts_at = starts_at.replace(hour=13, minute=0, second=0, microsecond=0)
            host = self.hosts[index % len(self.hosts)]
            activity_id = self.activity("forum", index, state, starts_at, f"{index + 1}. Kooperationsforum")
            self.rows.forums.append({"id": activity_id, "number": index + 1, "place": f"Rathaus {host.place}",
                                     "host_member_id": host.id, "other_attendees": "Gäste der Verbraucherzentrale"})
            present = [host, *self.rng.sample([m for m in self.members if m is not host], 4)]
            if state not in (PLANNED, CANCELLED):
                for member in present:
                    for user in self.contacts.get(member.id, [])[:1]:
                        self.rows.attendance.append({"forum_id": activity_id, "user_id": user.id})
            self.document(activity_id, "forum", state, starts_at, AGENDA, host, present)
            self.seeded.forum_id = self.seeded.forum_id or (activity_id if state == MINUTES_DRAFTED else 0)

    def projects(self) -> None:
        count = self.scale.projects
        recent = RECENT_PROJECT_STATES * max(count // (int(self.years) * len(RECENT_PROJECT_STATES)), 1)
        for index, state in enumerate(_states(count, recent, self.rng)):
            starts_at = (self.now - timedelta(days=int(365 * self.years * (count - index) / count))).replace(
                hour=0, minute=0, second=0, microsecond=0)
            lead = self.members[index % len(self.members)]
            activity_id = self.activity("project", index, state, starts_at, f"Gemeinsames Projekt {index + 1}")
            self.rows.projects.append({
                "id": activity_id, "description": PARAGRAPH, "project_kind": list(PROJECT_KINDS)[index % len(PROJECT_KINDS)],
                "lead_member_id": lead.id, "ends_on": (starts_at + timedelta(days=120)).date(),
            })
            participants = [lead, *self.rng.sample([m for m in self.members if m is not lead], self.rng.randint(4, 7))]
            self.rows.participants += [{"project_id": activity_id, "member_id": m.id} for m in participants]
            self.rows.fields += [{"project_id": activity_id, "field_id": f} for f in self.rng.sample(self.field_ids, 2)]
            self.rows.goals += [{"project_id": activity_id, "number": n} for n in self.rng.sample(range(1, 18), 2)]
            self.document(activity_id, "project", state, starts_at, REPORT_SECTIONS, lead, participants)
            self.seeded.project_id = self.seeded.project_id or (activity_id if state == MINUTES_DRAFTED else 0)

    def document(self, activity_id: int, kind: str, state: str, starts_at: datetime, titles: list[str],
                 responsible: Member, approvers: list[Member]) -> None:
        """Sections, submitted versions with approvals and links, action items and the history."""
        written = state not in (PLANNED, CANCELLED)
        for position, title in enumerate(titles, start=1):
            self.rows.sections.append({"activity_id": activity_id, "position": position, "title": title,
                                       "notes": PARAGRAPH if written else "", "decisions": "Beschlossen." if written else ""})
        path = _path(state)
        if MINUTES_DRAFTED in path:
            author = self.contacts[responsible.id][0]
            numbers = 1 + activity_id % 3  # some documents went back for changes once or twice
            for number in range(1, numbers + 1):
                final = number == numbers
                # earlier versions: all but one approved, then a change request sent them back
                approving = approvers if final and state != MINUTES_DRAFTED else approvers[: len(approvers) // 2] \
                    if final else approvers[:-1]
                pending = approvers[len(approving) :] if final and state == MINUTES_DRAFTED else []
                self.version(activity_id, number, starts_at + timedelta(days=7 + number), author, approving, pending,
                             optional=not final)
        if state in (APPROVED, DISTRIBUTED):
            self.action_items(activity_id, starts_at, approvers)
        for step, into in enumerate(path):
            previous = path[step - 1] if step else None
            self.history(activity_id, TRIGGER_INTO[into], previous, into, starts_at + timedelta(days=7 * step - 21))

    def version(self, activity_id: int, number: int, submitted_at: datetime, author: User, approving: list[Member],
                pending: list[Member], *, optional: bool) -> None:
        version_id = self.next_id["version"]
        self.next_id["version"] += 1
        body = f"# Fassung {number}\n\n" + "\n\n".join(f"## {t}\n\n{PARAGRAPH * 3}" for t in AGENDA)
        sha = hashlib.sha256(body.encode()).hexdigest()
        self.rows.versions.append({"id": version_id, "activity_id": activity_id, "number": number, "body": body,
                                   "sha256": sha, "submitted_at": submitted_at, "submitted_by_id": author.id})
        for offset, member in enumerate(approving):
            user = self.contacts[member.id][0]
            at = submitted_at + timedelta(hours=offset + 1)
            (self.rows.optional_approvals if optional else self.rows.approvals).append(
                {"version_id": version_id, "member_id": member.id, "user_id": user.id, "sha256": sha, "created_at": at})
        for member in pending:  # open links for everyone who has yet to approve; the bench opens the first one
            for user in self.contacts.get(member.id, []):
                raw = f"bench-{version_id}-{user.id}-{self.rng.getrandbits(96):024x}"
                self.seeded.approval_token = self.seeded.approval_token or raw
                self.rows.tokens.append({"token_hash": hash_token(raw), "user_id": user.id, "version_id": version_id,
                                         "created_at": submitted_at, "expires_at": self.now + timedelta(days=21),
                                         "used_at": None})

    def action_items(self, activity_id: int, starts_at: datetime, members: list[Member]) -> None:
        old = starts_at < self.now - timedelta(days=365)
        for index in range(8):
            member = members[index % len(members)]
            done = old and self.rng.random() < 0.97
            self.rows.action_items.append({
                "activity_id": activity_id, "description": f"Aufgabe {index + 1}: Ergebnisse im Rat vorstellen",
                "member_id": member.id, "due_date": (starts_at + timedelta(days=60 + 10 * index)).date(),
                "done_at": starts_at + timedelta(days=50) if done else None,
                "done_by_id": self.contacts[member.id][0].id if done else None, "done_note": "Erledigt." if done else "",
            })

    def history(self, activity_id: int, trigger: str, from_state: str | None, to_state: str, at: datetime) -> None:
        self.rows.history.append({"activity_id": activity_id, "trigger": trigger, "from_state": from_state,
                                  "to_state": to_state, "actor_id": self.coordinator.id,
                                  "actor_name": self.coordinator.display_name, "comment": "", "created_at": at})

    def fill_up(self) -> None:
        """Bring approvals, action items, history and mail to the scale's numbers."""
        rows, scale = self.rows, self.scale
        rows.approvals += rows.optional_approvals[: max(scale.approvals - len(rows.approvals), 0)]
        rows.action_items = rows.action_items[: scale.action_items]
        for index, approval in enumerate(rows.approvals):  # each approval came through a personal link, now spent
            rows.tokens.append({"token_hash": hash_token(f"spent-{index}"), "user_id": approval["user_id"],
                                "version_id": approval["version_id"], "created_at": approval["created_at"],
                                "expires_at": approval["created_at"] + timedelta(days=21), "used_at": approval["created_at"]})
        base = list(rows.history)
        for index in range(max(scale.history - len(base), 0)):  # reschedules while planned
            entry = base[index % len(base)]
            rows.history.append({**entry, "trigger": "reschedule", "from_state": PLANNED, "to_state": PLANNED,
                                 "comment": "Neuer Termin", "created_at": entry["created_at"] - timedelta(days=1)})
        recipients = [u for u in self.users if u.active]
        for index in range(scale.outbox):
            entry = base[(index // len(recipients)) % len(base)]
            user = recipients[index % len(recipients)]
            status = FAILED if index < 3 else PENDING if index < 5 else SENT
            rows.outbox.append({
                "message_id": f"<bench-{index}@akn.example>", "thread_id": f"<activity-{entry['activity_id']}@akn.example>",
                "activity_id": entry["activity_id"], "notification": entry["trigger"], "recipient": user.email,
                "subject": f"[AKN] Benachrichtigung {entry['trigger']}", "body_text": f"Guten Tag {user.name},\n\n{PARAGRAPH}\n",
                "body_html": f"<p>Guten Tag {user.name},</p><p>{PARAGRAPH}</p>", "status": status,
                "attempts": 1 if status != PENDING else 0, "last_error": "SMTPServerDisconnected" if status == FAILED else "",
                "created_at": entry["created_at"], "next_attempt_at": entry["created_at"],
                "sent_at": entry["created_at"] if status == SENT else None,
            })

    def insert(self) -> None:
        rows = self.rows
        targets: list[tuple[Table, list[dict]]] = [
            (Activity.__table__, rows.activities), (Forum.__table__, rows.forums), (Project.__table__, rows.projects),
            (forum_attendance, rows.attendance), (project_participants, rows.participants), (project_fields, rows.fields),
            (ProjectGoal.__table__, rows.goals), (Section.__table__, rows.sections),
            (MinutesVersion.__table__, rows.versions), (Approval.__table__, rows.approvals),
            (ApprovalToken.__table__, rows.tokens), (ActionItem.__table__, rows.action_items),
            (HistoryEntry.__table__, rows.history), (OutboxMessage.__table__, rows.outbox),
        ]
        for table, table_rows in targets:
            for start in range(0, len(table_rows), 5000):
                db.session.execute(insert(table), table_rows[start : start + 5000])
        _decide()
        _advance_sequences()
        self.seeded.counts = {table.name: len(table_rows) for table, table_rows in targets}


def _decide() -> None:
    """A decision in every section of an approved or distributed document; its action items carry out the first."""
    sections = select(Section.id, literal(1), literal("Die Allianz beschließt, die Ergebnisse in den Räten vorzustellen."))
    db.session.execute(insert(Decision).from_select(
        ["section_id", "position", "text"],
        sections.join(Activity, Activity.id == Section.activity_id).where(Activity.state.in_((APPROVED, DISTRIBUTED))),
    ))
    items = ActionItem.__table__
    first = select(func.min(Decision.id)).join(Section).where(Section.activity_id == items.c.activity_id)
    db.session.execute(update(items).values(decision_id=first.scalar_subquery()))


def _next_id(model: type[db.Model]) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _advance_sequences() -> None:
    """Rows inserted with their own ids leave PostgreSQL's sequences behind: the app's next insert would collide."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement in (True, "auto") and len(table.primary_key.columns) == 1:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608  table names from the metadata
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ))


def seed(scale: Scale, now: datetime, rng_seed: int = 5) -> Seeded:
    """Seed the app's (created, empty or demo) database in the current app context, and commit."""
    builder = _Builder(scale, now, random.Random(rng_seed))
    builder.forums()
    builder.projects()
    builder.fill_up()
    builder.insert()
    reindex(db.session.connection())  # bulk inserts pass no flush: the search index is built as the migration does
    db.session.commit()
    return builder.seeded
