"""Two-factor sign-in: a TOTP code from an authenticator app (RFC 6238, ``pyotp``) or a one-time
recovery code. Operations flush, never commit.

A TOTP code is accepted for its 30-second step and one step either side (clocks drift); the step
accepted last is kept per user, so a code cannot be used twice, not even by two requests at once.
Recovery codes are random enough that a plain SHA-256 is a safe way to keep them.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..clock import utcnow
from ..extensions import db
from ..security_log.operations import record
from .models import RecoveryCode, User

ISSUER = "AKN Intranet"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to mistake on paper
_RECOVERY_LENGTH = 10  # about 50 bits each
TOTP_DIGITS = 6
_SEPARATORS = re.compile(r"[\s-]+")


class CodeRefused(Exception):
    """A code that signs nobody in; the message is German text for the person who typed it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


WRONG = "Der Code ist nicht richtig."
USED = "Dieser Code wurde bereits verwendet."


def required_for(user: User) -> bool:
    """Whether this person may not use the intranet without a second factor (AKN_REQUIRE_2FA_FOR_COORDINATOR)."""
    return user.is_coordinator and current_app.config["AKN_REQUIRE_2FA_FOR_COORDINATOR"]


def must_enrol(user: User) -> bool:
    return required_for(user) and not user.has_two_factor


def new_secret() -> str:
    return pyotp.random_base32()


@dataclass
class Enrolment:
    """What the enrolment page shows for a secret: typed by hand, or scanned."""

    grouped: str
    uri: str
    qr_svg: Markup


def enrolment(user: User, secret: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4, title="QR-Code für die Authenticator-App")
    return Enrolment(" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)), uri, Markup(svg))  # noqa: S704 (segno's own SVG)


def _normal(code: str) -> str:
    return _SEPARATORS.sub("", code).lower()


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (now, or one either side) whose code this is."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    return next((step for step in (now - 1, now, now + 1) if secrets.compare_digest(totp.generate_otp(step), code)), None)


def confirm(user: User, secret: str, code: str) -> list[str]:
    """Turn two-factor sign-in on once a current code proves the app has the secret.

    Returns the new recovery codes to show once; earlier ones stop working. Browsers logged in
    without the second factor are logged out (the caller logs its own session in again).
    """
    step = _matching_step(secret, _normal(code))
    if step is None:
        raise CodeRefused(f"{WRONG} Prüfen Sie, ob die Uhrzeit Ihres Geräts stimmt, und geben Sie den aktuellen Code ein.")
    user.totp_secret, user.totp_last_step = secret, step
    user.end_sessions()
    codes = _new_recovery_codes(user)
    record("two_factor_enabled", actor=user, subject=user, detail="andere Anmeldungen beendet")
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    db.session.flush()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def verify(user: User, code: str) -> bool:
    """Spend a TOTP code or a recovery code of ``user``; True if it was a recovery code.

    Raises :class:`CodeRefused` for a wrong code or one used before (recorded as a failure; the
    caller counts it for throttling). Of two requests with the same code only one gets through.
    """
    typed = _normal(code)
    if len(typed) == TOTP_DIGITS and typed.isdigit():
        step = _matching_step(user.totp_secret, typed)
        if step is not None and _spend_step(user, step):
            return False
        problem = WRONG if step is None else USED
    else:
        if _spend_recovery_code(user, typed):
            record("recovery_code_used", actor=user, subject=user, detail=f"noch {remaining_recovery_codes(user)} übrig")
            return True
        used = db.session.scalar(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(typed))
        )
        problem = WRONG if used is None else USED
    record("two_factor_failed", actor=user, subject=user, detail="Code bereits verwendet" if problem == USED else "falscher Code")
    raise CodeRefused(problem)


def _spend_step(user: User, step: int) -> bool:
    spent = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount == 1:
        set_committed_value(user, "totp_last_step", step)
    return spent.rowcount == 1


def _spend_recovery_code(user: User, typed: str) -> bool:
    spent = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(typed), RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1


def disable(user: User, actor: User | str | None = None) -> None:
    """Two-factor sign-in off: the secret and the recovery codes are gone (turning it on again makes new ones).

    ``actor``: who did it if not the person (on the server, when app and codes are lost: a label).
    """
    user.totp_secret, user.totp_last_step = None, None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record("two_factor_disabled", actor=actor or user, subject=user)
