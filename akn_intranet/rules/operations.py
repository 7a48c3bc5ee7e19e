"""Changing the rules of procedure: every change is a new version, so the page shows who changed what when."""

from dataclasses import dataclass

from sqlalchemy import select

from ..auth.models import User
from ..clock import utcnow
from ..extensions import db
from ..mail.operations import header_safe
from ..members.models import Member
from ..security_log.operations import record
from .models import APPROVAL_RULES, DistributionAddress, RulesVersion, current_rules

FIRST_TEXT = """# Geschäftsordnung der Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss

*Entwurf – von den Ansprechpartner\\*innen im ersten Kooperationsforum zu beschließen.*

1. **Form der Zusammenarbeit.** Die Mitglieder sind gleichberechtigte Partner. Jede Verwaltung benennt
   eine oder zwei Ansprechpersonen. Das Kooperationsforum tagt vierteljährlich und nach Bedarf, reihum
   bei den Kommunen in alphabetischer Reihenfolge; der Gastgeber führt das Protokoll.
2. **Sicherung der Ergebnisse.** Das Protokoll wird den Mitgliedern zur Genehmigung vorgelegt, wie in
   den Einstellungen unten festgelegt. Aufgaben werden mit Verantwortlichen und Fristen festgehalten.
3. **Weitergabe der Informationen.** Die Koordination verteilt genehmigte Protokolle und Berichte an alle
   Ansprechpersonen und an die Verteiler der Mitglieder.
"""


@dataclass
class Settings:
    text: str
    approval_rule: str
    approval_deadline_days: int
    minutes_due_days: int
    invitation_lead_days: int
    contacts_per_member: int
    forum_duration_minutes: int | None = None  # None: unchanged


def _new_version(actor: User | None, note: str, **changes: object) -> RulesVersion:
    current = current_rules()
    values = {field: getattr(current, field) for field in Settings.__dataclass_fields__}
    values.update({field: value for field, value in changes.items() if value is not None})
    if values["approval_rule"] not in APPROVAL_RULES:
        raise ValueError(f"unknown approval rule {values['approval_rule']!r}")
    version = RulesVersion(**values, changed_at=utcnow(), changed_by=actor, note=note.strip())
    db.session.add(version)
    db.session.flush()
    if actor is not None:  # a person's change, not the draft the set-up seeds
        record("rules_changed", actor=actor, detail=version.note)
    return version


def adopt(actor: User, settings: Settings, note: str) -> RulesVersion:
    """Record a change of the text or the settings as a new version."""
    return _new_version(actor, note, **vars(settings))


def seed_rules() -> None:
    """The draft to start from, so the page is never empty."""
    if db.session.scalars(select(RulesVersion).limit(1)).first() is None:
        _new_version(None, "Entwurf angelegt", text=FIRST_TEXT)


def add_distribution_address(actor: User, member: Member, email: str, label: str) -> DistributionAddress:
    address = DistributionAddress(member=member, email=header_safe(email.strip().lower()), label=label.strip())
    db.session.add(address)
    _new_version(actor, f"Verteiler von {member.name}: {address.email} hinzugefügt")
    return address


def remove_distribution_address(actor: User, address: DistributionAddress) -> None:
    db.session.delete(address)
    _new_version(actor, f"Verteiler von {address.member.name}: {address.email} entfernt")
