"""The alliance as OParl 1.1 objects (docs/architecture.md, "OParl").

What appears:

- one Body, the alliance; its Organizations are the Kooperationsforum (a "Gremium") and each joint
  project (a project is no meeting: it has no date and place to meet at);
- every forum that was planned is a Meeting of the Kooperationsforum with its name, time, place
  (a Location) and state. Its agenda items (with ``result`` and ``resolutionText``), the minutes as PDF
  and the attachments of the minutes' version appear only once the minutes are distributed: before
  that the sections are a draft;
- a project's distributed report is a Paper (``paperType`` "Bericht") under the direction of the
  project's Organization, with the report as PDF and its attachments;
- a person only after consenting on the Konto page; withdrawn (or erased), the Person stays as a
  deleted object without a name, so that clients that synchronise learn of it.

``modified`` is what a client needs to synchronise: the last transition of the forum or project, and
while it is planned also the last edit of its title, date or place. Agenda items, files and papers
appear with the distribution and never change afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from workflows.lifecycle import BERLIN, CANCELLED, DISTRIBUTED, NEW, PLANNED

from ..attachments.models import Attachment
from ..auth.models import ROLE_LABELS, User
from ..extensions import db
from ..forums.models import Forum
from ..lifecycle.models import Activity, HistoryEntry
from ..minutes import pdf
from ..minutes.models import MinutesVersion, Section
from ..notices.texts import contact_address
from ..projects.models import Project
from ..urls import external_url
from . import files
from .models import FileFigures

SCHEMA = "https://schema.oparl.org/1.1/"
ALLIANCE = "Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss"
BODY = "akn"  # the one body's key in its URL
FORUM_ORGANIZATION = "kooperationsforum"
# OParl recommends these states: invited from the invitation until the minutes are released.
INVITED, CONDUCTED = "eingeladen", "durchgeführt"
DECIDED = "Beschlossen"
# What the specification does not name carries a vendor prefix: the SHA-256 the intranet files each file under.
SHA256 = "akn:sha256Checksum"


def url(endpoint: str, **values: object) -> str:
    """An object's id: its own URL under ``AKN_BASE_URL``."""
    return external_url(f"oparl.{endpoint}", **values)


def moment(value: datetime) -> str:
    """ISO 8601 with the offset of Berlin, as OParl's examples write it: 2026-11-28T14:00:00+01:00."""
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def day(value: datetime) -> str:
    return value.astimezone(BERLIN).date().isoformat()


def changed_at(activity: Activity) -> datetime:
    """The last change OParl shows: the last transition; while planned, also an edit (``touched_at``)."""
    if activity.state == PLANNED and activity.touched_at and activity.touched_at > activity.state_since:
        return activity.touched_at
    return activity.state_since


def _listed(**lists: list) -> dict:
    """OParl recommends leaving out an empty list (unless the property is mandatory)."""
    return {name: items for name, items in lists.items() if items}


def _times(created: datetime | None, modified: datetime | None) -> dict:
    return {
        **({"created": moment(created)} if created else {}),
        **({"modified": moment(modified)} if modified else {}),
    }


@dataclass(frozen=True)
class Entry:
    """One object of a list: its place in the stable order, its times for the filters, how to build it."""

    order: tuple
    id: str
    created: datetime | None
    modified: datetime | None
    build: Callable[[], dict]


def system() -> dict:
    return {
        "id": url("system"),
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "name": "AKN Intranet",
        "body": url("bodies"),
        "contactEmail": contact_address(),
        "contactName": current_app.config["AKN_OPERATOR"],
    }


def body_list(name: str) -> str:
    return url("body_list", name=name)


def body() -> dict:
    return {
        "id": url("body"),
        "type": SCHEMA + "Body",
        "system": url("system"),
        "name": ALLIANCE,
        "shortName": "AKN im RKN",
        "classification": "Kommunale Kooperation",
        "contactEmail": contact_address(),
        "contactName": current_app.config["AKN_OPERATOR"],
        "organization": body_list("organizations"),
        "person": body_list("people"),
        "meeting": body_list("meetings"),
        "paper": body_list("papers"),
        "agendaItem": body_list("agenda-items"),
        "file": body_list("files"),
        "locationList": body_list("locations"),
        "legislativeTerm": [],  # the alliance has no terms of office
    }


def forum_organization_url() -> str:
    return url("organization", key=FORUM_ORGANIZATION)


