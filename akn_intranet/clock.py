"""Time in one place: stored as UTC, shown in Europe/Berlin.

The clock is read through the app config (``AKN_CLOCK``) so that tests and the
demo can say "it is now two days after the forum" without patching modules.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

BERLIN = ZoneInfo("Europe/Berlin")


def system_utcnow() -> datetime:
    return datetime.now(UTC)


def utcnow() -> datetime:
    if has_app_context():
        return current_app.config["AKN_CLOCK"]()
    return system_utcnow()


def local_today() -> date:
    """Due dates and membership dates are German calendar days, not UTC ones."""
    return to_local(utcnow()).date()


def local_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BERLIN).astimezone(UTC)


def local_year(year: int) -> tuple[datetime, datetime]:
    """A German calendar year as UTC instants, [start, end): what the register's and the search's year filter mean."""
    return local_to_utc(date(year, 1, 1), time.min), local_to_utc(date(year + 1, 1, 1), time.min)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)
