"""Calendar entries (RFC 5545) sent with the invitation, the change and the cancellation (RFC 5546).

A forum is an entry from its start for its length (``forum_duration_minutes`` of the rules of
procedure, editable per forum), in Europe/Berlin time with the zone's definition inside; a joint
project is an all-day entry from its start day to its end day. Every entry of one forum or project
has the same UID, so a calendar holds one entry for it whatever arrives: the invitation and each
change are ``METHOD:REQUEST`` with a higher SEQUENCE (the entry moves), the cancellation is
``METHOD:CANCEL`` (the entry disappears). The organizer is the coordination, with the address the
mail comes from; the attendee is the one recipient (each mail is personal).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Protocol

from flask import current_app
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

from workflows.lifecycle import CANCELLED

from ..clock import BERLIN, to_local, utcnow
from ..mail.operations import mail_domain
from ..rules.models import current_rules
from .models import CalendarEntry

if TYPE_CHECKING:  # the lifecycle builds on this module
    from ..lifecycle.models import Activity

REQUEST = "REQUEST"
CANCEL = "CANCEL"
# notification → the iTIP method of the calendar entry its mail carries; other notifications carry none
METHODS = {"invitation": REQUEST, "rescheduled": REQUEST, "cancelled": CANCEL}
# notifications that change the entry a calendar already holds: its SEQUENCE goes up
CHANGES = {"rescheduled", "cancelled"}
PRODUCT = "-//AKN im RKN//AKN Intranet//DE"
ORGANIZER_NAME = "Koordination der AKN"


class Addressee(Protocol):
    email: str
    name: str


def entry_of(activity: Activity) -> CalendarEntry:
    """The activity's calendar entry, made on first use (an activity from before calendar entries has none)."""
    if activity.calendar_entry is None:
        activity.calendar_entry = CalendarEntry(sequence=0)
    return activity.calendar_entry


def duration_minutes(activity: Activity | None) -> int:
    """How long a forum lasts: its own length, or the rules' default for one without."""
    entry = activity.calendar_entry if activity is not None else None
    if entry is not None and entry.duration_minutes:
        return entry.duration_minutes
    return current_rules().forum_duration_minutes


def set_duration(activity: Activity, minutes: int | None) -> None:
    entry_of(activity).duration_minutes = minutes or current_rules().forum_duration_minutes


def ends_at(activity: Activity) -> datetime:
    return activity.starts_at + timedelta(minutes=duration_minutes(activity))


def record(activity: Activity, notification: str) -> int | None:
    """Before the mails of a notification are written: the SEQUENCE they carry (None: no calendar entry).
    A change of date, time or place and the cancellation raise it; the invitation starts at 0."""
    if notification not in METHODS:
        return None
    entry = entry_of(activity)
    if notification in CHANGES:
        entry.sequence += 1
    return entry.sequence


def uid(activity: Activity) -> str:
    """The same for every entry of one forum or project, and never for another one."""
    return f"akn-{activity.kind}-{activity.id}@{mail_domain()}"


def berlin_timezone() -> Timezone:
    """Europe/Berlin as Outlook and Thunderbird describe it: CEST from the last Sunday of March
    02:00, CET from the last Sunday of October 03:00 (tests/test_calendar.py holds it against tzdata)."""
    zone = Timezone()
    zone.add("tzid", "Europe/Berlin")
    zone.add_component(_change(TimezoneDaylight(), datetime(1970, 3, 29, 2, 0), 3, hours_from=1, name="CEST"))
    zone.add_component(_change(TimezoneStandard(), datetime(1970, 10, 25, 3, 0), 10, hours_from=2, name="CET"))
    return zone


def _change(
    rule: TimezoneDaylight | TimezoneStandard, first: datetime, month: int, *, hours_from: int, name: str
) -> TimezoneDaylight | TimezoneStandard:
    """A clock change on the last Sunday of ``month``: summer time one hour ahead of winter time."""
    rule.add("dtstart", first)
    rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
    rule.add("tzoffsetfrom", timedelta(hours=hours_from))
    rule.add("tzoffsetto", timedelta(hours=3 - hours_from))
    rule.add("tzname", name)
    return rule


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    address.params.update(params)
    return address


def _description(activity: Activity, url: str) -> str:
    if activity.kind_spec.words.starts_on_a_day:  # a project: what it is about
        text = (getattr(activity, "description", "") or "").strip()
    else:
        lines = [f"{n}. {section.title}" for n, section in enumerate(activity.sections, start=1)]
        text = "\n".join(["Tagesordnung:", *lines]) if lines else ""
    return f"{text}\n\n{url}" if text else url


def event(activity: Activity, sequence: int, url: str) -> Event:
    """The activity's entry as every calendar holds it: in a mail and in the personal feed."""
    event = Event()
    event.add("uid", uid(activity))
    event.add("sequence", sequence)
    event.add("dtstamp", utcnow())
    if activity.kind_spec.words.starts_on_a_day:  # whole days, the end day included (DTEND is exclusive)
        first = to_local(activity.starts_at).date()
        last = getattr(activity, "ends_on", None) or first
        event.add("dtstart", first)
        event.add("dtend", max(last, first) + timedelta(days=1))
    else:
        event.add("dtstart", activity.starts_at.astimezone(BERLIN))
        event.add("dtend", ends_at(activity).astimezone(BERLIN))
        event.add("location", activity.place)
    event.add("summary", activity.title)
    event.add("description", _description(activity, url))
    event.add("url", url)
    event.add("organizer", _address(parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1], ORGANIZER_NAME))
    event.add("status", "CANCELLED" if activity.state == CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if activity.kind_spec.words.starts_on_a_day else "OPAQUE")
    return event


def calendar(method: str | None = None, *, with_zone: bool = True) -> Calendar:
    """An empty calendar of ours, with the Europe/Berlin zone that forums' times refer to
    (an all-day entry refers to none)."""
    found = Calendar()
    found.add("prodid", PRODUCT)
    found.add("version", "2.0")
    if method:
        found.add("method", method)
    if with_zone:
        found.add_component(berlin_timezone())
    return found


def build(activity: Activity, notification: str, sequence: int, recipient: Addressee, url: str) -> str:
    """The calendar text (iCalendar, CRLF lines) a notification's mail carries for one recipient."""
    entry = event(activity, sequence, url)
    entry.add(
        "attendee",
        _address(recipient.email, recipient.name, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="FALSE"),
    )
    invitation = calendar(METHODS[notification], with_zone=not activity.kind_spec.words.starts_on_a_day)
    invitation.add_component(entry)
    return invitation.to_ical().decode()
