"""Whose turn it is: "Ihre Aufgaben" on each dashboard, and approving inside the intranet.

In Chromium, one browser context per person. A change request is sent back by the personal
link from the mail the SMTP fixture received; the host sees it on top of the forum page and
the editor and submits Fassung 2; the contacts then approve on the forum page (or on the
decision page their task links to), and each dashboard shows what is still that person's turn.
"""

import re

import pytest

from .conftest import PHONE
from .steps import COORDINATOR, Mailbox, approval_links, flash, login, state, text
from .test_forum_browser import APPROVERS, open_link
from .test_meeting_browser import TITLE, actions, hold_with_three_present, plan_forum

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the browser fixture skips the test (fails it with AKN_REQUIRE_BROWSER=1)
    Page = expect = None

pytestmark = pytest.mark.browser

HOST = "kaarst@akn.example"
ADVISOR = "beratung@akn.example"
SUBMITTED = f"Protokollentwurf zur Genehmigung: {TITLE}"
COMMENT = "Bitte TOP 2 ergänzen: Termin 12. Mai."
BEFORE = "Die Klimawoche findet im Mai statt."
AFTER = "Die Klimawoche findet am 12. Mai statt."
NOTHING_TO_DO = "Zurzeit ist nichts zu tun."


def tasks(page: Page):
    """The entries of "Ihre Aufgaben" on the dashboard."""
    return page.locator("section.tasks ol.tasks > li")


