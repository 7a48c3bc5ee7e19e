"""Accessibility (BITV 2.0 / WCAG 2.1 AA): axe-core over every page each person reaches, in every state.

A forum and a project stand in each state of the lifecycle side by side (planned, due to be held, held,
submitted for approval, change requested, approved in a second version, distributed, cancelled), taken
there through the test client on the live server's app with the steps of tests/forum_steps.py. Then, in
Chromium, one browser context per person (coordinator, host contact, another contact, advisor), the walk
follows every same-origin link from the dashboard (navigation and content) and audits each page once, at
1280 and at 390 px: axe-core (node_modules/, ``make axe``) with the WCAG 2.0/2.1 A and AA rules and the
best practices, exactly one h1, the skip link to <main id="inhalt">, nothing the Content-Security-Policy
forbids, no horizontal scrolling at 320 px. Then the pages of someone not logged in (login, a personal
approval link, an attendance reply, an invitation, spent links), the error pages, and one invalid submission
of each kind of form: the page it re-renders is audited, and the focus must be on its error summary.

Every page of each forum and project is audited (each stands for a state); of pages that differ only in another
id (a member, an outbox message, an action item) or in a query (a filter, a page of a list), two per template.
The people's walks go in step, so that axe-core runs in their browsers side by side. The figures go to
test-artifacts/axe-report.json and to the line "axe-core: N Seitenaufrufe geprüft, 0 Verstöße".
"""

import json
import re
import time
from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest

from ..conftest import AuthActions, Client
from ..forum_steps import HOST, PRESENT, approval_links, hold, plan, write_minutes
from ..test_attachments import PDF, upload
from ..test_contacts import _add as add_contact
from ..test_contacts import _link as invitation_link
from ..test_projects import project_data
from .conftest import ARTIFACTS, AUDIT_SUMMARY, DESKTOP, PHONE, require_axe
from .steps import COORDINATOR, login
from .test_meeting_browser import REPLY_LINK

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the browser fixture skips the test (fails it with AKN_REQUIRE_BROWSER=1)
    Page = expect = None

pytestmark = pytest.mark.browser

OTHER = "juechen@akn.example"  # a contact of a member present and taking part: she approves, and has an action item
ADVISOR = "beratung@akn.example"
PEOPLE = {"Koordination": COORDINATOR, "Gastgeber": HOST, "Ansprechperson": OTHER, "Beratung": ADVISOR}
NOBODY = "nicht angemeldet"
NEW_CONTACT = "gina.neu@grevenbroich.example"

VIEWPORTS = {"1280": DESKTOP, "390": PHONE}
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: reflow without scrolling sideways
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SAMPLED = 2  # pages of one template that differ only in an id or a query (outbox messages, list pages)

# state of the activity → its German label in the report; "due" is planned, with its date passed
STATES = {
    "planned": "geplant",
    "due": "geplant, Termin vorbei",
    "held": "durchgeführt, Entwurf in Arbeit",
    "submitted": "zur Genehmigung eingereicht",
    "changes_requested": "Änderungen angefordert",
    "approved": "genehmigt (Fassung 2)",
    "distributed": "verteilt",
    "cancelled": "abgesagt",
}
LIFECYCLE = {"due": "planned", "submitted": "minutes_drafted", "changes_requested": "held"}  # the others: their name
HELD = ("held", "submitted", "changes_requested", "approved", "distributed")
SUBMITTED = HELD[1:]
WORLD = "alle Zustände nebeneinander"