def _forum_organization() -> dict:
    return {
        "id": forum_organization_url(),
        "type": SCHEMA + "Organization",
        "body": url("body"),
        "name": "Kooperationsforum",
        "organizationType": "Gremium",
        "classification": "Kooperationsforum der Ansprechpartner*innen der Mitglieder",
        "meeting": body_list("meetings"),  # every meeting is one of the forum
    }


def project_organization_url(project: Project) -> str:
    return url("organization", key=f"projekt-{project.id}")


class Catalogue:
    """Everything OParl shows, loaded once per request by a few flat queries."""

    @cached_property
    def forums(self) -> list[Forum]:
        query = select(Forum).where(Forum.state != NEW).order_by(Forum.id).options(
            selectinload(Forum.sections).selectinload(Section.decision_items),
            selectinload(Forum.versions).selectinload(MinutesVersion.attachments),
            joinedload(Forum.calendar_entry),  # one row each: no query of its own
        )
        return list(db.session.scalars(query))

    @cached_property
    def projects(self) -> list[Project]:
        query = select(Project).where(Project.state != NEW).order_by(Project.id).options(
            selectinload(Project.versions).selectinload(MinutesVersion.attachments)
        )
        return list(db.session.scalars(query))

    @cached_property
    def _created(self) -> dict[int, datetime]:
        """When each forum or project came into being: its first history row (planned or recorded)."""
        query = select(HistoryEntry.activity_id, func.min(HistoryEntry.created_at)).group_by(HistoryEntry.activity_id)
        return {activity_id: first for activity_id, first in db.session.execute(query)}

    @cached_property
    def people(self) -> list[User]:
        """Everyone who ever chose to appear (those who withdrew appear as deleted)."""
        query = select(User).where(User.oparl_changed_at.is_not(None)).order_by(User.id).options(selectinload(User.member))
        return list(db.session.scalars(query))

    @cached_property
    def figures(self) -> dict[str, FileFigures]:
        """Sizes and checksums of the files, as ``akn tick`` worked them out (oparl/files.py)."""
        return files.known_figures()

    def created(self, activity: Activity) -> datetime:
        return self._created.get(activity.id, activity.state_since)

    # the lists of the body ---------------------------------------------------------------------------

    def entries(self, name: str) -> list[Entry]:
        return {
            "bodies": self.bodies, "organizations": self.organizations, "meetings": self.meetings,
            "agenda-items": self.agenda_items, "papers": self.papers, "files": self.files,
            "locations": self.locations, "people": self.persons, "memberships": self.memberships,
        }[name]()

    def bodies(self) -> list[Entry]:
        return [Entry((0,), url("body"), None, None, body)]

    def organizations(self) -> list[Entry]:
        forum = Entry((0, 0), forum_organization_url(), None, None, _forum_organization)
        return [forum] + [
            Entry((1, p.id), project_organization_url(p), self.created(p), changed_at(p), lambda p=p: self.organization(p))
            for p in self.projects
        ]

    def meetings(self) -> list[Entry]:
        return [
            Entry((f.id,), url("item", kind="meeting", item_id=f.id), self.created(f), changed_at(f),
                  lambda f=f: self.meeting(f))
            for f in self.forums
        ]

    def locations(self) -> list[Entry]:
        return [
            Entry((f.id,), url("item", kind="location", item_id=f.id), self.created(f), changed_at(f),
                  lambda f=f: self.location(f))
            for f in self.forums
        ]

    def _distributed(self, activities: list[Activity]) -> list[Activity]:
        return [a for a in activities if _has_distributed_document(a)]

    def agenda_items(self) -> list[Entry]:
        return [
            Entry((s.id,), url("item", kind="agenda-item", item_id=s.id), f.state_since, f.state_since,
                  lambda f=f, s=s: self.agenda_item(f, s))
            for f in self._distributed(self.forums)
            for s in f.sections
        ]

    def papers(self) -> list[Entry]:
        return [
            Entry((p.id,), url("item", kind="paper", item_id=p.id), p.state_since, p.state_since,
                  lambda p=p: self.paper(p))
            for p in self._distributed(self.projects)
        ]

    def _published_files(self) -> list[tuple[Activity, MinutesVersion | Attachment, str]]:
        """Each distributed document's PDF and the attachments of its version, with the File's id."""
        found = []
        for activity in self._distributed(self.forums) + self._distributed(self.projects):
            version = activity.current_version
            found.append((activity, version, document_file_url(version)))
            found += [(activity, attachment, attachment_file_url(attachment)) for attachment in version.attachments]
        return found

    def files(self) -> list[Entry]:
        return [
            Entry((0, thing.id) if isinstance(thing, MinutesVersion) else (1, thing.id), file_id, a.state_since,
                  a.state_since, lambda a=a, thing=thing: self.file(a, thing))
            for a, thing, file_id in self._published_files()
        ]

    def file_source(self, file_id: str) -> tuple[Activity, MinutesVersion | Attachment] | None:
        """What the File ``file_id`` is, if OParl shows it."""
        return next(((a, thing) for a, thing, found in self._published_files() if found == file_id), None)

    def file(self, activity: Activity, thing: MinutesVersion | Attachment) -> dict:
        if isinstance(thing, MinutesVersion):
            return self.document_file(activity)
        return self.attachment_file(activity, thing)

    def persons(self) -> list[Entry]:
        return [
            Entry((u.id,), url("item", kind="person", item_id=u.id), u.oparl_published_at, _person_changed(u),
                  lambda u=u: person(u))
            for u in self.people
        ]

    def memberships(self) -> list[Entry]:
        """Not a list of the body (they are inside the persons), but each is an object of its own."""
        return [
            Entry((u.id,), url("item", kind="membership", item_id=u.id), u.oparl_published_at, _person_changed(u),
                  lambda u=u: membership(u))
            for u in self.people
        ]

    def find(self, name: str, object_id: str) -> Entry | None:
        return next((entry for entry in self.entries(name) if entry.id == object_id), None)

    # the objects -------------------------------------------------------------------------------------

    def organization(self, project: Project) -> dict:
        return {
            "id": project_organization_url(project),
            "type": SCHEMA + "Organization",
            "body": url("body"),
            "name": project.title,
            "organizationType": "Sonstiges",
            "classification": f"Gemeinsames Projekt ({project.kind_label})",
            "startDate": day(project.starts_at),
            **({"endDate": project.ends_on.isoformat()} if project.ends_on else {}),
            **_times(self.created(project), changed_at(project)),
        }

    def location(self, forum: Forum, embedded: bool = False) -> dict:
        return {
            "id": url("item", kind="location", item_id=forum.id),
            "type": SCHEMA + "Location",
            "description": forum.place,
            **({} if embedded else {"meetings": [url("item", kind="meeting", item_id=forum.id)]}),
            **_times(self.created(forum), changed_at(forum)),
        }

    def meeting(self, forum: Forum) -> dict:
        found = {
            "id": url("item", kind="meeting", item_id=forum.id),
            "type": SCHEMA + "Meeting",
            "name": forum.title,
            "meetingState": CONDUCTED if forum.state == DISTRIBUTED else INVITED,
            "cancelled": forum.state == CANCELLED,
            "start": moment(forum.starts_at),
            "end": moment(forum.ends_at),
            "location": self.location(forum, embedded=True),
            "organization": [forum_organization_url()],
            **_times(self.created(forum), changed_at(forum)),
        }
        if _has_distributed_document(forum):
            found["resultsProtocol"] = self.document_file(forum, embedded=True)
            loose = [a for a in _attachments(forum) if a.section_id is None]  # not on one agenda item
            found |= _listed(
                auxiliaryFile=[self.attachment_file(forum, a, embedded=True) for a in loose],
                agendaItem=[self.agenda_item(forum, s, embedded=True) for s in forum.sections],
            )
        return found

    def agenda_item(self, forum: Forum, section: Section, embedded: bool = False) -> dict:
        resolution = resolution_text(section)
        attachments = [a for a in _attachments(forum) if a.section_id == section.id]
        return {
            "id": url("item", kind="agenda-item", item_id=section.id),
            "type": SCHEMA + "AgendaItem",
            **({} if embedded else {"meeting": url("item", kind="meeting", item_id=forum.id)}),
            "number": f"TOP {section.position}",
            "order": section.position,
            "name": section.title,
            **({"result": DECIDED, "resolutionText": resolution} if resolution else {}),
            **_listed(auxiliaryFile=[self.attachment_file(forum, a, embedded=True) for a in attachments]),
            **_times(forum.state_since, forum.state_since),
        }

    def paper(self, project: Project) -> dict:
        return {
            "id": url("item", kind="paper", item_id=project.id),
            "type": SCHEMA + "Paper",
            "body": url("body"),
            "name": f"{project.kind_spec.document.name}: {project.title}",
            "date": day(project.state_since),
            "paperType": project.kind_spec.document.name,
            "mainFile": self.document_file(project, embedded=True),
            **_listed(auxiliaryFile=[self.attachment_file(project, a, embedded=True) for a in _attachments(project)]),
            "underDirectionOf": [project_organization_url(project)],
            **_times(project.state_since, project.state_since),
        }

    def _parent(self, activity: Activity) -> dict:
        """The back reference of a file that is not shown inside its parent."""
        if activity.kind == "forum":
            return {"meeting": [url("item", kind="meeting", item_id=activity.id)]}
        return {"paper": [url("item", kind="paper", item_id=activity.id)]}

    def document_file(self, activity: Activity, embedded: bool = False) -> dict:
        version = activity.current_version
        figures = self.figures.get(files.document_key(version))
        key = f"protokoll-{version.id}"
        return {
            "id": document_file_url(version),
            "type": SCHEMA + "File",
            "name": f"{activity.kind_spec.document.name} {activity.title}",
            "fileName": pdf.filename(version),
            "mimeType": "application/pdf",
            "date": day(version.submitted_at),
            **({"size": figures.size, "sha512Checksum": figures.sha512, SHA256: figures.sha256} if figures else {}),
            "accessUrl": url("file_content", key=key, how="datei"),
            "downloadUrl": url("file_content", key=key, how="download"),
            **({} if embedded else self._parent(activity)),
            **_times(activity.state_since, activity.state_since),
        }

    def attachment_file(self, activity: Activity, attachment: Attachment, embedded: bool = False) -> dict:
        figures = self.figures.get(files.attachment_key(attachment))
        key = f"anlage-{attachment.id}"
        parent = self._parent(activity)
        if attachment.section_id is not None and activity.kind == "forum":
            parent["agendaItem"] = [url("item", kind="agenda-item", item_id=attachment.section_id)]
        return {
            "id": attachment_file_url(attachment),
            "type": SCHEMA + "File",
            "name": Path(attachment.filename).stem or attachment.filename,
            "fileName": attachment.filename,
            "mimeType": attachment.content_type,
            "date": day(attachment.uploaded_at),
            "size": attachment.size,
            **({"sha512Checksum": figures.sha512} if figures else {}),
            SHA256: attachment.sha256,
            "accessUrl": url("file_content", key=key, how="datei"),
            "downloadUrl": url("file_content", key=key, how="download"),
            **({} if embedded else parent),
            **_times(activity.state_since, activity.state_since),
        }


