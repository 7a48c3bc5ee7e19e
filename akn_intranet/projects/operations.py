"""Everything that changes a project: authorise, fire, flush. Only views commit."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from workflows.lifecycle import PLANNED, InvalidTransition, NotAllowed, Vetoed

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..lifecycle.operations import create, update_planned
from ..members.models import Member
from ..minutes.models import Section
from .models import DEFAULT_FIELDS_OF_ACTION, REPORT_SECTIONS, FieldOfAction, Project, ProjectGoal, unknown_goals_message


@dataclass
class ProjectDetails:
    """What the coordinator enters when planning or editing a project."""

    title: str
    description: str
    project_kind: str
    starts_at: datetime
    ends_on: date | None
    lead: Member
    participants: list[Member]
    fields_of_action: list[FieldOfAction] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)


def _apply(project: Project, details: ProjectDetails) -> None:
    if message := unknown_goals_message(details.sdgs):
        raise Vetoed(message)
    project.title, project.description, project.project_kind = details.title, details.description, details.project_kind
    project.starts_at, project.ends_on, project.lead = details.starts_at, details.ends_on, details.lead
    # the lead always takes part
    project.participants = sorted({*details.participants, details.lead}, key=lambda m: m.sort_key)
    project.fields_of_action = details.fields_of_action
    wanted = sorted(set(details.sdgs))
    if [g.number for g in project.goals] != wanted:
        project.goals = [ProjectGoal(number=n) for n in wanted]


def _new_project(details: ProjectDetails) -> Project:
    project = Project(sections=[Section(position=i, title=t) for i, t in enumerate(REPORT_SECTIONS, start=1)])
    _apply(project, details)
    return project


def plan_project(actor: User, details: ProjectDetails, now: datetime | None = None) -> Project:
    """Create the project and fire ``plan``: everyone hears of it."""
    return create(_new_project(details), actor, "plan", now)


def record_project(actor: User, details: ProjectDetails) -> Project:
    """Nacherfassung: create a project that has begun and fire ``record``; everyone gets a notice and
    the lead writes the report."""
    return create(_new_project(details), actor, "record")


def update_project(project: Project, actor: User, details: ProjectDetails) -> bool:
    """Save a planned project; a new start or end date fires ``reschedule`` and mails everyone."""
    rescheduled = details.starts_at != project.starts_at or details.ends_on != project.ends_on
    return update_planned(project, actor, lambda: _apply(project, details), rescheduled=rescheduled)


def check_participation_change(project: Project, member: Member, taking_part: bool) -> None:
    """Members join or leave a project only while it is planned; the one leading it cannot leave."""
    if project.state != PLANNED:
        raise InvalidTransition(
            f"An- und Abmelden ist nur möglich, solange das Projekt geplant ist; „{project.title}“ ist "
            f"„{project.state_label}“. Es muss erst verteilt oder abgesagt werden."
        )
    if not taking_part and member.id == project.lead_member_id:
        raise Vetoed(
            f"{member.name} hat die Federführung für „{project.title}“ und kann nicht abgemeldet werden. "
            "Übertragen Sie die Federführung (Projekt bearbeiten) oder sagen Sie das Projekt ab."
        )


def change_participation(project: Project, member: Member, taking_part: bool) -> None:
    """Sign a member up for a planned project or take it out (by its contact, or the coordinator before it leaves)."""
    check_participation_change(project, member, taking_part)
    if taking_part and member not in project.participants:
        project.participants.append(member)
    elif not taking_part and member in project.participants:
        project.participants.remove(member)
    project.touch(utcnow())
    db.session.flush()


def set_participation(project: Project, actor: User, taking_part: bool) -> None:
    """A contact opts their member in or out."""
    if actor.member is None:
        raise NotAllowed("Nur Ansprechpersonen eines Mitglieds können ihr Mitglied an- oder abmelden.")
    change_participation(project, actor.member, taking_part)


def seed_fields_of_action() -> None:
    """The fields of action to start with (the coordinator manages the list afterwards)."""
    if db.session.scalars(select(FieldOfAction).limit(1)).first() is None:
        db.session.add_all(FieldOfAction(name=name) for name in DEFAULT_FIELDS_OF_ACTION)
        db.session.flush()
