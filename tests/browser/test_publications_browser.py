"""The coordinator publishes a distributed forum's result after its preview; someone not logged in reads it on
"Ergebnisse der Allianz" and in the Atom feed; withdrawn, it is gone from both at once."""

from xml.etree import ElementTree

import pytest

from ..conftest import AuthActions, Client
from ..forum_steps import advance_to
from .conftest import DESKTOP, PHONE, require_axe
from .steps import COORDINATOR, flash, login
from .test_accessibility_browser import AXE_START, AXE_TAGS, OVERFLOW, PAGE_FACTS

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips the test (fails it with AKN_REQUIRE_BROWSER=1)
    expect = None

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "Gemeinsame Klimawoche im Mai 2027"
SUMMARY = "Die Allianz lädt im **Mai 2027** zur Klimawoche ein.\n\n# Nächste Schritte\n\nPlakate bis März."


def feed_titles(page) -> list[str]:
    """The entries' titles of the feed the page names in its <link rel="alternate">, fetched by its browser."""
    href = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    response = page.context.request.get(page.url.split("/ergebnisse")[0] + href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    assert "no-cache" in response.headers["cache-control"]
    feed = ElementTree.fromstring(response.body())
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def distributed_forum(live_server, live_database, clock):
    """A forum taken to "distributed" through the test client on the live server's app."""
    live_server.app.config["AKN_SEND_MAIL"] = False  # the outbox keeps the mail: no PDFs laid out meanwhile
    live_server.app.test_client_class = Client
    client = live_server.app.test_client()
    return advance_to("distributed", client, AuthActions(client), clock, live_database)


def publish(page, live_server, forum) -> None:
    page.goto(live_server(f"/foren/{forum.id}"))
    page.get_by_role("link", name="Ergebnis veröffentlichen …").click()
    page.get_by_label("Titel", exact=True).fill(TITLE)
    page.get_by_label("Zusammenfassung (Markdown)").fill(SUMMARY)
    page.get_by_role("button", name="Vorschau").click()
    page.get_by_role("button", name="Veröffentlichen", exact=True).click()
    expect(flash(page)).to_contain_text("steht jetzt öffentlich")


def test_publish_and_withdraw_a_result_seen_by_someone_not_logged_in(live_server, live_database, clock, new_page):
    forum = distributed_forum(live_server, live_database, clock)

    visitor = new_page()  # a browser of its own, never logged in
    visitor.goto(live_server("/anmelden"))
    visitor.get_by_role("link", name="Ergebnisse der Allianz").click()
    expect(visitor.get_by_role("heading", name="Ergebnisse der Allianz", level=1)).to_be_visible()
    expect(visitor.get_by_text("Noch sind keine Ergebnisse veröffentlicht.")).to_be_visible()
    assert feed_titles(visitor) == []

    coordinator = new_page()
    login(coordinator, live_server, COORDINATOR)
    coordinator.goto(live_server(f"/foren/{forum.id}"))
    coordinator.get_by_role("link", name="Ergebnis veröffentlichen …").click()
    expect(coordinator.get_by_label("Zusammenfassung (Markdown)")).to_contain_text("Klimawoche 2027")  # the agenda
    expect(coordinator.get_by_role("button", name="Veröffentlichen", exact=True)).to_have_count(0)
    coordinator.get_by_label("Titel", exact=True).fill(TITLE)
    coordinator.get_by_label("Zusammenfassung (Markdown)").fill(SUMMARY)
    coordinator.get_by_role("button", name="Vorschau").click()

    preview = coordinator.locator("section.preview")
    expect(preview.get_by_role("heading", level=3)).to_have_text(TITLE)
    expect(preview.locator("strong")).to_have_text("Mai 2027")
    expect(preview.get_by_role("heading", name="Nächste Schritte", level=4)).to_be_visible()
    expect(preview).to_contain_text("Stadt Kaarst, Stadt Dormagen, Stadt Jüchen")
    visitor.reload()
    expect(visitor.get_by_text("Noch sind keine Ergebnisse veröffentlicht.")).to_be_visible()  # a preview is private

    coordinator.get_by_role("button", name="Veröffentlichen", exact=True).click()
    expect(flash(coordinator)).to_contain_text("steht jetzt öffentlich")

    visitor.reload()
    result = visitor.locator("article.result")
    expect(result.get_by_role("heading", name=TITLE, level=3)).to_be_visible()
    expect(result.locator("strong")).to_have_text("Mai 2027")
    expect(result).to_contain_text("Stadt Kaarst, Stadt Dormagen, Stadt Jüchen")
    assert feed_titles(visitor) == [TITLE]
    result.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    detail = visitor.url

    coordinator.get_by_role("link", name="Veröffentlichung zurücknehmen …").click()
    expect(coordinator.locator("p.notice")).to_contain_text("verschwindet sofort")
    coordinator.get_by_role("button", name="Veröffentlichung zurücknehmen").click()
    expect(flash(coordinator)).to_contain_text("nicht mehr öffentlich")
    expect(coordinator.get_by_role("link", name="Ergebnis veröffentlichen …")).to_be_visible()

    assert visitor.goto(detail).status == 404
    visitor.goto(live_server("/ergebnisse/"))
    expect(visitor.get_by_text("Noch sind keine Ergebnisse veröffentlicht.")).to_be_visible()
    expect(visitor.get_by_text(TITLE)).to_have_count(0)
    assert feed_titles(visitor) == []


def violations(page) -> list[str]:
    """axe-core's findings (WCAG 2.1 A/AA and best practices) at 1280 and 390 px, and the page checks of the
    site-wide audit: one h1, the skip link, nothing inline, no sideways scrolling at 320 px."""
    found = page.evaluate(PAGE_FACTS)
    problems = [] if found["h1"] == 1 and found["skipLink"] and not found["inline"] else [f"{page.url}: {found}"]
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.evaluate(AXE_START, AXE_TAGS)
        problems += [f"{page.url}: {v['rule']} {v['targets']}" for v in page.evaluate("() => window.axeViolations")]
    page.set_viewport_size({"width": 320, "height": 640})
    if page.evaluate(OVERFLOW) > 0:
        problems.append(f"{page.url}: bei 320 px seitlich zu scrollen")
    page.set_viewport_size(DESKTOP)
    return problems


def test_the_pages_of_a_published_result_pass_axe_core(live_server, live_database, clock, new_page):
    axe = str(require_axe())
    forum = distributed_forum(live_server, live_database, clock)
    coordinator, visitor = new_page(), new_page()
    for page in (coordinator, visitor):
        page.context.add_init_script(path=axe)
    login(coordinator, live_server, COORDINATOR)
    problems = []
    coordinator.goto(live_server(f"/foren/{forum.id}/veroeffentlichen"))
    coordinator.get_by_role("button", name="Vorschau").click()
    expect(coordinator.locator("section.preview")).to_be_visible()
    problems += violations(coordinator)
    coordinator.get_by_label("Titel", exact=True).fill("")
    coordinator.get_by_role("button", name="Vorschau").click()
    expect(coordinator.locator(".error-summary")).to_be_focused()
    problems += violations(coordinator)
    publish(coordinator, live_server, forum)
    problems += violations(coordinator)  # the forum's page with its box
    coordinator.goto(live_server(f"/foren/{forum.id}/veroeffentlichung-zuruecknehmen"))
    problems += violations(coordinator)
    for path in ("/ergebnisse/", f"/ergebnisse/{forum.id}"):
        visitor.goto(live_server(path))
        problems += violations(visitor)
    assert problems == []
