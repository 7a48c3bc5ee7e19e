"""The security log's table: one row per event, written in the same transaction as what it records."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime
from ..extensions import db

# Every event the intranet records, with its German name on the page (one table: the filter offers exactly these).
EVENT_LABELS = {
    "login": "Anmeldung",
    "login_failed": "Anmeldung fehlgeschlagen",
    "lockout": "Anmeldung gesperrt",
    "logout": "Abmeldung",
    "password_changed": "Passwort geändert",
    "password_set": "Passwort per Einladung festgelegt",
    "sessions_ended": "Anmeldungen beendet",
    "contact_invited": "Ansprechperson eingeladen",
    "contact_deactivated": "Ansprechperson deaktiviert",
    "contact_reactivated": "Ansprechperson reaktiviert",
    "rules_changed": "Geschäftsordnung geändert",
    "mail_resent": "E-Mail erneut gesendet",
    "two_factor_enabled": "Zwei-Faktor-Anmeldung eingeschaltet",
    "two_factor_disabled": "Zwei-Faktor-Anmeldung ausgeschaltet",
    "two_factor_failed": "Zwei-Faktor-Code abgelehnt",
    "recovery_code_used": "Wiederherstellungscode verwendet",
    "data_exported": "Daten exportiert",
    "contact_erased": "Ansprechperson gelöscht",
}
LABEL_MAX = 300
DETAIL_MAX = 500


class SecurityEvent(db.Model):
    """Who did what to whose access, when and from which address.

    ``actor_label`` keeps the person as shown at the time (or the address typed at a failed login),
    so the row still reads right after a rename or once the user row is gone (both keys then NULL).
    """

    __tablename__ = "security_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    event: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(LABEL_MAX), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(String(DETAIL_MAX), default="")

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_user_id])

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event)
