"""The whole forum lifecycle as real people do it: in Chromium, one browser context per person.

Approval links are taken from the mails the SMTP fixture received, as a contact
would click them; every step checks what the page shows and which mails went out.
"""

import re

import pytest

from .steps import COORDINATOR, EVERYONE, Mailbox, approval_links, flash, login, state, text

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the browser fixture skips the test (fails it with AKN_REQUIRE_BROWSER=1)
    Page = expect = None

pytestmark = pytest.mark.browser

HOST = "kaarst@akn.example"
APPROVERS = {
    "dormagen@akn.example",
    "dormagen2@akn.example",
    "juechen@akn.example",
    "kaarst@akn.example",
    "kaarst2@akn.example",
}
TITLE = "1. Kooperationsforum"


def open_link(new_page, link: str) -> Page:
    """A contact clicks the link in their mail: a browser of their own, not logged in."""
    page = new_page()
    response = page.goto(link)
    assert response.status == 200, f"{link} answered {response.status}"
    expect(page.get_by_role("heading", name="Protokoll zur Genehmigung")).to_be_visible()
    return page


def approve(new_page, link: str, name: str, member: str, version: int) -> Page:
    page = open_link(new_page, link)
    expect(page.locator("main")).to_contain_text(f"Guten Tag {name}, bitte prüfen Sie für {member} Fassung {version}")
    page.get_by_role("button", name="Genehmigen", exact=True).click()
    expect(page.get_by_role("heading", name=f"Vielen Dank, {name}")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Ihre Genehmigung des Protokolls „{TITLE}“ für {member} ist erfasst.")
    return page


def test_forum_lifecycle_in_the_browser(live_server, new_page, smtp, clock, screenshots):
    mail = Mailbox(smtp)

    # --- The coordinator plans the forum; everyone is invited.
    coordinator = new_page()
    login(coordinator, live_server, COORDINATOR)
    expect(coordinator.get_by_text("Noch keine Foren geplant.")).to_be_visible()
    coordinator.get_by_role("main").get_by_role("link", name="Forum planen").click()
    expect(coordinator.get_by_role("heading", name="Forum planen")).to_be_visible()
    expect(coordinator.get_by_label("Nummer")).to_have_value("1")
    expect(coordinator.get_by_label("Titel")).to_have_value(TITLE)
    host_select = coordinator.get_by_label("Gastgeber")
    expect(host_select.locator("option:checked")).to_have_text("Stadt Dormagen")  # first in the rotation
    coordinator.get_by_label("Datum").fill("2026-11-28")
    coordinator.get_by_label("Uhrzeit").fill("14:00")
    coordinator.get_by_label("Ort").fill("Rathaus Kaarst, Ratssaal")
    host_select.select_option(label="Stadt Kaarst")
    coordinator.get_by_label("Tagesordnung").fill("Begrüßung\nKlimawoche 2027\nVerschiedenes")
    coordinator.get_by_role("button", name="Planen und einladen").click()

    expect(flash(coordinator)).to_have_text("Das Forum ist geplant; die Einladungen gehen an alle Ansprechpersonen.")
    expect(coordinator).to_have_url(re.compile(re.escape(live_server("/foren/")) + r"\d+$"))
    forum_url = coordinator.url
    expect(coordinator.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(state(coordinator)).to_have_text("Geplant")
    facts = coordinator.locator("dl.facts")
    expect(facts).to_contain_text("28.11.2026, 14:00 Uhr")
    expect(facts).to_contain_text("Rathaus Kaarst, Ratssaal")
    expect(facts).to_contain_text("Stadt Kaarst")
    expect(coordinator.locator("main ol li")).to_have_text(["Begrüßung", "Klimawoche 2027", "Verschiedenes"])

    invitations = mail.round(f"Einladung: {TITLE} am 28.11.2026")
    for message in invitations.values():
        body = text(message)
        assert "herzliche Einladung" in body
        assert "Rathaus Kaarst, Ratssaal" in body
        assert f"<{forum_url}>" in body  # links point at the live server

    coordinator.get_by_role("link", name="Übersicht").click()
    row = coordinator.locator("table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text("Stadt Kaarst")
    expect(row).to_contain_text("Geplant")
    expect(row).to_contain_text("Findet am 28.11.2026 statt")

    # --- A week later the host marks it held, with the attendance.
    clock.advance(days=8)
    host = new_page()
    login(host, live_server, HOST)
    expect(host.locator("table.list tbody tr")).to_contain_text("Durchführung noch nicht bestätigt: Stadt Kaarst")
    host.get_by_role("link", name=TITLE).click()
    expect(host).to_have_url(forum_url)
    host.get_by_role("navigation", name="Aktionen").get_by_role("link", name="Als durchgeführt markieren").click()
    expect(host.get_by_role("heading", name=f"{TITLE}: als durchgeführt markieren")).to_be_visible()
    for person in ("Dana Dorn (Stadt Dormagen)", "Jana Jürgens (Stadt Jüchen)", "Karl Kaiser (Stadt Kaarst)"):
        host.get_by_label(person, exact=True).check()
    host.get_by_label("Weitere Teilnehmende").fill("Gast der Stadtwerke")
    host.get_by_role("button", name="Als durchgeführt markieren").click()

    expect(flash(host)).to_have_text("Das Forum ist als durchgeführt markiert. Der Gastgeber kann jetzt das Protokoll schreiben.")
    expect(host.get_by_role("heading", name=f"Protokoll: {TITLE}")).to_be_visible()
    held = mail.round(f"Durchgeführt: {TITLE} – das Protokoll folgt")
    assert all("Anwesend: Stadt Dormagen, Stadt Jüchen, Stadt Kaarst" in text(m) for m in held.values())

    # --- The host writes the minutes, saves the draft, then submits it; each field names its agenda item.
    items = host.locator("section.agenda-item")
    expect(items.locator("h2")).to_have_text(["TOP 1: Begrüßung", "TOP 2: Klimawoche 2027", "TOP 3: Verschiedenes"])
    notes = host.get_by_label("Notizen zu TOP 2: Klimawoche 2027", exact=True)
    decisions = host.get_by_label("Beschlüsse zu TOP 2: Klimawoche 2027", exact=True)
    task = host.get_by_label("Aufgabe 1", exact=True)
    member = host.get_by_label("Verantwortlich für Aufgabe 1", exact=True)
    due = host.get_by_label("Fällig bis (Aufgabe 1)", exact=True)
    host.get_by_label("Notizen zu TOP 1: Begrüßung", exact=True).fill("Begrüßung durch Stadt Kaarst.")
    notes.fill("Die Klimawoche findet im Mai statt.")
    decisions.fill("Die Allianz beteiligt sich mit einem gemeinsamen Stand.")
    host.get_by_label("Notizen zu TOP 3: Verschiedenes", exact=True).fill("Nächstes Forum im Frühjahr in Korschenbroich.")
    task.fill("Flyer für die Klimawoche entwerfen")
    member.select_option(label="Stadt Jüchen")
    due.fill("2026-12-15")
    host.get_by_role("button", name="Entwurf speichern").click()

    expect(flash(host)).to_have_text("Entwurf gespeichert.")
    expect(notes).to_have_value("Die Klimawoche findet im Mai statt.")
    expect(decisions).to_have_value("Die Allianz beteiligt sich mit einem gemeinsamen Stand.")
    expect(task).to_have_value("Flyer für die Klimawoche entwerfen")
    expect(member.locator("option:checked")).to_have_text("Stadt Jüchen")
    expect(due).to_have_value("2026-12-15")
    assert len(smtp.messages) == mail.read  # a draft is not announced
    screenshots.take(host, "minutes-form")

    host.get_by_role("button", name="Zur Genehmigung einreichen").click()
    expect(flash(host)).to_have_text("Fassung 1 ist zur Genehmigung versandt.")
    expect(host).to_have_url(forum_url)
    expect(state(host)).to_have_text("Protokollentwurf zur Genehmigung")
    expect(host.get_by_role("heading", name="Protokoll – Fassung 1")).to_be_visible()
    expect(host.get_by_text("Genehmigungen: noch keine. Es fehlen: Stadt Dormagen, Stadt Jüchen, Stadt Kaarst.")).to_be_visible()
    minutes = host.locator("article.minutes")
    expect(minutes).to_contain_text("Die Klimawoche findet im Mai statt.")
    expect(minutes.locator("table")).to_contain_text("Flyer für die Klimawoche entwerfen")
    expect(minutes.locator("table")).to_contain_text("15.12.2026")

    submitted = mail.round(f"Protokollentwurf zur Genehmigung: {TITLE}")
    first_links = approval_links(submitted)
    assert set(first_links) == APPROVERS  # every contact of each member present, no one else
    assert all(link.startswith(live_server("/genehmigung/")) for link in first_links.values())
    for recipient, message in submitted.items():
        assert "Die Klimawoche findet im Mai statt." in text(message)
        if recipient not in APPROVERS:
            assert "Sie erhalten es zur Kenntnis" in text(message)

    coordinator.get_by_role("link", name="Übersicht").click()
    expect(coordinator.locator("table.list tbody tr")).to_contain_text(
        "Genehmigungen 0 von 3 – es fehlen: Stadt Dormagen, Stadt Jüchen, Stadt Kaarst"
    )
    screenshots.take(coordinator, "dashboard")

    # --- Jüchen asks for a change; the comment is mandatory.
    juechen = open_link(new_page, first_links["juechen@akn.example"])
    expect(juechen.locator("main")).to_contain_text("Guten Tag Jana Jürgens, bitte prüfen Sie für Stadt Jüchen Fassung 1")
    expect(juechen.locator("article.minutes")).to_contain_text("Die Klimawoche findet im Mai statt.")
    screenshots.take(juechen, "approval-page")
    juechen.get_by_role("button", name="Änderungen anfordern", exact=True).click()
    expect(juechen.locator(".field.invalid .error")).to_have_text("Bitte beschreiben Sie, welche Änderungen Sie brauchen.")
    juechen.get_by_label("Welche Änderungen brauchen Sie?").fill("Bitte TOP 2 ergänzen: Termin 12. Mai.")
    juechen.get_by_role("button", name="Änderungen anfordern", exact=True).click()
    expect(juechen.get_by_role("heading", name="Vielen Dank, Jana Jürgens")).to_be_visible()
    expect(juechen.locator("main")).to_contain_text(
        f"Ihre Änderungswünsche zum Protokoll „{TITLE}“ sind beim Gastgeber angekommen."
    )

    changes = mail.round(f"Änderungen am Protokoll angefordert: {TITLE}")
    assert all("> Bitte TOP 2 ergänzen: Termin 12. Mai." in text(m) for m in changes.values())
    assert all("Jana Jürgens (Stadt Jüchen)" in text(m) for m in changes.values())

    # --- The host revises and submits Fassung 2.
    host.reload()
    expect(state(host)).to_have_text("Durchgeführt – Protokoll in Arbeit")
    expect(host.locator("table.history")).to_contain_text("Bitte TOP 2 ergänzen: Termin 12. Mai.")
    host.get_by_role("navigation", name="Aktionen").get_by_role("link", name="Protokoll überarbeiten").click()
    expect(host.locator("p.notice")).to_have_text(
        "Fassung 1 wurde zurückgegeben; das Einreichen erzeugt Fassung 2 mit neuen Links."
    )
    notes = host.locator("section.agenda-item").nth(1).get_by_label("Notizen")
    expect(notes).to_have_value("Die Klimawoche findet im Mai statt.")
    notes.fill("Die Klimawoche findet am 12. Mai statt.")
    host.get_by_role("button", name="Zur Genehmigung einreichen").click()
    expect(flash(host)).to_have_text("Fassung 2 ist zur Genehmigung versandt.")
    expect(state(host)).to_have_text("Protokollentwurf zur Genehmigung")
    expect(host.get_by_role("heading", name="Protokoll – Fassung 2")).to_be_visible()
    expect(host.locator("article.minutes")).to_contain_text("Die Klimawoche findet am 12. Mai statt.")

    resubmitted = mail.round(f"Protokollentwurf zur Genehmigung: {TITLE} (Fassung 2)")
    links = approval_links(resubmitted)
    assert set(links) == APPROVERS
    assert not set(links.values()) & set(first_links.values())
    assert all("(Fassung 2)" in text(m) for m in resubmitted.values())

    # The link from the first round no longer works.
    outdated = new_page()
    response = outdated.goto(first_links["dormagen@akn.example"])
    assert response.status == 410
    expect(outdated.get_by_role("heading", name="Link veraltet")).to_be_visible()
    expect(outdated.locator("main")).to_contain_text(f"Fassung 1 des Protokolls „{TITLE}“")
    expect(outdated.locator("main")).to_contain_text("Es wurde nichts gespeichert.")

    # --- One approval per member present, from the new mails.
    approve(new_page, links["dormagen@akn.example"], "Dana Dorn", "Stadt Dormagen", 2)
    host.reload()
    expect(host.get_by_text("Genehmigungen: Stadt Dormagen (29.11.2026). Es fehlen: Stadt Jüchen, Stadt Kaarst.")).to_be_visible()
    second_contact = new_page()
    second_contact.goto(links["dormagen2@akn.example"])
    expect(second_contact.get_by_role("heading", name="Bereits genehmigt")).to_be_visible()
    expect(second_contact.locator("main")).to_contain_text("Stadt Dormagen hat diese Fassung bereits genehmigt (Dana Dorn")

    approve(new_page, links["juechen@akn.example"], "Jana Jürgens", "Stadt Jüchen", 2)
    assert len(smtp.messages) == mail.read  # single approvals send no mail
    last = approve(new_page, links["kaarst2@akn.example"], "Klara Kühn", "Stadt Kaarst", 2)
    expect(last.locator("main")).to_contain_text(
        "Damit ist die Genehmigungsregel der Geschäftsordnung erfüllt: das Protokoll ist genehmigt."
    )

    approved = mail.round(f"Protokoll genehmigt: {TITLE} (Fassung 2)")
    assert all("ist genehmigt nach der Geschäftsordnung" in text(m) for m in approved.values())

    # --- The coordinator distributes; everyone receives the minutes.
    coordinator.goto(forum_url)
    expect(state(coordinator)).to_have_text("Protokoll genehmigt")
    coordinator.get_by_role("navigation", name="Aktionen").get_by_role("link", name="Verteilen").click()
    expect(coordinator.get_by_role("heading", name=f"{TITLE}: Protokoll verteilen")).to_be_visible()
    coordinator.get_by_role("button", name="Protokoll verteilen").click()
    expect(flash(coordinator)).to_have_text("Protokoll verteilen: erledigt.")
    expect(coordinator).to_have_url(forum_url)
    expect(state(coordinator)).to_have_text("Verteilt")
    expect(coordinator.get_by_role("navigation", name="Aktionen")).to_have_count(0)  # nothing left to do
    expect(coordinator.locator("table.history tbody tr")).to_have_count(7)
    expect(coordinator.locator("table.history tbody tr").last).to_contain_text("Protokoll genehmigt → Verteilt")

    distributed = mail.round(f"Protokoll: {TITLE} (Fassung 2)")
    for message in distributed.values():
        body = text(message)
        assert "anbei das genehmigte Protokoll" in body
        assert "Die Klimawoche findet am 12. Mai statt." in body
        assert "Die Allianz beteiligt sich mit einem gemeinsamen Stand." in body
        assert re.search(r"\nFlyer für die Klimawoche entwerfen +Stadt Jüchen +15\.12\.2026", body)  # a text table
        assert "|---" not in body
        assert "Fassung 2, SHA-256" in body
        assert "im Mai statt." not in body  # not the outdated first version
    assert len(smtp.messages) == 7 * len(EVERYONE)  # nothing sent twice, nothing extra

    screenshots.take(coordinator, "forum-page")
    screenshots.take_print(coordinator, "forum-page")
    coordinator.get_by_role("link", name="Druckansicht").click()
    expect(coordinator.locator("article.minutes")).to_contain_text("Die Klimawoche findet am 12. Mai statt.")
    expect(coordinator.locator("table.approval-record")).to_contain_text("Stadt Dormagen")
    screenshots.take(coordinator, "minutes-version")
    screenshots.take_print(coordinator, "minutes-version")

    coordinator.get_by_role("button", name="Abmelden (Thea Koordinatorin)").click()
    expect(flash(coordinator)).to_have_text("Sie sind abgemeldet.")
    expect(coordinator.get_by_role("heading", name="Anmelden")).to_be_visible()
