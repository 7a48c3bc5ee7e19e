"""Retention (``akn tick``): what is kept only for a while is removed when its time is up.

The periods are settings (``AKN_KEEP_*_DAYS``, shown in the Datenschutzhinweise); each step is
idempotent and touches only what is due.
"""

from collections import Counter
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, update

from ..extensions import db
from ..mail.models import SENT, OutboxMessage
from ..security_log.models import SecurityEvent

# Sign-in records: kept for the sign-in period; every other security event for the security log's.
SIGN_IN_EVENTS = ("login", "login_failed", "lockout", "logout", "two_factor_failed")


def apply_retention(now: datetime) -> Counter:
    days = current_app.config["AKN_RETENTION_DAYS"]
    mail_bodies = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == SENT, OutboxMessage.sent_at < now - timedelta(days=days["mail"]),
               OutboxMessage.body_text != "")
        .values(body_text="", body_html="", calendar=None)
    ).rowcount
    sign_ins = db.session.execute(
        delete(SecurityEvent).where(SecurityEvent.event.in_(SIGN_IN_EVENTS),
                                    SecurityEvent.created_at < now - timedelta(days=days["logins"]))
    ).rowcount
    others = db.session.execute(
        delete(SecurityEvent).where(SecurityEvent.event.not_in(SIGN_IN_EVENTS),
                                    SecurityEvent.created_at < now - timedelta(days=days["security_log"]))
    ).rowcount
    return Counter({"mail_bodies": mail_bodies, "sign_ins": sign_ins, "security_events": others})
