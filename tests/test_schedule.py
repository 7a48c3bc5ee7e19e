"""The quarterly schedule: a year's forums proposed and planned in one step, hosts by rotation."""

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from akn_intranet.clock import to_local
from akn_intranet.forums.models import Forum
from akn_intranet.members.models import Member, Membership

from .forum_steps import COORDINATOR, plan

URL = "/foren/jahresplanung"
def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", row))).strip() for row in body.split("</tr>")[:-1]]


def _forums(database) -> list[tuple[int, str, str]]:
    database.session.rollback()
    forums = database.session.scalars(select(Forum).order_by(Forum.starts_at))
    return [(f.number, to_local(f.starts_at).strftime("%d.%m.%Y %H:%M"), f.host.place) for f in forums]


def _plan_year(client, query: str):
    return client.submit(URL, page=f"{URL}?{query}")  # the confirming form under the proposal


def test_a_year_is_proposed_then_planned_with_invitations(client, auth, database):
    everyone = database.recipient_count()
    auth.login(COORDINATOR)
    page = client.get(URL).get_data(as_text=True)  # in November the next year is proposed
    assert 'value="2027"' in page
    assert _rows(page) == [
        "1. Quartal 10.02.2027, 14:00 Uhr Stadt Dormagen",
        "2. Quartal 12.05.2027, 14:00 Uhr Stadt Grevenbroich",
        "3. Quartal 11.08.2027, 14:00 Uhr Stadt Jüchen",
        "4. Quartal 10.11.2027, 14:00 Uhr Stadt Kaarst",
    ]
    assert _forums(database) == []  # showing the proposal plans nothing

    response = client.submit(URL)
    assert response.status_code == 302
    assert _forums(database) == [
        (1, "10.02.2027 14:00", "Dormagen"),
        (2, "12.05.2027 14:00", "Grevenbroich"),
        (3, "11.08.2027 14:00", "Jüchen"),
        (4, "10.11.2027 14:00", "Kaarst"),
    ]
    forum = database.latest_forum()
    assert forum.state == "planned" and forum.title == "4. Kooperationsforum"
    assert [s.title for s in forum.sections][:2] == [
        "Genehmigung/Kenntnisnahme des Protokolls der letzten Sitzung", "Offene Aufgaben",
    ]
    assert len(database.outbox(notification="invitation")) == 4 * everyone
    # each is then editable as usual
    assert client.get(f"/foren/{forum.id}/bearbeiten").status_code == 200


def test_confirming_twice_plans_once(client, auth, database):
    auth.login(COORDINATOR)
    proposal = f"{URL}?year=2027&weekday=1&week=3&time=10:00&quarters=1&quarters=2&quarters=3&quarters=4"
    fields = client.form_fields(proposal, URL)
    assert client.post(URL, data=fields).status_code == 302
    second = client.post(URL, data=fields)  # a double click posts the same form again
    assert second.status_code == 409
    assert "Der Vorschlag hat sich inzwischen geändert" in second.get_data(as_text=True)
    assert [when for _, when, _ in _forums(database)] == [
        "16.02.2027 10:00", "18.05.2027 10:00", "17.08.2027 10:00", "16.11.2027 10:00",
    ]
    assert len(database.outbox(notification="invitation")) == 4 * database.recipient_count()


def test_past_dates_are_skipped(client, auth, database):
    auth.login(COORDINATOR)  # it is 21.11.2026: only the fourth Wednesday of November is still ahead
    proposal = f"{URL}?year=2026&weekday=2&week=4&time=14:00&quarters=1&quarters=2&quarters=3&quarters=4"
    page = client.get(proposal)
    rows = _rows(page.get_data(as_text=True))
    assert all("Der Termin liegt in der Vergangenheit." in row for row in rows[:3])
    assert rows[3] == "4. Quartal 25.11.2026, 14:00 Uhr Stadt Dormagen"
    assert "1 Forum planen und einladen" in page.get_data(as_text=True)
    assert client.submit(URL, page=proposal).status_code == 302
    assert _forums(database) == [(1, "25.11.2026 14:00", "Dormagen")]


def test_a_quarter_with_a_forum_is_left_out_and_the_rotation_continues(client, auth, database):
    auth.login(COORDINATOR)
    assert plan(client, database, number=1, day="2027-01-20", host_id=database.member_id("Dormagen")).status_code == 302
    page = client.get(URL).get_data(as_text=True)
    rows = _rows(page)
    assert "nicht ausgewählt" in rows[0] and "Im Quartal bereits geplant: 7. Kooperationsforum (20.01.2027)" in rows[0]
    assert [row.split("Uhr ")[1] for row in rows[1:]] == ["Stadt Grevenbroich", "Stadt Jüchen", "Stadt Kaarst"]
    assert client.submit(URL).status_code == 302
    assert [(n, host) for n, _, host in _forums(database)] == [
        (1, "Dormagen"), (2, "Grevenbroich"), (3, "Jüchen"), (4, "Kaarst"),
    ]


