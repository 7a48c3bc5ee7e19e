"""Argon2id password hashes, rehashed on login when the parameters change."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from .models import User


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["AKN_ARGON2_TIME_COST"],
        memory_cost=current_app.config["AKN_ARGON2_MEMORY_COST"],
    )


def set_password(user: User, password: str) -> None:
    user.password_hash = _hasher().hash(password)


def check_password(user: User | None, password: str) -> bool:
    """Verify, spending the same effort for unknown users so timing reveals nothing."""
    hasher = _hasher()
    if user is None or not user.password_hash:
        hasher.hash(password)
        return False
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return True
