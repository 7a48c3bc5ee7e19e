"""Steps of the forum lifecycle as a user takes them through the test client, and a look into the database.

Requests run in their own app contexts (as in production); the test reads the
database through a separate SQLAlchemy session, never through ``db.session``.
"""

import re
import time
from collections.abc import Callable
from email.message import EmailMessage

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akn_intranet.auth.models import InvitationToken, User
from akn_intranet.forums.models import Forum
from akn_intranet.lifecycle.models import Activity, HistoryEntry
from akn_intranet.mail.models import OutboxMessage
from akn_intranet.members.models import Member
from akn_intranet.projects.models import Project

LINK = re.compile(r"https?://[^\s>]+/genehmigung/([A-Za-z0-9_\-]+)")


class Database:
    """Read-only look at what the app stored; each read starts a fresh transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _fresh(self) -> Session:
        self.session.rollback()
        return self.session

    def member_id(self, place: str) -> int:
        return self._fresh().scalars(select(Member.id).filter_by(place=place)).one()

    def user_ids(self, *emails: str) -> list[int]:
        return [self._fresh().scalars(select(User.id).filter_by(email=e)).one() for e in emails]

    def recipient_count(self) -> int:
        return self._fresh().scalar(select(func.count()).select_from(User).where(User.active.is_(True)))

    def member(self, place: str) -> Member | None:
        return self._fresh().scalars(select(Member).filter_by(place=place)).first()

    def user(self, email: str) -> User | None:
        return self._fresh().scalars(select(User).filter_by(email=email)).first()

    def invitation_tokens(self, email: str) -> list[InvitationToken]:
        query = select(InvitationToken).join(User).filter(User.email == email).order_by(InvitationToken.id)
        return list(self._fresh().scalars(query))

    def activity(self, activity_id: int) -> Activity:
        return self._fresh().get(Activity, activity_id)

    def latest_forum(self) -> Forum | None:
        return self._fresh().scalars(select(Forum).order_by(Forum.id.desc())).first()

    def latest_project(self) -> Project | None:
        return self._fresh().scalars(select(Project).order_by(Project.id.desc())).first()

    def history_all(self) -> list[HistoryEntry]:
        return list(self._fresh().scalars(select(HistoryEntry)))

    def history(self, forum: Forum) -> list[tuple[str, str | None, str]]:
        entries = self._fresh().scalars(
            select(HistoryEntry).filter_by(activity_id=forum.id).order_by(HistoryEntry.id)
        )
        return [(e.trigger, e.from_state, e.to_state) for e in entries]

    def outbox(self, forum: Forum | None = None, notification: str | None = None) -> list[OutboxMessage]:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if forum is not None:
            query = query.filter_by(activity_id=forum.id)
        if notification:
            query = query.filter_by(notification=notification)
        return list(self._fresh().scalars(query))


def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for what a background mail sender does; fail if it never happens."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def forum_data(database: Database, **overrides: object) -> dict:
    data = {
        "number": 7,
        "title": "7. Kooperationsforum",
        "day": "2026-11-28",
        "time": "14:00",
        "place": "Rathaus Kaarst",
        "host_id": database.member_id("Kaarst"),
        "agenda": "Begrüßung\nKlimawoche 2027\nVerschiedenes",
    }
    data.update(overrides)
    return data


def plan(client, database: Database, **overrides: object):
    return client.submit("/foren/neu", forum_data(database, **overrides))


def hold(client, forum_id: int, attendee_ids: list[int], others: str = ""):
    return client.submit(
        f"/foren/{forum_id}/durchgefuehrt", {"attendee_ids": attendee_ids, "other_attendees": others}
    )


def minutes_data(
    forum: Forum,
    notes: list[str],
    action_items: list[tuple[str, int, str] | tuple[str, int, str, str]] = (),
    decisions: list[list[str]] = (),
    **extra: object,
) -> dict:
    """The editor's fields: per section its notes and (``decisions``) its decision rows; an action item may
    name the decision it carries out as "section position.row" ("2.1"), as the editor's select does."""
    data = {"revision": forum.revision, **extra}
    for index, text in enumerate(notes):
        data[f"sections-{index}-notes"] = text
        data[f"sections-{index}-decisions"] = ""
    for index, texts in enumerate(decisions):
        for row, text in enumerate(texts):
            data[f"sections-{index}-decision_items-{row}-text"] = text
    for index, (description, member, due, *carries_out) in enumerate(action_items):
        data[f"action_items-{index}-task"] = description
        data[f"action_items-{index}-member_id"] = member
        data[f"action_items-{index}-due_date"] = due
        data[f"action_items-{index}-decision"] = carries_out[0] if carries_out else ""
    return data


def document_path(activity: Forum | Project) -> str:
    """The editor of a forum's minutes or of a project's report."""
    return f"/foren/{activity.id}/protokoll" if activity.kind == "forum" else f"/projekte/{activity.id}/bericht"


def write_minutes(client, forum: Forum | Project, notes: list[str], action: str = "save", **kwargs: object):
    """Save (or submit) the minutes of a forum, or the report of a project."""
    return client.submit(document_path(forum), {**minutes_data(forum, notes, **kwargs), "action": action})


def plain_text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def received_links(messages: list[EmailMessage]) -> dict[str, str]:
    """Recipient → raw token, from mails received over SMTP."""
    links = {}
    for message in messages:
        match = LINK.search(plain_text(message))
        if match:
            links[message["To"]] = match.group(1)
    return links


def approval_links(messages: list[OutboxMessage]) -> dict[str, str]:
    """Recipient → raw token, from the plain-text part of the submit mails."""
    links = {}
    for message in messages:
        match = LINK.search(message.body_text)
        if match:
            links[message.recipient] = match.group(1)
    return links


HOST = "kaarst@akn.example"
COORDINATOR = "koordination@akn.example"
PRESENT = ("dormagen@akn.example", "kaarst@akn.example", "juechen@akn.example")
ORDER = ["planned", "held", "minutes_drafted", "approved", "distributed"]


def advance_to(state: str, client, auth, clock, database: Database, **forum: object) -> Forum:
    """Take a new forum (``forum``: its details other than ``forum_data``'s) through the lifecycle as its
    users would, up to ``state``; end logged out."""
    auth.login(COORDINATOR)
    assert plan(client, database, **forum).status_code == 302
    forum = database.latest_forum()
    auth.logout()
    steps = ORDER[1 : ORDER.index(state) + 1]
    if "held" in steps:
        clock.advance(days=8)
        auth.login(HOST)
        assert hold(client, forum.id, database.user_ids(*PRESENT)).status_code == 302
        auth.logout()
    if "minutes_drafted" in steps:
        auth.login(HOST)
        forum = database.latest_forum()
        assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche im Mai.", ""], action="submit").status_code == 302
        auth.logout()
    if "approved" in steps:
        links = approval_links(database.outbox(forum, "minutes_submitted"))
        for address in PRESENT:
            assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
    if "distributed" in steps:
        auth.login(COORDINATOR)
        assert client.submit(f"/foren/{forum.id}/aktion/distribute").status_code == 302
        auth.logout()
    forum = database.latest_forum()
    assert forum.state == state
    return forum