def _has_distributed_document(activity: Activity) -> bool:
    """Only then do its agenda items, files and report appear."""
    return activity.state == DISTRIBUTED and activity.current_version is not None


def document_file_url(version: MinutesVersion) -> str:
    return url("file", key=f"protokoll-{version.id}")


def attachment_file_url(attachment: Attachment) -> str:
    return url("file", key=f"anlage-{attachment.id}")


def _attachments(activity: Activity) -> list[Attachment]:
    """The files of the distributed version: what was approved, nothing added or removed since."""
    return list(activity.current_version.attachments)


def resolution_text(section: Section) -> str:
    """The section's decisions as entered one by one; where there are none, its free-text decisions."""
    items = [d.text.strip() for d in section.decision_items if d.text.strip()]
    if len(items) > 1:
        return "\n\n".join(f"{number}. {text}" for number, text in enumerate(items, start=1))
    return items[0] if items else section.decisions.strip()


# persons -------------------------------------------------------------------------------------------------

def _person_changed(user: User) -> datetime:
    return max(filter(None, (user.oparl_changed_at, user.erased_at)))


def published(user: User) -> bool:
    return user.oparl_consent and user.erased_at is None


def _deleted(user: User, kind: str) -> dict:
    """OParl never simply drops an object: id, type and created stay, ``deleted`` says it is gone."""
    return {
        "id": url("item", kind=kind, item_id=user.id),
        "type": SCHEMA + kind.capitalize(),
        "deleted": True,
        **_times(user.oparl_published_at, _person_changed(user)),
    }


def membership(user: User, embedded: bool = False) -> dict:
    if not published(user):
        return _deleted(user, "membership")
    role = ROLE_LABELS.get(user.role, user.role)
    return {
        "id": url("item", kind="membership", item_id=user.id),
        "type": SCHEMA + "Membership",
        **({} if embedded else {"person": url("item", kind="person", item_id=user.id)}),
        "organization": forum_organization_url(),
        "role": f"{role} ({user.affiliation})" if user.affiliation else role,
        **_times(user.oparl_published_at, _person_changed(user)),
    }


def person(user: User) -> dict:
    if not published(user):
        return _deleted(user, "person")
    return {
        "id": url("item", kind="person", item_id=user.id),
        "type": SCHEMA + "Person",
        "body": url("body"),
        "name": user.name,
        "membership": [membership(user, embedded=True)],
        **_times(user.oparl_published_at, _person_changed(user)),
    }

