"""Joint projects: district-wide measures, events, brochures, campaigns on the shared lifecycle."""

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..lifecycle.models import Activity
from ..members.models import Member
from .kind import PROJECT_KIND  # noqa: F401  registers the kind with its model

PROJECT_KINDS = {
    "measure": "Maßnahme",
    "event": "Veranstaltung",
    "brochure": "Broschüre",
    "campaign": "Kampagne",
    "other": "Sonstiges",
}
# The 17 goals of the Agenda 2030 with their official German short names.
SDGS = {
    1: "Keine Armut",
    2: "Kein Hunger",
    3: "Gesundheit und Wohlergehen",
    4: "Hochwertige Bildung",
    5: "Geschlechtergleichheit",
    6: "Sauberes Wasser und Sanitäreinrichtungen",
    7: "Bezahlbare und saubere Energie",
    8: "Menschenwürdige Arbeit und Wirtschaftswachstum",
    9: "Industrie, Innovation und Infrastruktur",
    10: "Weniger Ungleichheiten",
    11: "Nachhaltige Städte und Gemeinden",
    12: "Nachhaltige/r Konsum und Produktion",
    13: "Maßnahmen zum Klimaschutz",
    14: "Leben unter Wasser",
    15: "Leben an Land",
    16: "Frieden, Gerechtigkeit und starke Institutionen",
    17: "Partnerschaften zur Erreichung der Ziele",
}


def unknown_goals_message(numbers: list[int]) -> str:
    """The complaint about numbers that are no SDG ("" when all are): form and operation say the same."""
    unknown = sorted(set(numbers) - set(SDGS))
    return f"Unbekanntes Nachhaltigkeitsziel: {', '.join(map(str, unknown))}. Es gibt die SDGs 1 bis 17." if unknown else ""


REPORT_SECTIONS = ["Ergebnisse", "Wirkung und Kennzahlen", "Erfahrungen und nächste Schritte"]
DEFAULT_FIELDS_OF_ACTION = ["Klimaschutz", "Klimaanpassung", "Energie", "Mobilität", "Nachhaltige Entwicklung"]

project_participants = Table(
    "project_participants",
    db.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("member_id", ForeignKey("members.id"), primary_key=True),
)
project_fields = Table(
    "project_fields",
    db.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("field_id", ForeignKey("fields_of_action.id"), primary_key=True),
)


class FieldOfAction(db.Model):
    """Handlungsfeld: a list the coordinator manages."""

    __tablename__ = "fields_of_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(default=True)


class ProjectGoal(db.Model):
    """One SDG a project serves."""

    __tablename__ = "project_goals"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)

    @property
    def label(self) -> str:
        return f"SDG {self.number}: {SDGS[self.number]}"


class Project(Activity):
    __tablename__ = "projects"
    __mapper_args__ = {"polymorphic_identity": "project"}

    id: Mapped[int] = mapped_column(ForeignKey("activities.id"), primary_key=True)
    description: Mapped[str] = mapped_column(Text, default="")
    project_kind: Mapped[str] = mapped_column(String(20), default="measure")
    lead_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    ends_on: Mapped[date | None] = mapped_column(Date)

    lead: Mapped[Member] = relationship()
    participants: Mapped[list[Member]] = relationship(secondary=project_participants)
    fields_of_action: Mapped[list[FieldOfAction]] = relationship(secondary=project_fields, order_by=FieldOfAction.name)
    goals: Mapped[list[ProjectGoal]] = relationship(order_by=ProjectGoal.number, cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return PROJECT_KINDS[self.project_kind]

    @property
    def responsible_member(self) -> Member:
        return self.lead

    @property
    def responsible_member_id(self) -> int:
        return self.lead_member_id

    @property
    def active_participants(self) -> list[Member]:
        return sorted((m for m in self.participants if m.active), key=lambda m: m.sort_key)

    def approving_members(self) -> list[Member]:
        """The members taking part, whatever the rules: a project concerns only them."""
        return self.active_participants
