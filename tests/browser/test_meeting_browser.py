"""Around a forum, as real people do it: in Chromium, one browser context per person.

Contacts answer the invitation from the personal link in the mail the SMTP fixture
received, and the host's held form starts from their answers; the host attaches a
file that an approver downloads from the approval link; a contact subscribes to the
calendar and renews the address. Every step checks what the page shows, which mails
went out and what the browser received.
"""

import re

import pytest

from .steps import COORDINATOR, EVERYONE, Mailbox, approval_links, flash, login, state, text
from .test_forum_browser import APPROVERS, HOST, TITLE  # every contact of each member present approves

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the browser fixture skips the tests (fails them with AKN_REQUIRE_BROWSER=1)
    Page = expect = None

pytestmark = pytest.mark.browser

CONTACTS = set(EVERYONE) - {COORDINATOR, "beratung@akn.example"}  # the coordinator and the advisor come anyway
INVITATION = f"Einladung: {TITLE} am 28.11.2026"
HELD = f"Durchgeführt: {TITLE} – das Protokoll folgt"
REPLY_LINK = re.compile(r"https?://[^\s>]+/teilnahme/[A-Za-z0-9_\-]+")
DEPUTY = "Frau Vertreterin (Klimaschutz Dormagen)"
PDF_NAME = "Programm Klimawoche 2027.pdf"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def actions(page: Page):
    return page.get_by_role("navigation", name="Aktionen")


def plan_forum(new_page, live_server, mail: Mailbox) -> tuple[str, dict]:
    """The coordinator plans the forum (28.11.2026 in Kaarst); its URL and everyone's invitation."""
    coordinator = new_page()
    login(coordinator, live_server, COORDINATOR)
    coordinator.get_by_role("main").get_by_role("link", name="Forum planen").click()
    expect(coordinator.get_by_role("heading", name="Forum planen")).to_be_visible()
    coordinator.get_by_label("Datum").fill("2026-11-28")
    coordinator.get_by_label("Uhrzeit").fill("14:00")
    coordinator.get_by_label("Ort").fill("Rathaus Kaarst, Ratssaal")
    coordinator.get_by_label("Gastgeber").select_option(label="Stadt Kaarst")
    coordinator.get_by_label("Tagesordnung").fill("Begrüßung\nKlimawoche 2027\nVerschiedenes")
    coordinator.get_by_role("button", name="Planen und einladen").click()
    expect(flash(coordinator)).to_have_text("Das Forum ist geplant; die Einladungen gehen an alle Ansprechpersonen.")
    expect(coordinator).to_have_url(re.compile(re.escape(live_server("/foren/")) + r"\d+$"))
    return coordinator.url, mail.round(INVITATION)


def open_hold_form(host: Page, forum_url: str) -> None:
    host.goto(forum_url)
    actions(host).get_by_role("link", name="Als durchgeführt markieren").click()
    expect(host).to_have_url(forum_url + "/durchgefuehrt")
    expect(host.get_by_role("heading", name=f"{TITLE}: als durchgeführt markieren")).to_be_visible()


PRESENT_THREE = ("Dana Dorn (Stadt Dormagen)", "Jana Jürgens (Stadt Jüchen)", "Karl Kaiser (Stadt Kaarst)")


def hold_with_three_present(host: Page, forum_url: str, mail: Mailbox) -> None:
    """The host marks the forum held with Dormagen, Jüchen and Kaarst present; everyone hears of it."""
    open_hold_form(host, forum_url)
    for person in PRESENT_THREE:
        host.get_by_label(person, exact=True).check()
    host.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(flash(host)).to_have_text("Das Forum ist als durchgeführt markiert. Der Gastgeber kann jetzt das Protokoll schreiben.")
    mail.round(HELD)