ACTIVITY = re.compile(r"^/(foren|projekte)/(\d+)")
DOWNLOAD = re.compile(r"\.(pdf|ics|json|atom)$|/anlagen/\d+$")  # files, not pages (an Atom feed too)
PAGE_FACTS = """() => ({
  h1: document.querySelectorAll("h1").length,
  skipLink: document.querySelector("body > a.skip-link:first-child")?.getAttribute("href") === "#inhalt"
    && document.querySelectorAll("main#inhalt").length === 1,
  inline: document.querySelectorAll("[style], style, script:not([src])").length,
  links: [...document.querySelectorAll("a[href]")].map(a => a.href),
})"""
AXE_START = """tags => {
  window.axeViolations = axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(result => result.violations.map(v => ({
      rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
    })));
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
SUMMARY_HEADING = re.compile(r"^Bitte korrigieren Sie diese (Angabe|\d+ Angaben):$")
SUMMARY_LINKS = """() => [...document.querySelectorAll(".error-summary a")].map(a => {
  const target = document.getElementById(a.hash.slice(1));
  const option = target?.type === "checkbox" || target?.type === "radio";  // of a group: the fieldset is described
  const label = option ? target.closest("fieldset").querySelector("legend") : target?.labels[0];
  const described = (option ? target.closest("fieldset") : target)?.getAttribute("aria-describedby") || "";
  return {
    link: a.textContent,
    label: label?.textContent.trim(),
    invalid: option || target?.getAttribute("aria-invalid") === "true",
    described: described.split(" ").map(id => document.getElementById(id)?.textContent || "").join(" "),
  };
})"""


@dataclass
class World:
    """Ids of the forum and the project in each state, and the personal links of people not logged in."""

    forums: dict[str, int]
    projects: dict[str, int]
    approval_link: str  # valid: a contact of a member present, for the submitted forum
    spent_link: str  # used for the distributed forum
    reply_link: str  # an attendance reply to the planned forum
    invitation_link: str  # a new contact sets a password
    action_item: int  # an open one of Stadt Jüchen

    def state_of(self, path: str) -> str:
        match = ACTIVITY.match(path)
        if not match:
            return WORLD
        ids = self.forums if match.group(1) == "foren" else self.projects
        return next((STATES[state] for state, id_ in ids.items() if id_ == int(match.group(2))), WORLD)


@pytest.fixture
def outbox_only(live_server):
    """The live server without a mail server (README: the outbox is then the way mail goes): nothing is sent
    while the pages are audited (the distribution mails would lay out PDFs), and the outbox keeps the links."""
    live_server.app.config["AKN_SEND_MAIL"] = False
    return live_server


def build_world(app, clock, database) -> World:
    """Every state side by side, reached as the people would: through the forms, by the test client."""
    app.test_client_class = Client
    client = app.test_client()
    auth = AuthActions(client)
    auth.login(COORDINATOR)
    forums, projects = {}, {}
    for number, state in enumerate(STATES, start=1):
        later = state == "planned"  # the one that waits for its date
        day = "2027-01-20" if later else "2026-11-28"
        assert plan(client, database, number=number, title=f"{number}. Kooperationsforum", day=day).status_code == 302
        forums[state] = database.latest_forum().id
        dates = {"starts_on": "2027-01-15", "ends_on": "2027-02-15"} if later else {}
        assert client.submit("/projekte/neu", project_data(database, title=f"Projekt {number}", **dates)).status_code == 302
        projects[state] = database.latest_project().id
    for kind, ids in (("foren", forums), ("projekte", projects)):
        cancel = client.submit(f"/{kind}/{ids['cancelled']}/aktion/cancel", {"comment": "Fällt wegen Terminüberschneidung aus."})
        assert cancel.status_code == 302
    auth.logout()

    clock.advance(days=11)  # the forums (28.11.) and the projects (1.12.) have taken place
    auth.login(HOST)
    present = database.user_ids(*PRESENT)
    for state in HELD:
        assert hold(client, forums[state], present).status_code == 302
        assert client.submit(f"/projekte/{projects[state]}/aktion/hold").status_code == 302
    assert upload(client, database.activity(forums["held"]), "Programm Klimawoche 2027.pdf", PDF).status_code == 302
    jüchen = database.member_id("Jüchen")
    # the flyer carries out the decision of TOP 2, so the Beschlussregister shows a decision with its task
    tasks = [("Flyer für die Klimawoche entwerfen", jüchen, "2026-12-15", "2.1"), ("Saal reservieren", jüchen, "2026-11-30")]
    decisions = [[], ["Die Allianz richtet im Mai eine gemeinsame Klimawoche aus."]]
    notes = ["Begrüßung durch die Stadt Kaarst.", "Die Klimawoche findet im Mai statt.", "Nächstes Forum im Frühjahr."]

    def write(state: str, action: str, text: list[str] = notes) -> None:
        for activity_id in (forums[state], projects[state]):
            response = write_minutes(
                client, database.activity(activity_id), text, action=action, action_items=tasks, decisions=decisions
            )
            assert response.status_code == 302, response.status_code

    write("held", "save")
    for state in SUBMITTED:
        write(state, "submit")
    auth.logout()

    def links(state: str) -> list[dict[str, str]]:
        """Recipient → personal approval link of the latest version, for the forum and the project."""
        return [approval_links(database.outbox(database.activity(ids[state]), "minutes_submitted")) for ids in (forums, projects)]

    def decide(state: str, addresses: tuple[str, ...], data: dict) -> None:
        for personal in links(state):
            for address in addresses:
                assert client.submit(f"/genehmigung/{personal[address]}", data).status_code == 200

    change = {"action": "request_changes", "comment": "Bitte TOP 2 um den Termin ergänzen."}
    decide("changes_requested", (OTHER,), change)
    decide("approved", (OTHER,), change)
    decide("submitted", ("dormagen@akn.example",), {"action": "approve"})
    auth.login(HOST)
    write("approved", "submit", [*notes[:1], "Die Klimawoche findet am 12. Mai statt.", *notes[2:]])
    auth.logout()
    for state in ("approved", "distributed"):
        decide(state, PRESENT, {"action": "approve"})
    auth.login(COORDINATOR)
    for kind, ids in (("foren", forums), ("projekte", projects)):
        assert client.submit(f"/{kind}/{ids['distributed']}/aktion/distribute").status_code == 302
    assert add_contact(client, database, "Grevenbroich", email=NEW_CONTACT, name="Gina Neu").status_code == 302
    auth.logout()
    for state in STATES:
        assert {database.activity(ids[state]).state for ids in (forums, projects)} == {LIFECYCLE.get(state, state)}

    invitations = database.outbox(database.activity(forums["planned"]), "invitation")
    reply = next(REPLY_LINK.search(m.body_text).group(0) for m in invitations if m.recipient == OTHER)
    return World(
        forums=forums,
        projects=projects,
        approval_link=f"/genehmigung/{links('submitted')[0][OTHER]}",
        spent_link=f"/genehmigung/{links('distributed')[0]['dormagen@akn.example']}",
        reply_link=urlsplit(reply).path,
        invitation_link=invitation_link(database, NEW_CONTACT),
        action_item=next(i.id for i in database.activity(forums["distributed"]).action_items if i.member_id == jüchen),
    )


@dataclass
class Shown:
    """A page on screen in one person's browser, and what the report calls it."""

    page: Page
    who: str
    what: str


