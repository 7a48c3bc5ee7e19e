"""Password and code throttling (login, its second step, the current-password check): failures are
kept in the database, so the limits hold across all worker processes.

Failures count per address *and* IP, so a stranger guessing from elsewhere cannot lock a person
out of their own machine; a per-IP cap stops one machine trying many addresses. A wrong two-factor
code counts like a wrong password and also per account from every machine: whoever gets that far
knows the password, and a cap per IP alone would let many machines share out the million codes.
"""

import hashlib
from datetime import timedelta

from sqlalchemy import delete, func, select

from ..clock import utcnow
from ..extensions import db
from ..security_log.operations import record
from .models import LoginFailure

WINDOW = timedelta(minutes=15)
# one person mistyping vs. one machine trying many addresses vs. many machines trying one account's codes
LIMITS = {"pair": 5, "ip": 30, "code": 10}
LOCKED_MESSAGE = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut."
LOCKOUT_DETAILS = {
    "pair": "zu viele Fehlversuche für diese Adresse von dieser IP",
    "ip": "zu viele Fehlversuche von dieser IP",
    "code": "zu viele falsche Codes für diesen Zugang",
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()  # fits the column whatever the address


def _keys(email: str, ip: str | None, code: bool) -> dict[str, str]:
    address, machine = email.strip().lower(), ip or "unbekannt"
    keys = {"pair": f"pair:{_digest(f'{address}|{machine}')}", "ip": f"ip:{machine}"}
    if code:
        keys["code"] = f"code:{_digest(address)}"
    return keys


def _failures(key: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key, LoginFailure.created_at > utcnow() - WINDOW)
    )


def is_locked(email: str, ip: str | None, *, code: bool = False) -> bool:
    """Whether to refuse before checking: a password (``code`` False) or a two-factor code (True)."""
    return any(_failures(key) >= LIMITS[kind] for kind, key in _keys(email, ip, code).items())


def record_failure(email: str, ip: str | None, *, code: bool = False) -> None:
    """Count a wrong password or code; the failure that reaches a limit is logged as a lockout, once."""
    now = utcnow()
    keys = _keys(email, ip, code)
    db.session.add_all(LoginFailure(key=key, created_at=now) for key in keys.values())
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at < now - WINDOW))  # keep it small
    db.session.flush()
    reached = [kind for kind, key in keys.items() if _failures(key) == LIMITS[kind]]
    if reached:
        record("lockout", actor=email, detail=f"Für 15 Minuten gesperrt: {LOCKOUT_DETAILS[reached[0]]}.")


def clear(email: str, ip: str | None, *, code: bool = False) -> None:
    """The right password (or code) from this machine: its earlier typos no longer count. The account's
    code failures go only with the right code, so knowing the password does not buy new guesses."""
    keys = _keys(email, ip, code)
    keys.pop("ip")
    db.session.execute(delete(LoginFailure).where(LoginFailure.key.in_(keys.values())))
