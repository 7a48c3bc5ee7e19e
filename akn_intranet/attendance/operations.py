"""Answering a forum's invitation from a personal link: until the forum starts, as often as needed."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workflows.lifecycle import PLANNED

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..formatting import format_datetime
from ..lifecycle.models import Activity
from ..links import LinkProblem, LinkWording, find, issue
from .models import ANSWERS, ATTENDING, DEPUTY, AttendanceLink, AttendanceReply

WORDING = LinkWording(
    done="geantwortet", source="der Einladungs-E-Mail", after_expiry="Antworten sind bis zum Beginn möglich."
)


def wants_reply(user: User) -> bool:
    """Contacts of members answer; the coordinator and the advisor are there anyway."""
    return user.member_id is not None and not user.is_coordinator


def issue_link(user: User, forum: Activity) -> str:
    """The raw token for the mail; it works until the forum's start (as planned when it was sent)."""
    raw, _ = issue(AttendanceLink, forum.starts_at - utcnow(), user=user, activity=forum)
    return raw


def check_link(raw: str) -> AttendanceLink:
    link = find(AttendanceLink, raw, WORDING, joinedload(AttendanceLink.user), joinedload(AttendanceLink.activity))
    forum = link.activity
    if forum.state != PLANNED or forum.starts_at <= utcnow():
        raise LinkProblem(
            "Antwort nicht mehr möglich",
            f"„{forum.title}“ hat am {format_datetime(forum.starts_at)} begonnen oder ist nicht mehr geplant "
            f"({forum.state_label}). Antworten sind bis zum Beginn möglich.",
        )
    return link


@dataclass
class Answer:
    answer: str
    deputy: str = ""


def check_answer(answer: Answer) -> str:
    """The complaint about an answer ("" when it is fine): the form and the operation say the same."""
    if answer.answer not in ANSWERS:
        return "Bitte wählen Sie eine Antwort."
    if answer.answer == DEPUTY and not answer.deputy.strip():
        return "Bitte nennen Sie, wer Sie vertritt."
    return ""


def reply(raw: str, answer: Answer) -> AttendanceReply:
    """Record or change the contact's answer (refused after the start)."""
    link = check_link(raw)
    if problem := check_answer(answer):
        raise LinkProblem("Antwort unvollständig", problem, 422)
    found = current_reply(link.activity, link.user)
    if found is None:
        found = AttendanceReply(activity_id=link.activity_id, user=link.user)
        db.session.add(found)
    found.answer, found.deputy, found.answered_at = answer.answer, answer.deputy.strip(), utcnow()
    db.session.flush()
    return found


def current_reply(forum: Activity, user: User) -> AttendanceReply | None:
    return db.session.scalars(select(AttendanceReply).filter_by(activity_id=forum.id, user_id=user.id)).first()


def replies_of(forum: Activity) -> list[AttendanceReply]:
    query = select(AttendanceReply).filter_by(activity_id=forum.id).options(joinedload(AttendanceReply.user))
    return sorted(db.session.scalars(query), key=lambda r: r.user.name)


def attending_user_ids(replies: list[AttendanceReply]) -> list[int]:
    """Where the held form starts: those who said they come."""
    return [r.user_id for r in replies if r.answer == ATTENDING]


def deputies_text(replies: list[AttendanceReply]) -> str:
    """Where the held form's "others" start: who came instead of whom."""
    return "\n".join(f"{r.deputy} (Vertretung für {r.user.display_name})" for r in replies if r.answer == DEPUTY)