class Walk:
    """One person's way through the site: the links still to open, each URL once, in one or more tabs."""

    def __init__(self, pages: list[Page], who: str, origin: str) -> None:
        self.pages, self.who, self.origin = pages, who, origin
        self.queue: deque[str] = deque(["/"])
        self.seen: set[str] = {"/"}
        self.sampled: Counter[str] = Counter()

    def follow(self, links: list[str]) -> None:
        """Queue the same-origin links not seen yet (no downloads; a few pages of each sampled template)."""
        for link in links:
            url = urlsplit(link)
            found = url.path + (f"?{url.query}" if url.query else "")
            if f"{url.scheme}://{url.netloc}" != self.origin or DOWNLOAD.search(url.path) or found in self.seen:
                continue
            self.seen.add(found)
            self.sampled[template := template_of(found)] += 1
            if self.sampled[template] <= SAMPLED or not sampled_only(found):
                self.queue.append(found)


class Audit:
    """axe-core and the page checks on each page shown, once per person, URL and viewport."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.views: list[dict] = []
        self.problems: list[str] = []

    def check(self, shown: list[Shown]) -> list[list[str]]:
        """Audit pages shown in several browsers at once: axe-core runs in each one's renderer side by side.
        The same-origin links each page offers."""
        facts = [item.page.evaluate(PAGE_FACTS) for item in shown]
        states = [self.world.state_of(urlsplit(item.page.url).path) for item in shown]
        places = [f"{item.what} [{item.who}; {state}]" for item, state in zip(shown, states, strict=True)]
        for where, found in zip(places, facts, strict=True):
            if found["h1"] != 1:
                self.problems.append(f"{where}: {found['h1']} Überschriften h1 statt genau einer")
            if not found["skipLink"]:
                self.problems.append(f"{where}: kein Link „Zum Inhalt springen“ als Erstes auf <main id=\"inhalt\">")
            if found["inline"]:
                self.problems.append(f"{where}: {found['inline']} Inline-Skripte oder -Stile (die CSP verbietet sie)")
        for width, size in VIEWPORTS.items():
            for item in shown:
                item.page.set_viewport_size(size)
                item.page.evaluate(AXE_START, AXE_TAGS)  # not awaited here: the pages run it side by side
            for item, state in zip(shown, states, strict=True):
                view = {"who": item.who, "state": state, "page": item.what, "width": int(width)}
                self.views.append({**view, "violations": item.page.evaluate("() => window.axeViolations")})
        for item, where in zip(shown, places, strict=True):
            item.page.set_viewport_size(NARROWEST)
            if (overflow := item.page.evaluate(OVERFLOW)) > 0:
                self.problems.append(f"{where}: bei 320 px {overflow} px seitlich zu scrollen")
            item.page.set_viewport_size(DESKTOP)
        return [found["links"] for found in facts]

    def open(self, page: Page, who: str, url: str, status: int = 200) -> Shown:
        response = page.goto(url)
        if response.status != status:
            self.problems.append(f"{url} [{who}]: Status {response.status} statt {status}")
        return Shown(page, who, url)

    def visit(self, page: Page, who: str, url: str, status: int = 200) -> None:
        self.check([self.open(page, who, url, status)])

    def walk(self, walks: list[Walk]) -> None:
        """Everyone's walk from the dashboard in step: a page in each tab at a time, audited side by side."""
        while any(walk.queue for walk in walks):
            opened: list[tuple[Walk, Shown]] = []
            for walk in walks:
                for page in walk.pages[: len(walk.queue)]:
                    opened.append((walk, self.open(page, walk.who, walk.origin + walk.queue.popleft())))
            for (walk, _), links in zip(opened, self.check([shown for _, shown in opened]), strict=True):
                walk.follow(links)

    def report(self) -> dict:
        violations = [
            {**v, "who": view["who"], "state": view["state"], "page": view["page"], "width": view["width"]}
            for view in self.views
            for v in view["violations"]
        ]
        views = [{**view, "violations": len(view["violations"])} for view in self.views]
        return {"axe_core_tags": AXE_TAGS, "page_views": len(views), "violations": violations, "problems": self.problems,
                "views": views}


