"""Calendar entries in the mails, as received over SMTP and read with ``icalendar``.

The invitation, the change and the cancellation of a forum or project each carry the entry twice:
as the ``text/calendar; method=…`` alternative and as an ``.ics`` attachment. Across them the UID
stays, the SEQUENCE rises, the method is REQUEST and then CANCEL; times are Europe/Berlin and come
out right in UTC on both sides of the daylight-saving changes.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar

from akn_intranet.forums.models import Forum

from .conftest import COORDINATOR
from .forum_steps import forum_data, plan
from .test_projects import project_data
from .test_recipients import expected_recipients

BERLIN = ZoneInfo("Europe/Berlin")
SENDER = "akn-intranet@localhost"  # the From: of the test app: the organizer's address


def _parts(message) -> tuple[str, Calendar, Calendar]:
    """The method parameter of the text/calendar alternative, it parsed, and the parsed .ics attachment."""
    alternatives = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    attachments = [p for p in message.iter_attachments() if (p.get_filename() or "").endswith(".ics")]
    assert len(alternatives) == 1 and len(attachments) == 1, message.get_content_type()
    inline, attached = alternatives[0], attachments[0]
    assert inline.get_content_disposition() is None  # shown as the invitation, not as a file
    return (
        inline.get_param("method"),
        Calendar.from_ical(inline.get_content()),
        Calendar.from_ical(attached.get_payload(decode=True)),
    )


def _entries(messages, subject_start: str) -> dict[str, tuple[str, Calendar]]:
    """Recipient → (method parameter, calendar) of the received mails whose subject starts so;
    the attachment says exactly what the alternative says."""
    found = {}
    for message in messages:
        if message["Subject"].startswith(subject_start):
            method, inline, attached = _parts(message)
            assert inline.to_ical() == attached.to_ical()
            assert message["To"] not in found  # one mail each
            found[message["To"]] = (method, inline)
    return found


def _event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def _utc(event, name: str) -> datetime:
    return event.decoded(name).astimezone(UTC)


def _mails_for(smtp, count: int, subject_start: str, database) -> dict[str, tuple[str, Calendar]]:
    everyone = expected_recipients(database)
    smtp.wait_for(count)
    entries = _entries(smtp.messages, subject_start)
    assert set(entries) == everyone
    return entries


def test_invitation_change_and_cancellation_are_one_entry_that_moves_and_disappears(client, auth, database, smtp):
    everyone = len(expected_recipients(database))
    auth.login(COORDINATOR)
    assert plan(client, database, day="2026-12-10", time="14:00", place="Rathaus Kaarst, Sitzungssaal").status_code == 302
    forum = database.latest_forum()
    invitations = _mails_for(smtp, everyone, "[AKN] Einladung:", database)

    uids = set()
    for recipient, (method, calendar) in invitations.items():
        assert method == "REQUEST" and calendar["METHOD"] == "REQUEST"
        event = _event(calendar)
        uids.add(str(event["UID"]))
        assert event["SEQUENCE"] == 0
        assert _utc(event, "DTSTART") == datetime(2026, 12, 10, 13, 0, tzinfo=UTC)  # 14:00 CET
        assert _utc(event, "DTEND") == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # three hours, as the rules say
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
        assert str(event["LOCATION"]) == "Rathaus Kaarst, Sitzungssaal"
        assert str(event["SUMMARY"]) == "7. Kooperationsforum"
        description = str(event["DESCRIPTION"])
        assert description.index("1. Begrüßung") < description.index("2. Klimawoche 2027") < description.index("3. Verschiedenes")
        assert f"/foren/{forum.id}" in description and str(event["URL"]).endswith(f"/foren/{forum.id}")
        assert str(event["ORGANIZER"]) == f"mailto:{SENDER}"
        assert str(event["ATTENDEE"]) == f"mailto:{recipient}"  # each mail is personal
        assert event["STATUS"] == "CONFIRMED"
    assert len(uids) == 1
    uid = uids.pop()

    smtp.clear()
    edit = f"/foren/{forum.id}/bearbeiten"
    assert 'value="180"' in client.get(edit).get_data(as_text=True)  # the length, editable
    assert client.submit(edit, forum_data(database, day="2026-12-11", time="10:30", place="Rathaus Kaarst")).status_code == 302
    changes = _mails_for(smtp, everyone, "[AKN] Geändert:", database)
    for method, calendar in changes.values():
        event = _event(calendar)
        assert method == "REQUEST" and str(event["UID"]) == uid and event["SEQUENCE"] == 1
        assert _utc(event, "DTSTART") == datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
        assert str(event["LOCATION"]) == "Rathaus Kaarst"

    # a new title only: no change of the entry, no mail
    assert client.submit(edit, forum_data(database, day="2026-12-11", time="10:30", place="Rathaus Kaarst",
                                          title="7. Forum")).status_code == 302
    assert len(database.outbox(forum, "rescheduled")) == everyone
    smtp.clear()  # only the length: the entry's end moves
    data = forum_data(database, day="2026-12-11", time="10:30", place="Rathaus Kaarst", title="7. Forum", duration_minutes="90")
    assert client.submit(edit, data).status_code == 302
    lengths = _mails_for(smtp, everyone, "[AKN] Geändert:", database)
    for _, calendar in lengths.values():
        event = _event(calendar)
        assert str(event["UID"]) == uid and event["SEQUENCE"] == 2
        assert _utc(event, "DTEND") - _utc(event, "DTSTART") == timedelta(minutes=90)

    smtp.clear()
    assert client.submit(f"/foren/{forum.id}/aktion/cancel", {"comment": "Krankheit"}).status_code == 302
    cancellations = _mails_for(smtp, everyone, "[AKN] Abgesagt:", database)
    for method, calendar in cancellations.values():
        event = _event(calendar)
        assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
        assert str(event["UID"]) == uid and event["SEQUENCE"] == 3 and event["STATUS"] == "CANCELLED"
        assert _utc(event, "DTSTART") == datetime(2026, 12, 11, 9, 30, tzinfo=UTC)

    stored = [m.calendar for m in database.outbox(forum)]  # stored with each message when it was queued
    assert len(stored) == 4 * everyone and all(text and f"UID:{uid}" in text for text in stored)


def _rules(calendar: Calendar) -> dict[str, tuple[str, timedelta, timedelta, datetime]]:
    """DAYLIGHT/STANDARD of the mail's VTIMEZONE: RRULE, offsets before and after, first onset."""
    (zone,) = calendar.walk("VTIMEZONE")
    found = {}
    for part in zone.subcomponents:
        rule = part["RRULE"].to_ical().decode()
        found[part.name] = (rule, part.decoded("TZOFFSETFROM"), part.decoded("TZOFFSETTO"), part.decoded("DTSTART"))
    return found