def test_an_extraordinary_forum_takes_the_next_turn(client, auth, database):
    auth.login(COORDINATOR)
    assert _plan_year(client, "year=2027&weekday=2&week=2&time=14:00&quarters=1&quarters=2").status_code == 302
    page = client.get("/foren/neu").get_data(as_text=True)
    assert re.search(r'<option selected value="\d+">Stadt Jüchen</option>', page)
    assert 'value="3"' in page  # the number continues
    response = plan(client, database, number=3, title="Außerordentliches Forum", day="2027-03-03",
                    host_id=database.member_id("Jüchen"))
    assert response.status_code == 302
    assert _forums(database) == [
        (1, "10.02.2027 14:00", "Dormagen"), (3, "03.03.2027 14:00", "Jüchen"), (2, "12.05.2027 14:00", "Grevenbroich"),
    ]


@pytest.mark.parametrize(
    ("joined_on", "hosts"),
    [
        # joins before the third forum: hosts it, in its alphabetical place after Meerbusch
        (date(2027, 6, 1), ["Korschenbroich", "Meerbusch", "Neuss", "Rommerskirchen"]),
        # joins after the third forum: passed over in this round
        (date(2027, 9, 1), ["Korschenbroich", "Meerbusch", "Rommerskirchen", "Dormagen"]),
    ],
)
def test_a_member_joining_mid_year_hosts_only_from_its_joining(client, auth, database, joined_on, hosts):
    neuss = Member(name="Stadt Neuss", place="Neuss", active=False, memberships=[Membership(joined_on=joined_on)])
    database.session.add(neuss)
    database.session.commit()
    auth.login(COORDINATOR)
    assert plan(client, database, number=1, day="2026-12-09", host_id=database.member_id("Kaarst")).status_code == 302
    response = _plan_year(client, "year=2027&weekday=2&week=2&time=14:00&quarters=1&quarters=2&quarters=3&quarters=4")
    assert response.status_code == 302
    assert [host for _, _, host in _forums(database)] == ["Kaarst", *hosts]


def test_only_the_coordinator_plans_the_year(client, auth, database):
    auth.login("kaarst@akn.example")
    assert client.get(URL).status_code == 403
    response = client.post_stale(URL, {"year": "2027", "weekday": "2", "week": "2", "time": "14:00", "quarters": ["1"]})
    assert response.status_code == 403
    assert _forums(database) == []


def test_bad_input_is_shown_and_plans_nothing(client, auth, database):
    auth.login(COORDINATOR)
    response = client.submit(URL, {"year": "1999", "weekday": "6", "week": "2", "time": "14:00", "quarters": ["1"]})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bitte geben Sie ein Jahr zwischen 2000 und 2100 an." in page
    assert 'value="1999"' in page
    assert _forums(database) == []


def test_a_public_holiday_in_nrw_is_never_proposed_and_the_move_is_said(client, auth, database):
    auth.login(COORDINATOR)  # first Thursday of May 2027 is Ascension Day, first Monday of November All Saints'
    proposal = f"{URL}?year=2027&weekday=3&week=1&time=14:00&quarters=1&quarters=2&quarters=3&quarters=4"
    rows = _rows(client.get(proposal).get_data(as_text=True))
    assert rows[0] == "1. Quartal 04.02.2027, 14:00 Uhr Stadt Dormagen"
    assert rows[1] == (
        "2. Quartal 13.05.2027, 14:00 Uhr Stadt Grevenbroich "
        "Statt Do., 6. Mai 2027 (Christi Himmelfahrt, Feiertag in NRW) vorgeschlagen: Do., 13. Mai 2027."
    )
    assert client.submit(URL, page=proposal).status_code == 302
    assert [when for _, when, _ in _forums(database)] == [
        "04.02.2027 14:00", "13.05.2027 14:00", "05.08.2027 14:00", "04.11.2027 14:00",
    ]

    proposal = f"{URL}?year=2027&weekday=0&week=1&time=10:00&quarters=4"
    rows = _rows(client.get(proposal).get_data(as_text=True))
    assert "Statt Mo., 1. November 2027 (Allerheiligen, Feiertag in NRW) vorgeschlagen: Mo., 8. November 2027." in rows[3]


def test_a_holiday_a_week_later_too_moves_on_again():
    from akn_intranet.forums.schedule import avoiding_holidays

    # Thursday 27 May 2027 is Corpus Christi; 20 May a working day
    assert avoiding_holidays(date(2027, 5, 20)) == (date(2027, 5, 20), "")
    # 2025: 1 May (Labour Day) is a Thursday, 29 May Ascension Day; Christmas 2025 on Thursday, 1 January 2026 too
    day, why = avoiding_holidays(date(2025, 12, 25))
    assert day == date(2026, 1, 8)
    assert why == (
        "Statt Do., 25. Dezember 2025 (Erster Weihnachtstag, Feiertag in NRW) und Do., 1. Januar 2026 (Neujahr, Feiertag in NRW) "
        "vorgeschlagen: Do., 8. Januar 2026."
    )
    assert avoiding_holidays(date(2025, 5, 1))[1].startswith("Statt Do., 1. Mai 2025 (Erster Mai, Feiertag in NRW) vorgeschlagen")