def template_of(path: str) -> str:
    """What pages of one template share: ids other than the activity's, and the names of the query's keys."""
    path, _, query = path.partition("?")
    match = ACTIVITY.match(path)
    head, rest = (match.group(0), path[match.end() :]) if match else ("", path)
    return head + re.sub(r"\d+", "<n>", rest) + "?" + "&".join(sorted(key for key, _ in parse_qsl(query)))


def sampled_only(path: str) -> bool:
    """Pages of a member, a person, a message, an action item, and a list's filtered or paged views: a few stand for all
    (the pages of each forum and project are all seen: each stands for a state)."""
    return not template_of(path).endswith("?") or "<n>" in template_of(path)


def readable(report: dict) -> str:
    lines = list(report["problems"])
    for v in report["violations"]:
        lines.append(f"{v['rule']} ({v['impact']}): {v['help']} – {v['page']} [{v['who']}; {v['state']}; {v['width']} px]")
        lines += [f"    {target}" for target in v["targets"][:5]]
    return "\n".join(lines)


@dataclass
class Invalid:
    """One invalid submission of a kind of form: who, on which page, what they enter, which button."""

    who: str
    path: str
    button: str
    entries: tuple[tuple[str, str | bool], ...] = ()


UNASSIGNED = (("Aufgabe 3", "Ohne Verantwortliche"),)  # a task needs a responsible member