def reply_page(new_page, link: str) -> Page:
    """A contact clicks the link in their invitation: a browser of their own, not logged in."""
    page = new_page()
    response = page.goto(link)
    assert response.status == 200, f"{link} answered {response.status}"
    expect(page.get_by_role("heading", name=f"Teilnahme: {TITLE}")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Abmelden"))).to_have_count(0)
    return page


def test_a_deputy_named_from_the_invitation_link_starts_the_held_form(live_server, new_page, smtp, clock):
    mail = Mailbox(smtp)
    forum_url, invitations = plan_forum(new_page, live_server, mail)

    # --- Each contact's invitation carries a personal reply link; the coordinator's and the advisor's none.
    links = {}
    for recipient, message in invitations.items():
        match = REPLY_LINK.search(text(message))
        if match:
            links[recipient] = match.group(0)
            assert "Bitte antworten Sie bis zum Beginn: Ich nehme teil · Ich nehme nicht teil · Vertretung" in text(message)
    assert set(links) == CONTACTS
    assert len(set(links.values())) == len(CONTACTS)  # personal links
    assert all(link.startswith(live_server("/teilnahme/")) for link in links.values())

    # --- Dormagen's contact cannot come and names a deputy; the name is mandatory.
    dormagen = reply_page(new_page, links["dormagen@akn.example"])
    expect(dormagen.locator("main")).to_contain_text(
        "Guten Tag Dana Dorn, nehmen Sie für Stadt Dormagen am 28.11.2026 um 14:00 Uhr in Rathaus Kaarst, Ratssaal teil?"
    )
    answers = dormagen.get_by_role("group", name="Ihre Antwort")
    expect(answers.get_by_role("radio")).to_have_count(3)
    expect(answers.locator("label")).to_have_text(["Ich nehme teil", "Ich nehme nicht teil", "Vertretung"])
    answers.get_by_label("Vertretung", exact=True).check()
    dormagen.get_by_role("button", name="Antwort speichern").click()
    expect(dormagen.locator(".invalid .error")).to_have_text("Bitte nennen Sie, wer Sie vertritt.")
    dormagen.get_by_label("Wer vertritt Sie? (Name und Funktion)").fill(DEPUTY)
    dormagen.get_by_role("button", name="Antwort speichern").click()
    expect(flash(dormagen)).to_have_text("Ihre Antwort ist gespeichert. Bis zum Beginn können Sie sie mit demselben Link ändern.")
    expect(dormagen).to_have_url(links["dormagen@akn.example"])
    expect(dormagen.locator("p.notice")).to_have_text(f"Ihre bisherige Antwort (21.11.2026, 10:00 Uhr): Vertretung: {DEPUTY}")
    expect(answers.get_by_label("Vertretung", exact=True)).to_be_checked()
    expect(dormagen.get_by_label("Wer vertritt Sie? (Name und Funktion)")).to_have_value(DEPUTY)

    # --- Jüchen's contact comes.
    juechen = reply_page(new_page, links["juechen@akn.example"])
    juechen.get_by_label("Ich nehme teil", exact=True).check()
    juechen.get_by_role("button", name="Antwort speichern").click()
    expect(flash(juechen)).to_have_text("Ihre Antwort ist gespeichert. Bis zum Beginn können Sie sie mit demselben Link ändern.")
    mail.assert_quiet()  # answers send no mail

    # --- The host sees the answers on the forum page.
    host = new_page()
    login(host, live_server, HOST)
    host.goto(forum_url)
    expect(host.get_by_role("heading", name="Rückmeldungen")).to_be_visible()
    expect(host.locator("ul.replies li")).to_have_text(
        [f"Dana Dorn (Stadt Dormagen): Vertretung: {DEPUTY}", "Jana Jürgens (Stadt Jüchen): Ich nehme teil"]
    )

    # --- After the forum, the held form starts from the answers; the links no longer take any.
    clock.advance(days=8)
    late = new_page()
    response = late.goto(links["dormagen@akn.example"])
    assert response.status == 410
    expect(late.get_by_role("heading", name="Link abgelaufen")).to_be_visible()
    expect(late.locator("main")).to_contain_text("Antworten sind bis zum Beginn möglich. Es wurde nichts gespeichert.")

    open_hold_form(host, forum_url)
    present = host.get_by_role("group", name="Anwesende Ansprechpersonen")
    expect(present.get_by_label("Jana Jürgens (Stadt Jüchen)", exact=True)).to_be_checked()
    expect(present.get_by_label("Dana Dorn (Stadt Dormagen)", exact=True)).not_to_be_checked()
    expect(present.locator("input:checked")).to_have_count(1)
    others = host.get_by_label("Weitere Teilnehmende")
    expect(others).to_have_value(f"{DEPUTY} (Vertretung für Dana Dorn (Stadt Dormagen))")

    # --- The host adds themself and confirms; the deputy is in the record.
    present.get_by_label("Karl Kaiser (Stadt Kaarst)", exact=True).check()
    host.get_by_role("button", name="Als durchgeführt markieren").click()
    expect(flash(host)).to_have_text("Das Forum ist als durchgeführt markiert. Der Gastgeber kann jetzt das Protokoll schreiben.")
    held = mail.round(HELD)
    assert all("Anwesend: Stadt Jüchen, Stadt Kaarst" in text(m) for m in held.values())
    host.goto(forum_url)
    expect(state(host)).to_have_text("Durchgeführt – Protokoll in Arbeit")
    expect(host.get_by_role("heading", name="Rückmeldungen")).to_be_visible()  # still shown once held
    expect(host.get_by_text(f"Weitere Teilnehmende: {DEPUTY} (Vertretung für Dana Dorn (Stadt Dormagen))")).to_be_visible()


def test_an_attachment_is_downloaded_from_the_approval_link(live_server, new_page, smtp, clock, tmp_path, screenshots):
    mail = Mailbox(smtp)
    forum_url, _ = plan_forum(new_page, live_server, mail)

    # --- After the forum the host marks it held, with three members present.
    clock.advance(days=8)
    host = new_page()
    login(host, live_server, HOST)
    hold_with_three_present(host, forum_url, mail)

    # --- The host attaches a PDF to TOP 2 from the forum page.
    host.goto(forum_url)
    expect(host.get_by_role("heading", name="Anlagen")).to_be_visible()
    expect(host.get_by_text("Noch keine Anlagen.")).to_be_visible()
    host.get_by_role("link", name="Anlagen hinzufügen oder entfernen").click()
    expect(host).to_have_url(forum_url + "/anlagen")
    expect(host.get_by_role("heading", name=f"Anlagen: {TITLE}")).to_be_visible()
    target = host.get_by_label("Gehört zu")
    expect(target.locator("option")).to_have_text(
        ["Forum allgemein", "TOP 1: Begrüßung", "TOP 2: Klimawoche 2027", "TOP 3: Verschiedenes", "Protokoll"]
    )
    pdf = tmp_path / PDF_NAME
    pdf.write_bytes(PDF)
    host.get_by_label("Datei").set_input_files(pdf)
    target.select_option(label="TOP 2: Klimawoche 2027")
    host.get_by_role("button", name="Hochladen").click()

    expect(flash(host)).to_have_text(f"„{PDF_NAME}“ ist angehängt.")
    expect(host).to_have_url(forum_url + "/anlagen")
    listed = host.locator("ul.attachments li")
    expect(listed).to_have_count(1)
    expect(listed.get_by_role("link", name=PDF_NAME)).to_be_visible()
    expect(listed).to_contain_text("PDF-Dokument")
    expect(listed).to_contain_text("TOP 2: Klimawoche 2027")
    expect(listed.get_by_role("link", name="Entfernen …")).to_be_visible()
    mail.assert_quiet()  # an attachment is announced with the next mail, not by one of its own
    screenshots.take(host, "attachments-page")

    # --- The host writes the minutes and submits them; the version holds the file.
    host.get_by_role("link", name=f"← {TITLE}").click()
    expect(host).to_have_url(forum_url)
    expect(host.locator("ul.attachments").get_by_role("link", name=PDF_NAME)).to_be_visible()
    actions(host).get_by_role("link", name="Protokoll schreiben").click()
    expect(host.get_by_role("heading", name=f"Protokoll: {TITLE}")).to_be_visible()
    host.locator("section.agenda-item").nth(1).get_by_label("Notizen").fill("Das Programm der Klimawoche liegt an.")
    host.get_by_role("button", name="Zur Genehmigung einreichen").click()
    expect(flash(host)).to_have_text("Fassung 1 ist zur Genehmigung versandt.")
    expect(host).to_have_url(forum_url)
    expect(state(host)).to_have_text("Protokollentwurf zur Genehmigung")
    expect(host.locator("article.minutes")).to_contain_text(f"Anlage: {PDF_NAME} (PDF-Dokument")

    submitted = mail.round(f"Protokollentwurf zur Genehmigung: {TITLE}")
    links = approval_links(submitted)
    assert set(links) == APPROVERS
    assert all(f"- {PDF_NAME} (PDF-Dokument" in text(m) for m in submitted.values())  # named, not carried
    assert all(not any(part.get_filename() for part in m.walk()) for m in submitted.values())

    # --- Jüchen's contact opens the approval link, not logged in, and downloads the file.
    approver = new_page()
    response = approver.goto(links["juechen@akn.example"])
    assert response.status == 200
    expect(approver.get_by_role("heading", name="Protokoll zur Genehmigung")).to_be_visible()
    expect(approver.get_by_role("button", name=re.compile(r"^Abmelden"))).to_have_count(0)
    expect(approver.get_by_role("heading", name="Anlagen dieser Fassung")).to_be_visible()
    link = approver.locator("ul.attachments").get_by_role("link", name=PDF_NAME)
    expect(link).to_have_attribute("href", re.compile(r"^/genehmigung/[^/]+/anlagen/\d+$"))
    with approver.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == PDF_NAME
    saved = tmp_path / "heruntergeladen.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
    expect(approver.get_by_role("button", name="Genehmigen", exact=True)).to_be_visible()  # still on the page


def test_a_renewed_calendar_address_replaces_the_old_one(live_server, new_page):
    contact = new_page()
    login(contact, live_server, "juechen@akn.example")
    contact.get_by_role("banner").get_by_role("link", name="Kalender").click()
    expect(contact).to_have_url(live_server("/kalender/"))
    expect(contact.get_by_role("heading", name="Kalender abonnieren", level=1)).to_be_visible()
    expect(contact.get_by_text("Sie haben noch keine Kalenderadresse.")).to_be_visible()

    contact.get_by_role("button", name="Kalenderadresse erzeugen", exact=True).click()
    expect(flash(contact)).to_have_text("Ihre neue Kalenderadresse ist erzeugt; eine frühere funktioniert nicht mehr.")
    feed_url = contact.locator("code.feed-url")
    expect(feed_url).to_have_text(re.compile(re.escape(live_server("/kalender/")) + r"[A-Za-z0-9_\-]+\.ics$"))
    old = feed_url.inner_text()

    calendar = new_page()  # a calendar program: no session, only the address
    response = calendar.request.get(old)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text().startswith("BEGIN:VCALENDAR")

    contact.goto(live_server("/kalender/"))  # shown only once
    expect(contact.get_by_text("Sie haben eine Kalenderadresse seit 21.11.2026.", exact=False)).to_be_visible()
    expect(contact.locator("code.feed-url")).to_have_count(0)

    contact.get_by_role("button", name="Neue Kalenderadresse erzeugen").click()
    expect(flash(contact)).to_have_text("Ihre neue Kalenderadresse ist erzeugt; eine frühere funktioniert nicht mehr.")
    expect(feed_url).to_have_text(re.compile(re.escape(live_server("/kalender/")) + r"[A-Za-z0-9_\-]+\.ics$"))
    new = feed_url.inner_text()
    assert new != old

    gone = calendar.goto(old)
    assert gone.status == 404
    expect(calendar.get_by_role("heading", name="Nicht gefunden")).to_be_visible()
    expect(calendar.locator("main")).to_contain_text("Diese Kalenderadresse gibt es nicht (mehr).")
    response = calendar.request.get(new)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
