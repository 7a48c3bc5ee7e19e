"""A joint project's whole lifecycle as real people do it: in Chromium, one browser context per person.

Three of eight members take part: Stadt Kaarst leads, Stadt Dormagen is named
when the project is created, Stadt Jüchen joins on the project page while it is
planned. Approval links are taken from the mails the SMTP fixture received; every
step checks what the page shows and which mails went out.
"""

import re

import pytest

from .steps import COORDINATOR, EVERYONE, Mailbox, approval_links, flash, login, state, text

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the browser fixture skips the test (fails it with AKN_REQUIRE_BROWSER=1)
    Page = expect = None

pytestmark = pytest.mark.browser

LEAD = "kaarst@akn.example"
JOINING = "juechen@akn.example"
APPROVERS = {  # every contact of the three participating members, no one else
    "dormagen@akn.example",
    "dormagen2@akn.example",
    "juechen@akn.example",
    "kaarst@akn.example",
    "kaarst2@akn.example",
}
TITLE = "Stadtradeln im Rhein-Kreis"
RESULTS = "1.234 Teilnehmende sind 250.000 km geradelt."
IMPACT = "38 t CO2 vermieden."
NEXT_STEPS = "Im nächsten Jahr wieder, mit Schulwettbewerb."


def actions(page: Page):
    return page.get_by_role("navigation", name="Aktionen")


def facts(page: Page, term: str):
    """The <dd> after the <dt> ``term`` in the project's facts."""
    return page.locator("dl.facts").locator(f"dt:text-is('{term}') + dd")