def invalid_submissions(world: World) -> list[Invalid]:
    forum, project = world.forums, world.projects
    return [
        Invalid(NOBODY, "/anmelden", "Anmelden"),
        Invalid(NOBODY, world.approval_link, "Änderungen anfordern"),
        Invalid(NOBODY, world.reply_link, "Antwort speichern", (("Vertretung", True),)),
        Invalid(NOBODY, world.invitation_link, "Passwort festlegen"),
        Invalid("Koordination", "/foren/neu", "Planen und einladen"),
        Invalid("Koordination", f"/foren/{forum['planned']}/bearbeiten", "Speichern", (("Ort", ""),)),
        Invalid("Koordination", "/foren/nacherfassen", "Nacherfassen"),
        Invalid("Koordination", "/foren/jahresplanung", "Vorschlag anzeigen", (("Jahr", "1999"),)),
        Invalid("Koordination", f"/foren/{forum['due']}/aktion/cancel", "Forum absagen"),
        Invalid("Koordination", "/projekte/neu", "Anlegen und informieren"),
        Invalid("Koordination", f"/projekte/{project['planned']}/bearbeiten", "Speichern", (("Titel", ""),)),
        Invalid("Koordination", "/projekte/nacherfassen", "Nacherfassen"),
        Invalid("Koordination", "/projekte/handlungsfelder", "Anlegen"),
        Invalid("Koordination", "/geschaeftsordnung/bearbeiten", "Änderung beschließen"),
        Invalid("Koordination", "/geschaeftsordnung/", "Zum Verteiler hinzufügen", (("E-Mail-Adresse", "kein-at"),)),
        Invalid("Koordination", "/ansprechpersonen/neu", "Hinzufügen und einladen"),
        Invalid("Koordination", "/mitglieder/neu", "Beitritt erfassen"),
        Invalid("Gastgeber", f"/foren/{forum['due']}/durchgefuehrt", "Als durchgeführt markieren"),
        Invalid("Gastgeber", f"/foren/{forum['held']}/protokoll", "Entwurf speichern", UNASSIGNED),
        Invalid("Gastgeber", f"/projekte/{project['held']}/bericht", "Entwurf speichern", UNASSIGNED),
        Invalid("Gastgeber", f"/foren/{forum['held']}/anlagen", "Hochladen"),
        Invalid("Gastgeber", "/passwort", "Passwort ändern"),
        Invalid("Ansprechperson", f"/foren/{forum['submitted']}/entscheidung", "Änderungen anfordern"),
        Invalid("Ansprechperson", f"/aufgaben/{world.action_item}/erledigt", "Als erledigt markieren"),
    ]