def test_times_are_right_across_the_daylight_saving_changes(client, auth, database, smtp):
    auth.login(COORDINATOR)  # last Sunday of March and of October 2027; and a night across the change
    days = [("2027-03-28", "14:00", "180"), ("2027-10-31", "14:00", "180"), ("2027-03-28", "00:30", "240")]
    for number, (day, at, length) in enumerate(days, start=7):
        response = plan(client, database, number=number, title=f"{number}. Kooperationsforum", day=day, time=at,
                        duration_minutes=length)
        assert response.status_code == 302
    everyone = len(expected_recipients(database))
    smtp.wait_for(3 * everyone)
    by_title = {}
    for message in smtp.messages:
        method, calendar, _ = _parts(message)
        by_title.setdefault(str(_event(calendar)["SUMMARY"]), calendar)
    starts_ends = {title: (_utc(_event(c), "DTSTART"), _utc(_event(c), "DTEND")) for title, c in by_title.items()}
    assert starts_ends == {
        "7. Kooperationsforum": (datetime(2027, 3, 28, 12, 0, tzinfo=UTC), datetime(2027, 3, 28, 15, 0, tzinfo=UTC)),  # CEST
        "8. Kooperationsforum": (datetime(2027, 10, 31, 13, 0, tzinfo=UTC), datetime(2027, 10, 31, 16, 0, tzinfo=UTC)),  # CET
        "9. Kooperationsforum": (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), datetime(2027, 3, 28, 3, 30, tzinfo=UTC)),
    }
    night = _event(by_title["9. Kooperationsforum"])
    assert night.decoded("DTEND").replace(tzinfo=None) == datetime(2027, 3, 28, 5, 30)  # four hours later, on summer time

    # The zone definition in the mail says what tzdata says, for years to come: each onset by its
    # RRULE (local time in the offset before) is the instant Europe/Berlin changes its offset.
    rules = _rules(by_title["7. Kooperationsforum"])
    assert set(rules) == {"DAYLIGHT", "STANDARD"}
    for rule, before, after, first in rules.values():
        onsets = rrulestr(rule, dtstart=first)
        for onset in onsets.between(datetime(2026, 1, 1), datetime(2040, 1, 1)):
            instant = (onset - before).replace(tzinfo=UTC)
            assert instant.astimezone(BERLIN).utcoffset() == after, onset
            assert (instant - timedelta(seconds=1)).astimezone(BERLIN).utcoffset() == before, onset