def approve(new_page, link: str, name: str, member: str) -> Page:
    """A contact clicks the link in their mail: a browser of their own, not logged in."""
    page = new_page()
    response = page.goto(link)
    assert response.status == 200, f"{link} answered {response.status}"
    expect(page.get_by_role("heading", name="Ergebnisbericht zur Genehmigung")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Guten Tag {name}, bitte prüfen Sie für {member} Fassung 1 von „{TITLE}“.")
    expect(page.locator("article.minutes")).to_contain_text(IMPACT)
    page.get_by_role("button", name="Genehmigen", exact=True).click()
    expect(page.get_by_role("heading", name=f"Vielen Dank, {name}")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Ihre Genehmigung des Ergebnisberichts „{TITLE}“ für {member} ist erfasst.")
    return page


def test_project_lifecycle_in_the_browser(live_server, new_page, smtp, clock, screenshots):
    assert len(EVERYONE) == 12  # the active demo users: coordinator, ten contacts, advisor
    mail = Mailbox(smtp)

    # --- The coordinator creates the project with Kaarst leading and Dormagen taking part; everyone hears of it.
    coordinator = new_page()
    login(coordinator, live_server, COORDINATOR)
    expect(coordinator.get_by_text("Noch keine Projekte.")).to_be_visible()
    coordinator.get_by_role("banner").get_by_role("link", name="Projekte").click()
    expect(coordinator.get_by_role("heading", name="Gemeinsame Projekte", level=1)).to_be_visible()
    expect(coordinator.get_by_text("Keine Projekte.")).to_be_visible()
    coordinator.get_by_role("main").get_by_role("link", name="Projekt anlegen").click()
    expect(coordinator).to_have_url(live_server("/projekte/neu"))
    expect(coordinator.get_by_role("heading", name="Projekt anlegen")).to_be_visible()
    coordinator.get_by_label("Titel").fill(TITLE)
    coordinator.get_by_label("Art", exact=True).select_option(label="Kampagne")
    coordinator.get_by_label("Beschreibung").fill("Gemeinsame Teilnahme am **Stadtradeln**: drei Wochen im Dezember.")
    coordinator.get_by_label("Beginn").fill("2026-12-01")
    coordinator.get_by_label("Ende (optional)").fill("2026-12-21")
    coordinator.get_by_label("Federführung").select_option(label="Stadt Kaarst")
    members = coordinator.get_by_role("group", name="Beteiligte Mitglieder")
    expect(members.get_by_role("checkbox")).to_have_count(8)
    members.get_by_label("Stadt Dormagen", exact=True).check()
    fields = coordinator.get_by_role("group", name="Handlungsfelder")
    fields.get_by_label("Klimaschutz", exact=True).check()
    fields.get_by_label("Mobilität", exact=True).check()
    goals = coordinator.get_by_role("group", name="Nachhaltigkeitsziele (SDGs)")
    expect(goals.get_by_role("checkbox")).to_have_count(17)
    goals.get_by_label("11 – Nachhaltige Städte und Gemeinden").check()
    goals.get_by_label("13 – Maßnahmen zum Klimaschutz").check()
    coordinator.get_by_role("button", name="Anlegen und informieren").click()

    expect(flash(coordinator)).to_have_text("Das Projekt ist angelegt; alle Ansprechpersonen wurden informiert.")
    expect(coordinator).to_have_url(re.compile(re.escape(live_server("/projekte/")) + r"\d+$"))
    project_url = coordinator.url
    expect(coordinator.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(state(coordinator)).to_have_text("Geplant")
    expect(facts(coordinator, "Art")).to_have_text("Kampagne")
    expect(facts(coordinator, "Zeitraum")).to_have_text("ab 01.12.2026 bis 21.12.2026")
    expect(facts(coordinator, "Federführung")).to_have_text("Stadt Kaarst")
    expect(facts(coordinator, "Beteiligt")).to_have_text("Stadt Dormagen, Stadt Kaarst")  # the lead takes part
    expect(facts(coordinator, "Handlungsfelder")).to_have_text("Klimaschutz, Mobilität")
    expect(facts(coordinator, "SDGs")).to_have_text("SDG 11: Nachhaltige Städte und Gemeinden; SDG 13: Maßnahmen zum Klimaschutz")
    expect(coordinator.locator("div.description strong")).to_have_text("Stadtradeln")
    expect(actions(coordinator).get_by_role("link")).to_have_text(["Termin ändern", "Absagen"])
    expect(actions(coordinator)).to_contain_text("Als durchgeführt markieren ab 01.12.2026 möglich")  # not before
    expect(coordinator.get_by_role("button", name="Rhein-Kreis Neuss beteiligen")).to_be_visible()  # her member

    invitations = mail.round(f"Neues gemeinsames Projekt: {TITLE}")
    for message in invitations.values():
        body = text(message)
        assert "die Allianz hat ein neues gemeinsames Projekt" in body
        assert "- Federführung: Stadt Kaarst" in body and "**" not in body
        assert "- Beteiligt: Stadt Dormagen, Stadt Kaarst" in body
        assert f"<{project_url}>" in body  # links point at the live server
    assert not approval_links(invitations)

    coordinator.get_by_role("banner").get_by_role("link", name="Projekte").click()
    row = coordinator.locator("table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text("SDG 11, SDG 13")
    expect(row.locator("td[data-label]")).to_have_text(["Kampagne", "01.12.2026", "Stadt Kaarst", "2", "Geplant"])
    screenshots.take(coordinator, "project-list")

    # --- Jüchen's contact finds it on the dashboard and joins while it is planned; that sends no mail.
    juechen = new_page()
    login(juechen, live_server, JOINING)
    juechen.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(juechen).to_have_url(project_url)
    expect(actions(juechen)).to_have_count(0)
    expect(juechen.get_by_role("button", name="Stadt Jüchen abmelden")).to_have_count(0)
    juechen.get_by_role("button", name="Stadt Jüchen beteiligen").click()
    expect(flash(juechen)).to_have_text("Stadt Jüchen ist jetzt beteiligt.")
    expect(juechen).to_have_url(project_url)
    expect(facts(juechen, "Beteiligt")).to_have_text("Stadt Dormagen, Stadt Jüchen, Stadt Kaarst")
    expect(juechen.get_by_role("button", name="Stadt Jüchen abmelden")).to_be_visible()  # could leave again
    expect(juechen.get_by_role("button", name="Stadt Jüchen beteiligen")).to_have_count(0)
    mail.assert_quiet()
    screenshots.take(juechen, "project-page-planned")

    coordinator.reload()
    expect(coordinator.locator("table.list tbody tr td[data-label='Beteiligt']")).to_have_text("3")

    # --- After the campaign has started, the lead marks it carried out on the confirmation page.
    clock.advance(days=25)  # 16.12.2026
    lead = new_page()
    login(lead, live_server, LEAD)
    lead.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(lead).to_have_url(project_url)
    expect(state(lead)).to_have_text("Geplant")
    expect(lead.get_by_role("button", name="Stadt Kaarst abmelden")).to_have_count(0)  # the lead cannot leave
    actions(lead).get_by_role("link", name="Als durchgeführt markieren").click()
    expect(lead.get_by_role("heading", name=f"{TITLE}: Als durchgeführt markieren")).to_be_visible()
    expect(lead.locator("p.notice")).to_have_text(
        "Das Projekt ist durchgeführt; die Federführung schreibt den Ergebnisbericht, die beteiligten Mitglieder genehmigen ihn."
    )
    lead.get_by_role("button", name="Als durchgeführt markieren").click()

    expect(flash(lead)).to_have_text("Als durchgeführt markieren: erledigt.")
    expect(lead).to_have_url(project_url)
    expect(state(lead)).to_have_text("Durchgeführt – Bericht in Arbeit")
    expect(lead.get_by_text("Den Ergebnisbericht schreibt die Federführung (Stadt Kaarst).")).to_be_visible()
    expect(lead.get_by_role("button", name=re.compile("beteiligen|abmelden$"))).to_have_count(0)  # no longer planned
    held = mail.round(f"Durchgeführt: Projekt {TITLE} – der Bericht folgt")
    assert all("Stadt Kaarst schreibt den Ergebnisbericht" in text(m) for m in held.values())

    # --- The lead writes the result report, saves the draft, then submits it.
    actions(lead).get_by_role("link", name="Ergebnisbericht schreiben").click()
    expect(lead).to_have_url(project_url + "/bericht")
    expect(lead.get_by_role("heading", name=f"Ergebnisbericht: {TITLE}")).to_be_visible()
    sections = lead.locator("section.agenda-item")
    expect(sections.locator("h2")).to_have_text(["Ergebnisse", "Wirkung und Kennzahlen", "Erfahrungen und nächste Schritte"])
    lead.get_by_label("Inhalt zu Ergebnisse", exact=True).fill(RESULTS)
    lead.get_by_label("Inhalt zu Wirkung und Kennzahlen", exact=True).fill(IMPACT)
    lead.get_by_label("Vereinbarungen zu Erfahrungen und nächste Schritte", exact=True).fill(NEXT_STEPS)
    lead.get_by_label("Aufgabe 1", exact=True).fill("Termin für 2027 mit dem Klima-Bündnis abstimmen")
    lead.get_by_label("Verantwortlich für Aufgabe 1", exact=True).select_option(label="Stadt Jüchen")
    lead.get_by_label("Fällig bis (Aufgabe 1)", exact=True).fill("2027-02-28")
    lead.get_by_role("button", name="Entwurf speichern").click()

    expect(flash(lead)).to_have_text("Entwurf gespeichert.")
    expect(lead.get_by_label("Inhalt zu Ergebnisse", exact=True)).to_have_value(RESULTS)
    expect(lead.get_by_label("Inhalt zu Wirkung und Kennzahlen", exact=True)).to_have_value(IMPACT)
    expect(lead.get_by_label("Vereinbarungen zu Erfahrungen und nächste Schritte", exact=True)).to_have_value(NEXT_STEPS)
    expect(lead.get_by_label("Aufgabe 1", exact=True)).to_have_value("Termin für 2027 mit dem Klima-Bündnis abstimmen")
    expect(lead.get_by_label("Verantwortlich für Aufgabe 1", exact=True).locator("option:checked")).to_have_text("Stadt Jüchen")
    mail.assert_quiet()  # a draft is not announced
    screenshots.take(lead, "report-form")

    lead.get_by_role("button", name="Zur Genehmigung einreichen").click()
    expect(flash(lead)).to_have_text("Fassung 1 ist zur Genehmigung versandt.")
    expect(lead).to_have_url(project_url)
    expect(state(lead)).to_have_text("Berichtsentwurf zur Genehmigung")
    expect(lead.get_by_role("heading", name="Ergebnisbericht – Fassung 1")).to_be_visible()
    expect(lead.get_by_text("Genehmigungen: noch keine. Es fehlen: Stadt Dormagen, Stadt Jüchen, Stadt Kaarst.")).to_be_visible()
    report = lead.locator("article.minutes")
    for passage in (RESULTS, IMPACT, NEXT_STEPS):
        expect(report).to_contain_text(passage)
    expect(report.locator("table")).to_contain_text("Termin für 2027 mit dem Klima-Bündnis abstimmen")

    submitted = mail.round(f"Berichtsentwurf zur Genehmigung: {TITLE}")
    links = approval_links(submitted)
    assert set(links) == APPROVERS  # only the contacts of the three participating members
    assert all(link.startswith(live_server("/genehmigung/")) for link in links.values())
    assert len(set(links.values())) == len(APPROVERS)  # personal links
    for recipient, message in submitted.items():
        body = text(message)
        assert "Stadt Kaarst hat den Ergebnisbericht" in body
        assert IMPACT in body
        if recipient not in APPROVERS:
            assert "Sie erhalten ihn zur Kenntnis" in body

    # --- One approval per participating member; the report then becomes approved by itself.
    approve(new_page, links["dormagen@akn.example"], "Dana Dorn", "Stadt Dormagen")
    lead.reload()
    expect(lead.get_by_text("Genehmigungen: Stadt Dormagen (16.12.2026). Es fehlen: Stadt Jüchen, Stadt Kaarst.")).to_be_visible()
    second_contact = new_page()
    second_contact.goto(links["dormagen2@akn.example"])  # one approval per member suffices
    expect(second_contact.get_by_role("heading", name="Bereits genehmigt")).to_be_visible()
    expect(second_contact.locator("main")).to_contain_text("Stadt Dormagen hat diese Fassung bereits genehmigt (Dana Dorn")
    approve(new_page, links["juechen@akn.example"], "Jana Jürgens", "Stadt Jüchen")
    mail.assert_quiet()  # single approvals send no mail
    last = approve(new_page, links["kaarst2@akn.example"], "Klara Kühn", "Stadt Kaarst")
    expect(last.locator("main")).to_contain_text(
        "Damit ist die Genehmigungsregel der Geschäftsordnung erfüllt: der Ergebnisbericht ist genehmigt."
    )

    approved = mail.round(f"Bericht genehmigt: {TITLE}")
    assert all(f"{TITLE} (Fassung 1) ist genehmigt." in text(m) for m in approved.values())

    # --- The coordinator distributes the report; everyone receives it.
    coordinator.goto(project_url)
    expect(state(coordinator)).to_have_text("Bericht genehmigt")
    expect(
        coordinator.get_by_text(
            "Genehmigungen: Stadt Dormagen (16.12.2026), Stadt Jüchen (16.12.2026), Stadt Kaarst (16.12.2026)."
        )
    ).to_be_visible()
    actions(coordinator).get_by_role("link", name="Verteilen").click()
    expect(coordinator.get_by_role("heading", name=f"{TITLE}: Bericht verteilen")).to_be_visible()
    coordinator.get_by_role("button", name="Bericht verteilen").click()
    expect(flash(coordinator)).to_have_text("Bericht verteilen: erledigt.")
    expect(coordinator).to_have_url(project_url)
    expect(state(coordinator)).to_have_text("Verteilt")
    expect(actions(coordinator)).to_have_count(0)  # nothing left to do
    history = coordinator.locator("table.history tbody tr")
    expect(history).to_have_count(5)
    expect(history.locator("td:nth-child(3)")).to_have_text(
        [
            "– → Geplant",
            "Geplant → Durchgeführt – Bericht in Arbeit",
            "Durchgeführt – Bericht in Arbeit → Berichtsentwurf zur Genehmigung",
            "Berichtsentwurf zur Genehmigung → Bericht genehmigt",
            "Bericht genehmigt → Verteilt",
        ]
    )

    distributed = mail.round(f"Bericht: {TITLE}")
    for message in distributed.values():
        body = text(message)
        assert "anbei der genehmigte Ergebnisbericht" in body
        for passage in (RESULTS, IMPACT, NEXT_STEPS):
            assert passage in body
        assert "Fassung 1, SHA-256" in body
    assert len(smtp.messages) == 5 * len(EVERYONE)  # five rounds, nothing sent twice, nothing extra

    coordinator.get_by_role("banner").get_by_role("link", name="Projekte").click()
    expect(coordinator.locator("table.list tbody tr td[data-label='Zustand']")).to_have_text("Verteilt")
    coordinator.get_by_role("link", name=TITLE).click()
    expect(coordinator).to_have_url(project_url)
    screenshots.take(coordinator, "project-page")