def submit_invalid(page: Page, audit: Audit, origin: str, form: Invalid) -> None:
    """Enter what is wrong, press the button; the re-rendered page is audited, its summary has the focus."""
    page.goto(origin + form.path)
    for label, value in form.entries:
        field = page.get_by_label(label, exact=True)
        field.check() if value is True else field.fill(value)
    page.get_by_role("button", name=form.button, exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text(SUMMARY_HEADING)
    for link in page.evaluate(SUMMARY_LINKS):  # each names a field by its label, which is marked invalid and names the error
        assert link["label"] and link["link"].startswith(f"{link['label']}: ") and link["invalid"], f"{form.path}: {link}"
        assert link["link"].removeprefix(f"{link['label']}: ") in link["described"], f"{form.path}: {link}"
    audit.check([Shown(page, form.who, f"{form.path} (abgeschickt mit Fehlern)")])


def test_every_page_of_every_person_in_every_state_passes_axe_core(outbox_only, live_database, browser, clock, pytestconfig):
    axe = str(require_axe())
    started = time.monotonic()
    live_server = outbox_only
    world = build_world(live_server.app, clock, live_database)
    audit = Audit(world)
    origin = live_server("")

    def person(who: str) -> Page:
        """A browser of their own; axe-core is on every page it opens, run before the page's own scripts and so
        not subject to the strict Content-Security-Policy, which stays on (a script tag would need it off)."""
        context = browser.new_context(viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin")
        context.set_default_timeout(10_000)
        context.add_init_script(path=axe)
        return context.new_page()

    pages = {who: person(who) for who in (NOBODY, *PEOPLE)}
    tabs = {who: [page] for who, page in pages.items()}
    tabs["Koordination"].append(pages["Koordination"].context.new_page())  # who sees most: two tabs keep up with the rest
    try:
        anonymous = pages[NOBODY]
        audit.visit(anonymous, NOBODY, origin + "/anmelden")
        for path, status in (
            (world.approval_link, 200),
            (world.reply_link, 200),
            (world.invitation_link, 200),
            (world.spent_link, 410),
            ("/ergebnisse/", 200),
            ("/genehmigung/kein-gueltiger-link", 404),
            ("/gibt-es-nicht", 404),
        ):
            audit.visit(anonymous, NOBODY, origin + path, status)
        for who, email in PEOPLE.items():
            login(pages[who], live_server, email)
            skip_link_moves_focus_to_main(pages[who])
        audit.walk([Walk(tabs[who], who, origin) for who in PEOPLE])
        audit.check([
            audit.open(pages["Gastgeber"], "Gastgeber", origin + f"/foren/{world.forums['distributed']}/durchgefuehrt", 409),
            audit.open(pages["Ansprechperson"], "Ansprechperson", origin + "/foren/neu", 403),
            audit.open(pages["Beratung"], "Beratung", origin + "/foren/99999", 404),
            audit.open(pages["Gastgeber"], "Gastgeber", origin + "/suche?q=Klimawoche", 200),  # hits with snippets
            audit.open(pages["Beratung"], "Beratung", origin + "/suche?q=Klima&jahr=neunzehn", 422),
        ])
        for form in invalid_submissions(world):
            submit_invalid(pages[form.who], audit, origin, form)
        minutes_fields_say_their_agenda_item(pages["Gastgeber"], origin + f"/foren/{world.forums['held']}/protokoll")
    finally:
        for page in pages.values():
            page.context.close()  # and its tabs

    report = audit.report()
    seconds = round(time.monotonic() - started)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-report.json").write_text(json.dumps({**report, "seconds": seconds}, ensure_ascii=False, indent=1))
    summary = f"axe-core: {report['page_views']} Seitenaufrufe geprüft, {len(report['violations'])} Verstöße ({seconds} s)"
    pytestconfig.stash[AUDIT_SUMMARY] = summary
    assert not report["violations"] and not report["problems"], readable(report)
    assert report["page_views"] > 300  # every person saw every state: a walk that stopped early would be far less


def skip_link_moves_focus_to_main(page: Page) -> None:
    """The first Tab reaches the skip link, visibly; Enter puts the focus on the content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # the focus style of its own
    page.keyboard.press("Enter")
    expect(page.locator("main#inhalt")).to_be_focused()


def minutes_fields_say_their_agenda_item(page: Page, editor: str) -> None:
    """Each of the repeated fields is named after what it belongs to."""
    page.goto(editor)
    notes = page.get_by_label("Notizen zu TOP 2: Klimawoche 2027", exact=True)
    expect(notes).to_have_value("Die Klimawoche findet im Mai statt.")
    expect(page.get_by_label("Beschlüsse zu TOP 3: Verschiedenes", exact=True)).to_be_visible()
    expect(page.get_by_label("Verantwortlich für Aufgabe 1", exact=True).locator("option:checked")).to_have_text("Stadt Jüchen")
    expect(page.get_by_label("Fällig bis (Aufgabe 2)", exact=True)).to_have_value("2026-11-30")
    decided = "Die Allianz richtet im Mai eine gemeinsame Klimawoche aus."
    expect(page.get_by_label("Beschluss 1 zu TOP 2: Klimawoche 2027", exact=True)).to_have_value(decided)
    carries_out = page.get_by_label("Setzt Beschluss um (Aufgabe 1)", exact=True).locator("option:checked")
    expect(carries_out).to_have_text(f"Beschluss 1 zu TOP 2: Klimawoche 2027 – {decided}")
