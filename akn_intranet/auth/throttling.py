"""Password throttling (login and the current-password check): failures are kept in the database,
so the limits hold across all worker processes.

Failures count per address *and* IP, so a stranger guessing from elsewhere cannot lock a person
out of their own machine; a per-IP cap stops one machine trying many addresses.
"""

import hashlib
from datetime import timedelta

from sqlalchemy import delete, func, select

from ..clock import utcnow
from ..extensions import db
from .models import LoginFailure

WINDOW = timedelta(minutes=15)
LIMITS = {"pair": 5, "ip": 30}  # one person mistyping vs. one machine trying many addresses
LOCKED_MESSAGE = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut."


def _keys(email: str, ip: str | None) -> dict[str, str]:
    address, machine = email.strip().lower(), ip or "unbekannt"
    pair = hashlib.sha256(f"{address}|{machine}".encode()).hexdigest()  # fits the column whatever the address
    return {"pair": f"pair:{pair}", "ip": f"ip:{machine}"}


def is_locked(email: str, ip: str | None) -> bool:
    since = utcnow() - WINDOW
    for kind, key in _keys(email, ip).items():
        failures = db.session.scalar(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key, LoginFailure.created_at > since)
        )
        if failures >= LIMITS[kind]:
            return True
    return False


def record_failure(email: str, ip: str | None) -> None:
    now = utcnow()
    db.session.add_all(LoginFailure(key=key, created_at=now) for key in _keys(email, ip).values())
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at < now - WINDOW))  # keep it small
    db.session.flush()


def clear(email: str, ip: str | None) -> None:
    """The right password from this machine: its earlier typos no longer count."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _keys(email, ip)["pair"]))
