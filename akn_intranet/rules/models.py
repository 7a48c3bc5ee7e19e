"""The rules of procedure (Geschäftsordnung): the adopted text and the settings the software obeys."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db
from ..members.models import Member

PRESENT = "present"
ALL = "all"
MAJORITY = "majority"
TACIT = "tacit"
APPROVAL_RULES = {
    PRESENT: "Alle anwesenden (bzw. beteiligten) Mitglieder genehmigen",
    ALL: "Alle Mitglieder genehmigen",
    MAJORITY: "Die Mehrheit der Mitglieder genehmigt",
    TACIT: "Stillschweigende Genehmigung, wenn bis zur Frist keine Änderung angefordert wird",
}
DEFAULT_FORUM_DURATION = 180  # minutes: a Kooperationsforum takes an afternoon


class RulesVersion(db.Model):
    """One adopted state of the rules; a change adds a row, so who changed what when is kept."""

    __tablename__ = "rules_versions"
    __table_args__ = (
        CheckConstraint("approval_deadline_days > 0", name="approval_deadline_positive"),
        CheckConstraint("minutes_due_days > 0", name="minutes_due_positive"),
        CheckConstraint("invitation_lead_days > 0", name="invitation_lead_positive"),
        CheckConstraint("contacts_per_member > 0", name="contacts_positive"),
        CheckConstraint("forum_duration_minutes > 0", name="forum_duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    approval_rule: Mapped[str] = mapped_column(String(20), default=PRESENT)
    approval_deadline_days: Mapped[int] = mapped_column(default=14)
    minutes_due_days: Mapped[int] = mapped_column(default=14)
    invitation_lead_days: Mapped[int] = mapped_column(default=14)
    contacts_per_member: Mapped[int] = mapped_column(default=2)
    # How long a forum lasts unless its own form says otherwise: the end of its calendar entry.
    forum_duration_minutes: Mapped[int] = mapped_column(
        default=DEFAULT_FORUM_DURATION, server_default=str(DEFAULT_FORUM_DURATION)
    )
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")  # what changed, in the coordinator's words

    changed_by: Mapped[User | None] = relationship()

    @property
    def approval_rule_label(self) -> str:
        return APPROVAL_RULES[self.approval_rule]


class DistributionAddress(db.Model):
    """An extra address of a member (e.g. the mayor's office) that receives distributed documents only."""

    __tablename__ = "distribution_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    label: Mapped[str] = mapped_column(String(120), default="")

    member: Mapped[Member] = relationship()


RULES_CACHE = "akn_current_rules"


def current_rules(session: Session | None = None) -> RulesVersion:
    """The rules in force: the latest version, or the defaults before any were adopted.

    Read once per transaction: the dashboard asks for every activity it shows (no N+1).
    """
    session = session or db.session
    cached = session.info.get(RULES_CACHE)
    if cached is not None and not any(isinstance(o, RulesVersion) for o in session.new):
        return cached
    latest = session.scalars(select(RulesVersion).order_by(RulesVersion.id.desc()).limit(1)).first()
    rules = latest or RulesVersion(
        text="", approval_rule=PRESENT, approval_deadline_days=14, minutes_due_days=14,
        invitation_lead_days=14, contacts_per_member=2, forum_duration_minutes=DEFAULT_FORUM_DURATION,
    )
    session.info[RULES_CACHE] = rules
    return rules


@event.listens_for(Session, "after_flush")
def _forget_replaced_rules(session: Session, _context: object) -> None:
    if any(isinstance(o, RulesVersion) for o in session.new):
        session.info.pop(RULES_CACHE, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_rules_after_transaction(session: Session, transaction: object) -> None:
    if transaction.parent is None:  # commit, rollback or close: the next transaction reads them again
        session.info.pop(RULES_CACHE, None)
