"""The year's forums planned in one step, as the coordinator does it: in Chromium, through the real buttons.

The confirming form is posted by clicking its button, never by hand: it must carry its own
CSRF token (without one the app answered 400 "Formular abgelaufen"). The invitations are
read from the mails the SMTP fixture received.
"""

import re
from collections import defaultdict

import pytest

from ..forum_steps import plain_text
from .steps import COORDINATOR, EVERYONE, MAIL_TIMEOUT, flash, login

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips the test (fails it with AKN_REQUIRE_BROWSER=1)
    expect = None

pytestmark = pytest.mark.browser

YEAR = 2027  # the test clock stands at 21.11.2026: from October on, next year is proposed
PROPOSAL = [  # quarter, date, host: the second Wednesday of each quarter's middle month, hosts in turn
    ("1. Quartal", "10.02.2027", "Stadt Dormagen"),
    ("2. Quartal", "12.05.2027", "Stadt Grevenbroich"),
    ("3. Quartal", "11.08.2027", "Stadt Jüchen"),
    ("4. Quartal", "10.11.2027", "Stadt Kaarst"),
]
SUBJECTS = {f"[AKN] Einladung: {number}. Kooperationsforum am {day}" for number, (_, day, _) in enumerate(PROPOSAL, start=1)}
AGENDA = [
    "Tagesordnung:",
    "1. Genehmigung/Kenntnisnahme des Protokolls der letzten Sitzung",
    "2. Offene Aufgaben",
]


def test_a_year_of_forums_is_planned_in_the_browser(live_server, page, smtp, live_database):
    everyone = live_database.recipient_count()
    assert everyone == len(EVERYONE)  # the active users: each gets every invitation

    # --- The coordinator opens the year's planning from the navigation; next year is proposed.
    login(page, live_server, COORDINATOR)
    page.get_by_role("banner").get_by_role("link", name="Jahresplanung").click()
    expect(page).to_have_url(live_server("/foren/jahresplanung"))
    expect(page.get_by_role("heading", name="Jahresplanung der Kooperationsforen", level=1)).to_be_visible()
    expect(page.get_by_label("Jahr")).to_have_value(str(YEAR))

    # --- They take the proposal as it stands: "Vorschlag anzeigen" sends the GET form.
    page.get_by_role("button", name="Vorschlag anzeigen").click()
    expect(page).to_have_url(re.compile(re.escape(live_server("/foren/jahresplanung?")) + f".*year={YEAR}"))
    expect(page.get_by_role("heading", name=f"Vorschlag für {YEAR}")).to_be_visible()
    rows = page.locator("table.schedule tbody tr")
    expect(rows).to_have_count(len(PROPOSAL))
    for row, (quarter, day, host) in zip(rows.all(), PROPOSAL, strict=True):
        expect(row).to_contain_text(quarter)
        expect(row).to_contain_text(f"{day}, 14:00 Uhr")
        expect(row).to_contain_text(host)
    assert smtp.messages == []  # showing the proposal plans and sends nothing

    # --- They confirm with the real button; the form carries its CSRF token.
    page.get_by_role("button", name="4 Foren planen und einladen").click()
    expect(page).to_have_url(live_server("/"))
    expect(flash(page)).to_have_text("4 Foren sind geplant (Nr. 1, 2, 3, 4); die Einladungen gehen an alle Ansprechpersonen.")
    expect(page.get_by_role("heading", name="Übersicht", level=1)).to_be_visible()
    forums = page.locator("table.list tbody tr")
    expect(forums).to_have_count(len(PROPOSAL))
    for number, (_, _, host) in enumerate(PROPOSAL, start=1):
        expect(forums.filter(has_text=f"{number}. Kooperationsforum")).to_contain_text(host)

    # --- Every active user receives one invitation per forum, each with the standing agenda.
    messages = smtp.wait_for(len(PROPOSAL) * everyone, timeout=MAIL_TIMEOUT)  # sent by a background thread
    recipients = defaultdict(list)
    for message in messages:
        recipients[str(message["Subject"])].append(message["To"])
    assert set(recipients) == SUBJECTS
    for subject, addresses in recipients.items():
        assert sorted(addresses) == EVERYONE, subject  # exactly one mail per recipient and forum
    for message in messages:
        lines = plain_text(message).splitlines()
        assert AGENDA[0] in lines, (message["Subject"], message["To"])
        start = lines.index(AGENDA[0])
        agenda = [line for line in lines[start:] if line]
        assert agenda[: len(AGENDA)] == AGENDA, (message["Subject"], message["To"], agenda)
    assert len(smtp.messages) == len(PROPOSAL) * everyone  # nothing sent twice, nothing extra
