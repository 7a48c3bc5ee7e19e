"""Login throttling: too many failures for one address or from one IP lock it out for a while."""

from datetime import timedelta

from sqlalchemy import delete, func, select

from ..clock import utcnow
from ..extensions import db
from .models import LoginFailure

WINDOW = timedelta(minutes=15)
LIMITS = {"email": 5, "ip": 30}  # one person mistyping vs. one machine trying many addresses


def _keys(email: str, ip: str | None) -> dict[str, str]:
    return {"email": f"email:{email.strip().lower()}", "ip": f"ip:{ip or 'unbekannt'}"}


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


def clear(email: str) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _keys(email, None)["email"]))
