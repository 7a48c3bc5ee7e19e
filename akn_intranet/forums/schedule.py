"""The quarterly schedule: a year's regular forums, proposed and then planned in one step.

One forum per quarter, on the n-th chosen weekday of the quarter's middle month, hosted in
turn (membership dates respected). Each is planned through ``plan_forum`` like any other, so
each sends its invitation and can be edited afterwards; extraordinary forums ("nach Bedarf")
go through the normal plan form and simply take the next turn.

A public holiday in North Rhine-Westphalia (the ``holidays`` library, subdivision NW) is never
proposed: such a date moves to the same weekday one week later (again, if that is one too), and
the row says which date moved and why.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from sqlalchemy import select

from workflows.lifecycle import CANCELLED, Vetoed

from ..action_items.operations import agenda_lines as open_item_lines
from ..auth.models import User
from ..clock import local_to_utc, to_local, utcnow
from ..extensions import db
from ..members.models import Member
from ..transactions import StaleForm
from .models import Forum
from .operations import ForumDetails, next_number, plan_forum
from .rotation import hosts_for

QUARTERS = (1, 2, 3, 4)
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
WEEKS = {1: "erster", 2: "zweiter", 3: "dritter", 4: "vierter"}
MIDDLE_MONTHS = {1: "Februar", 2: "Mai", 3: "August", 4: "November"}
WEEKDAY_ABBREVIATIONS = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]

# Every forum's agenda opens with the last minutes and what is still to be done.
PREVIOUS_MINUTES = "Genehmigung/Kenntnisnahme des Protokolls der letzten Sitzung"
OPEN_ITEMS = "Offene Aufgaben"
CLOSING_ITEMS = ["Berichte aus den Mitgliedern", "Verschiedenes"]


def default_agenda() -> list[str]:
    """The standing agenda of every planned forum, single or by the year: the open decided items
    follow "Offene Aufgaben", one per line."""
    return [PREVIOUS_MINUTES, OPEN_ITEMS, *open_item_lines(), *CLOSING_ITEMS]


def middle_month(quarter: int) -> int:
    return 3 * quarter - 1


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (0 = Monday) of a month; n ≤ 4 always exists."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first.replace(day=1 + offset + 7 * (n - 1))


@lru_cache(maxsize=16)
def nrw_holidays(year: int) -> dict[date, str]:
    """The public holidays of North Rhine-Westphalia in a year, with their German names."""
    return dict(holidays.country_holidays("DE", subdiv="NW", years=year, language="de"))


def holiday_name(day: date) -> str:
    """The German name of the NRW public holiday on ``day``, or "" on a working day."""
    return nrw_holidays(day.year).get(day, "")


def german_day(day: date) -> str:
    """``Do., 1. Mai 2025``: how the moved dates are named."""
    return f"{WEEKDAY_ABBREVIATIONS[day.weekday()]}, {day.day}. {MONTHS[day.month - 1]} {day.year}"


def avoiding_holidays(day: date) -> tuple[date, str]:
    """The day itself, or, if it is a public holiday in NRW, the same weekday a week later (again as
    long as that is a holiday too), with the German sentence that says what moved and why."""
    moved_from = []
    while name := holiday_name(day):
        moved_from.append(f"{german_day(day)} ({name}, Feiertag in NRW)")
        day += timedelta(weeks=1)
    if not moved_from:
        return day, ""
    return day, f"Statt {' und '.join(moved_from)} vorgeschlagen: {german_day(day)}."


@dataclass(frozen=True)
class ScheduleChoice:
    """What the coordinator picks: the year, the pattern of the dates and the quarters."""

    year: int
    weekday: int = 2  # Wednesday
    week: int = 2
    at: time = time(14, 0)
    quarters: tuple[int, ...] = QUARTERS


@dataclass
class ProposedForum:
    """One quarter of the proposal; ``skipped`` says in German why it will not be planned."""

    quarter: int
    day: date
    starts_at: datetime
    existing: list[Forum] = field(default_factory=list)
    host: Member | None = None
    skipped: str = ""
    moved: str = ""  # why the regular date was not proposed (a public holiday), in German

    @property
    def plannable(self) -> bool:
        return not self.skipped

    @property
    def place(self) -> str:
        return f"{self.host.name} (genauer Ort folgt)" if self.host else ""


def forums_in_quarter(year: int, quarter: int) -> list[Forum]:
    """Forums (not cancelled) already set for that quarter, in Berlin time."""
    start = local_to_utc(date(year, 3 * quarter - 2, 1), time(0, 0))
    end = local_to_utc(date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1), time(0, 0))
    query = select(Forum).where(Forum.state != CANCELLED, Forum.starts_at >= start, Forum.starts_at < end)
    return list(db.session.scalars(query.order_by(Forum.starts_at)))


def free_quarters(year: int) -> tuple[int, ...]:
    """The quarters of a year without a forum yet: what the page proposes by default."""
    return tuple(q for q in QUARTERS if not forums_in_quarter(year, q))


def default_year(now: datetime | None = None) -> int:
    """From October on, next year is the one to plan; before, the current one."""
    today = to_local(now or utcnow()).date()
    return today.year + 1 if today.month >= 10 else today.year


def propose(choice: ScheduleChoice, now: datetime | None = None) -> list[ProposedForum]:
    """The four quarters with date and host; a holiday moves a week on; past dates, days taken and
    unchosen quarters are skipped."""
    now = now or utcnow()
    rows = []
    for quarter in QUARTERS:
        regular = nth_weekday(choice.year, middle_month(quarter), choice.weekday, choice.week)
        day, moved = avoiding_holidays(regular)
        row = ProposedForum(quarter, day, local_to_utc(day, choice.at), forums_in_quarter(choice.year, quarter), moved=moved)
        if quarter not in choice.quarters:
            row.skipped = "nicht ausgewählt"
        elif row.starts_at <= now:
            row.skipped = "Der Termin liegt in der Vergangenheit."
        elif any(to_local(f.starts_at).date() == day for f in row.existing):
            row.skipped = "An diesem Tag ist bereits ein Forum geplant."
        rows.append(row)
    plannable = [r for r in rows if r.plannable]
    for row, host in zip(plannable, hosts_for(r.day for r in plannable), strict=True):
        row.host = host
        if host is None:
            row.skipped = "Kein Mitglied kann an diesem Tag Gastgeber sein."
    return rows


def fingerprint(rows: list[ProposedForum]) -> str:
    """What the coordinator saw (dates and hosts), to notice a proposal that changed meanwhile."""
    return ",".join(f"{r.starts_at.isoformat()}@{r.host.id}" for r in rows if r.plannable)


def plan_year(actor: User, choice: ScheduleChoice, seen: str, now: datetime | None = None) -> list[Forum]:
    """Plan every plannable quarter via ``plan_forum``: each sends its invitation; numbers continue.

    Refused (nothing planned) when the proposal differs from the one confirmed, e.g. after a
    second click or when someone planned a forum in between.
    """
    rows = propose(choice, now)
    if fingerprint(rows) != seen:
        raise StaleForm(
            "Der Vorschlag hat sich inzwischen geändert (z. B. wurde gerade ein Forum geplant). "
            "Bitte prüfen Sie den neuen Vorschlag und bestätigen Sie erneut."
        )
    plannable = [r for r in rows if r.plannable]
    if not plannable:
        raise Vetoed("Für diese Auswahl ist kein Forum zu planen: alle Termine sind übersprungen.")
    forums = []
    for row in plannable:
        number = next_number()
        details = ForumDetails(
            number=number,
            title=f"{number}. Kooperationsforum",
            starts_at=row.starts_at,
            place=row.place,
            host=row.host,
            agenda=default_agenda(),
        )
        forums.append(plan_forum(actor, details, now=now))
    return forums