def test_a_project_is_an_all_day_entry_from_its_start_day_to_its_end_day(client, auth, database, smtp):
    everyone = len(expected_recipients(database))
    auth.login(COORDINATOR)
    assert client.submit("/projekte/neu", project_data(database, starts_on="2026-12-01", ends_on="2026-12-21")).status_code == 302
    project = database.latest_project()
    invitations = _mails_for(smtp, everyone, "[AKN] ", database)
    for method, calendar in invitations.values():
        event = _event(calendar)
        assert method == "REQUEST"
        assert event.decoded("DTSTART") == date(2026, 12, 1) and event.decoded("DTEND") == date(2026, 12, 22)  # end day included
        assert calendar.walk("VTIMEZONE") == [] and "LOCATION" not in event
        assert "Stadtradeln" in str(event["DESCRIPTION"]) and f"/projekte/{project.id}" in str(event["DESCRIPTION"])
    uid = str(_event(next(iter(invitations.values()))[1])["UID"])

    smtp.clear()
    assert client.submit(f"/projekte/{project.id}/bearbeiten", project_data(database, starts_on="2026-12-05")).status_code == 302
    for method, calendar in _mails_for(smtp, everyone, "[AKN] ", database).values():
        event = _event(calendar)
        assert method == "REQUEST" and str(event["UID"]) == uid and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == date(2026, 12, 5)

    smtp.clear()
    assert client.submit(f"/projekte/{project.id}/aktion/cancel", {"comment": "Keine Mittel."}).status_code == 302
    for method, calendar in _mails_for(smtp, everyone, "[AKN] ", database).values():
        event = _event(calendar)
        assert method == "CANCEL" and str(event["UID"]) == uid and event["SEQUENCE"] == 2

    assert uid.startswith(f"akn-project-{project.id}@")  # never the UID of a forum with the same id


def test_the_rules_set_the_length_of_a_forum_and_other_mails_carry_no_entry(client, auth, database):
    auth.login(COORDINATOR)
    page = client.get("/geschaeftsordnung/").get_data(as_text=True)
    assert "180 Minuten" in page
    settings = {"approval_rule": "present", "approval_deadline_days": 14, "minutes_due_days": 14, "invitation_lead_days": 14,
                "contacts_per_member": 2, "forum_duration_minutes": 120, "note": "Foren dauern zwei Stunden"}
    assert client.submit("/geschaeftsordnung/bearbeiten", settings).status_code == 302
    assert "120 Minuten" in client.get("/geschaeftsordnung/").get_data(as_text=True)
    assert 'value="120"' in client.get("/foren/neu").get_data(as_text=True)
    unchanged = {**settings, "forum_duration_minutes": "", "note": "Nur der Text"}
    assert client.submit("/geschaeftsordnung/bearbeiten", unchanged).status_code == 302
    assert "120 Minuten" in client.get("/geschaeftsordnung/").get_data(as_text=True)  # left empty: unchanged

    assert plan(client, database, day="2026-12-10", time="14:00", duration_minutes="").status_code == 302
    forum = database.latest_forum()
    (invitation, *_) = database.outbox(forum, "invitation")
    event = _event(Calendar.from_ical(invitation.calendar))
    assert _utc(event, "DTEND") == datetime(2026, 12, 10, 15, 0, tzinfo=UTC)  # 14:00 CET for two hours

    assert client.submit(f"/foren/{forum.id}/aktion/cancel", {"comment": "Krankheit"}).status_code == 302
    assert all(m.calendar for m in database.outbox(forum, "cancelled"))
    assert all(m.calendar is None for m in database.outbox() if m.notification not in ("invitation", "rescheduled", "cancelled"))


def test_a_length_out_of_range_is_refused_at_its_field(client, auth, database):
    auth.login(COORDINATOR)
    response = plan(client, database, duration_minutes="5")
    assert response.status_code == 200
    assert "Bitte geben Sie eine Dauer von 15 bis 720 Minuten an." in response.get_data(as_text=True)
    assert database.latest_forum() is None
    assert database._fresh().query(Forum).count() == 0