def dashboard(page: Page, live_server) -> None:
    page.goto(live_server("/"))
    expect(page.get_by_role("heading", name="Übersicht", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Ihre Aufgaben")).to_be_visible()


def decision_task(place: str, version: int) -> str:
    return f"Protokoll genehmigen für Stadt {place}: {TITLE} (Fassung {version})"


def person(new_page, live_server, email: str) -> Page:
    """Someone logged in in a browser of their own, on the dashboard."""
    page = new_page()
    login(page, live_server, email)
    return page


def approve_on_forum_page(page: Page, forum_url: str, name: str, member: str) -> None:
    page.goto(forum_url)
    decision = page.locator("section.decision-due")
    expect(decision.get_by_role("heading", name=f"Ihre Entscheidung für {member}")).to_be_visible()
    expect(decision).to_contain_text("Fassung 2 steht zur Genehmigung; eine Entscheidung je Mitglied genügt.")
    decision.get_by_role("button", name="Genehmigen", exact=True).click()
    expect(page.get_by_role("heading", name=f"Vielen Dank, {name}")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Ihre Genehmigung des Protokolls „{TITLE}“ für {member} ist erfasst.")


def test_turns_on_the_dashboards_and_approving_in_the_intranet(live_server, new_page, smtp, clock, screenshots):
    mail = Mailbox(smtp)
    forum_url, _ = plan_forum(new_page, live_server, mail)
    forum_id = forum_url.rsplit("/", 1)[1]
    decide_path = f"/foren/{forum_id}/entscheidung"

    # --- Before the date the host's step waits for it: shown, but disabled, with when it opens.
    host = person(new_page, live_server, HOST)
    expect(tasks(host).get_by_role("link", name=f"Protokoll schreiben: {TITLE}")).to_have_count(0)
    host.goto(forum_url)
    waiting = actions(host).locator(".button.disabled")
    expect(waiting).to_have_text("Als durchgeführt markieren")
    expect(waiting).to_have_attribute("aria-disabled", "true")
    expect(actions(host).locator("small.not-yet")).to_have_text("ab 28.11.2026, 14:00 Uhr möglich")
    expect(actions(host).get_by_role("link", name="Als durchgeführt markieren")).to_have_count(0)

    # --- A day after the forum the host marks it held with three members present.
    clock.advance(days=8)
    hold_with_three_present(host, forum_url, mail)
    dashboard(host, live_server)
    write = tasks(host).filter(has_text=f"Protokoll schreiben: {TITLE}")
    expect(write).to_have_count(1)
    expect(write.get_by_role("link")).to_have_attribute("href", re.compile(rf"/foren/{forum_id}/protokoll$"))

    # --- The host writes the minutes and submits Fassung 1 from the task.
    write.get_by_role("link").click()
    expect(host.get_by_role("heading", name=f"Protokoll: {TITLE}")).to_be_visible()
    expect(host.locator("section.change-request")).to_have_count(0)  # nothing was asked for yet
    items = host.locator("section.agenda-item")
    items.nth(0).get_by_label("Notizen").fill("Begrüßung durch Stadt Kaarst.")
    items.nth(1).get_by_label("Notizen").fill(BEFORE)
    items.nth(2).get_by_label("Notizen").fill("Nächstes Forum im Frühjahr in Korschenbroich.")
    host.get_by_role("button", name="Zur Genehmigung einreichen").click()
    expect(flash(host)).to_have_text("Fassung 1 ist zur Genehmigung versandt.")
    expect(host.get_by_role("heading", name="Protokoll – Fassung 1")).to_be_visible()
    expect(host.locator("section.changes")).to_have_count(0)  # the first version has nothing to compare with
    first_links = approval_links(mail.round(SUBMITTED))
    assert set(first_links) == APPROVERS

    # --- Jüchen's contact asks for a change by the personal link from her mail.
    juechen_link = open_link(new_page, first_links["juechen@akn.example"])
    juechen_link.get_by_label("Welche Änderungen brauchen Sie?").fill(COMMENT)
    juechen_link.get_by_role("button", name="Änderungen anfordern", exact=True).click()
    expect(juechen_link.get_by_role("heading", name="Vielen Dank, Jana Jürgens")).to_be_visible()
    changes_mail = mail.round(f"Änderungen am Protokoll angefordert: {TITLE}")
    assert all(f"> {COMMENT}" in text(m) for m in changes_mail.values())

    # --- The host finds the request on top of the forum page and of the editor, and the task back on the list.
    host.goto(forum_url)
    request = host.locator("main h1 + section.change-request")  # right under the title
    expect(request.get_by_role("heading", name="Änderungen angefordert zu Fassung 1")).to_be_visible()
    expect(request).to_contain_text("Jana Jürgens")
    expect(request).to_contain_text("am 29.11.2026, 10:00 Uhr:")
    expect(request.locator("blockquote")).to_have_text(COMMENT)
    expect(request).to_contain_text("Das Protokoll geht nach der Überarbeitung als Fassung 2 erneut zur Genehmigung.")
    dashboard(host, live_server)
    expect(tasks(host).get_by_role("link", name=f"Protokoll überarbeiten: {TITLE}")).to_be_visible()
    screenshots.take(host, "dashboard-host")

    host.goto(forum_url)
    actions(host).get_by_role("link", name="Protokoll überarbeiten").click()
    request = host.locator("main h1 + section.change-request")
    expect(request.get_by_role("heading", name="Änderungen angefordert zu Fassung 1")).to_be_visible()
    expect(request.locator("blockquote")).to_have_text(COMMENT)
    notes = host.locator("section.agenda-item").nth(1).get_by_label("Notizen")
    expect(notes).to_have_value(BEFORE)
    notes.fill(AFTER)
    host.get_by_role("button", name="Zur Genehmigung einreichen").click()
    expect(flash(host)).to_have_text("Fassung 2 ist zur Genehmigung versandt.")
    expect(host).to_have_url(forum_url)
    expect(host.get_by_role("heading", name="Protokoll – Fassung 2")).to_be_visible()
    expect(host.locator("section.change-request")).to_have_count(0)  # answered by Fassung 2
    resubmitted = mail.round(f"{SUBMITTED} (Fassung 2)")
    assert set(approval_links(resubmitted)) == APPROVERS

    # --- A version-2 mail, as a phone shows its HTML part: nothing wider than the screen.
    html = resubmitted["dormagen@akn.example"].get_body(preferencelist=("html",)).get_content()
    phone_mail = new_page()
    phone_mail.set_viewport_size(PHONE)
    phone_mail.set_content(html)
    expect(phone_mail.locator("body")).to_contain_text(AFTER)
    expect(phone_mail.locator("body")).to_contain_text("Fassung 2")
    assert phone_mail.evaluate("document.documentElement.scrollWidth <= 390"), phone_mail.evaluate(
        "document.documentElement.scrollWidth"
    )
    phone_mail.screenshot(path=screenshots.directory / "mail-phone.png", full_page=True)

    # --- Dormagen's contact sees her turn, reads what changed before the text, and approves on the forum page.
    dormagen = person(new_page, live_server, "dormagen@akn.example")
    task = tasks(dormagen).get_by_role("link", name=decision_task("Dormagen", 2))
    expect(task).to_be_visible()
    expect(task).to_have_attribute("href", re.compile(re.escape(decide_path) + "$"))
    screenshots.take(dormagen, "dashboard-approver")
    dormagen.get_by_role("main").get_by_role("link", name=TITLE, exact=True).click()
    expect(dormagen).to_have_url(forum_url)
    changed = dormagen.locator("section.changes")
    expect(changed.get_by_role("heading", name="Änderungen gegenüber Fassung 1")).to_be_visible()
    expect(changed.get_by_role("heading", name="TOP 2: Klimawoche 2027")).to_be_visible()
    expect(changed.locator("li.removed del")).to_have_text(f"Entfernt: {BEFORE}")
    expect(changed.locator("li.added ins")).to_have_text(f"Neu: {AFTER}")
    expect(changed.locator("h3")).to_have_count(1)  # only the revised item
    expect(dormagen.locator("section.changes ~ article.minutes")).to_contain_text(AFTER)  # read before the text
    assert changed.bounding_box()["y"] < dormagen.locator("article.minutes").bounding_box()["y"]
    approve_on_forum_page(dormagen, forum_url, "Dana Dorn", "Stadt Dormagen")
    assert len(smtp.messages) == mail.read  # a single approval sends no mail
    dashboard(dormagen, live_server)
    expect(tasks(dormagen).get_by_role("link", name=decision_task("Dormagen", 2))).to_have_count(0)
    expect(dormagen.locator("section.tasks")).to_contain_text(NOTHING_TO_DO)
    dormagen.goto(forum_url)
    expect(dormagen.locator("section.decision-due")).to_have_count(0)
    expect(dormagen.get_by_text(
        "Genehmigungen: Stadt Dormagen (29.11.2026). Es fehlen: Stadt Jüchen, Stadt Kaarst."
    )).to_be_visible()

    # One decision per member: Dormagen's second contact has nothing left to do.
    deller = person(new_page, live_server, "dormagen2@akn.example")
    expect(tasks(deller)).to_have_count(0)
    expect(deller.locator("section.tasks")).to_contain_text(NOTHING_TO_DO)
    screenshots.take(deller, "dashboard-contact")

    # --- Jüchen's and Kaarst's tasks are still there; Jüchen decides on the page her task links to.
    juechen = person(new_page, live_server, "juechen@akn.example")
    expect(tasks(juechen)).to_have_count(1)
    juechen_task = tasks(juechen).get_by_role("link", name=decision_task("Jüchen", 2))
    expect(juechen_task).to_be_visible()
    dashboard(host, live_server)
    expect(tasks(host).get_by_role("link", name=decision_task("Kaarst", 2))).to_be_visible()
    expect(tasks(host).get_by_role("link", name=f"Protokoll überarbeiten: {TITLE}")).to_have_count(0)

    juechen_task.click()
    expect(juechen).to_have_url(live_server(decide_path))
    expect(juechen.get_by_role("heading", name="Protokoll zur Genehmigung")).to_be_visible()
    expect(juechen.locator("main")).to_contain_text("Guten Tag Jana Jürgens, bitte prüfen Sie für Stadt Jüchen Fassung 2")
    expect(juechen.locator("section.changes li.added ins")).to_have_text(f"Neu: {AFTER}")
    juechen.get_by_role("button", name="Genehmigen", exact=True).click()
    expect(juechen.get_by_role("heading", name="Vielen Dank, Jana Jürgens")).to_be_visible()
    expect(juechen.locator("main")).to_contain_text(f"Ihre Genehmigung des Protokolls „{TITLE}“ für Stadt Jüchen ist erfasst.")
    dashboard(juechen, live_server)
    expect(tasks(juechen)).to_have_count(0)
    assert len(smtp.messages) == mail.read

    # --- Kaarst's second contact approves last, in the intranet: the minutes are approved.
    kuehn = person(new_page, live_server, "kaarst2@akn.example")
    expect(tasks(kuehn).get_by_role("link", name=decision_task("Kaarst", 2))).to_be_visible()
    approve_on_forum_page(kuehn, forum_url, "Klara Kühn", "Stadt Kaarst")
    expect(kuehn.locator("main")).to_contain_text(
        "Damit ist die Genehmigungsregel der Geschäftsordnung erfüllt: das Protokoll ist genehmigt."
    )
    approved = mail.round(f"Protokoll genehmigt: {TITLE} (Fassung 2)")
    assert all("ist genehmigt nach der Geschäftsordnung" in text(m) for m in approved.values())
    kuehn.goto(forum_url)
    expect(state(kuehn)).to_have_text("Protokoll genehmigt")
    expect(kuehn.locator("section.decision-due")).to_have_count(0)
    expect(kuehn.get_by_text(
        "Genehmigungen: Stadt Dormagen (29.11.2026), Stadt Jüchen (29.11.2026), Stadt Kaarst (29.11.2026)."
    )).to_be_visible()
    dashboard(host, live_server)
    expect(tasks(host)).to_have_count(0)  # Kaarst has decided, through its other contact

    # --- Now it is the coordinator's turn; the advisor has nothing to do.
    coordinator = person(new_page, live_server, COORDINATOR)
    distribute = tasks(coordinator).filter(has_text=f"Verteilen: {TITLE}")
    expect(distribute).to_have_count(1)
    expect(tasks(coordinator)).to_have_count(1)
    screenshots.take(coordinator, "dashboard-coordinator")
    distribute.get_by_role("link").click()
    expect(coordinator.get_by_role("heading", name=f"{TITLE}: Protokoll verteilen")).to_be_visible()

    advisor = person(new_page, live_server, ADVISOR)
    expect(tasks(advisor)).to_have_count(0)
    expect(advisor.locator("section.tasks")).to_contain_text(NOTHING_TO_DO)
    screenshots.take(advisor, "dashboard-advisor")
    mail.assert_quiet()
