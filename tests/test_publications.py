"""Ergebnisse der Allianz: the coordinator publishes a distributed forum's or project's result after a preview,
anyone reads it on /ergebnisse/ and in the Atom feed, and withdrawing it removes it from both at once."""

import re
from xml.etree import ElementTree

from akn_intranet.demo import DEMO_CONTACTS
from akn_intranet.extensions import db
from akn_intranet.forums.models import Forum
from akn_intranet.publications.operations import proposed_summary
from bench.queries import recorded

from .conftest import FormFinder
from .forum_steps import COORDINATOR, HOST, advance_to, approval_links, plan, write_minutes
from .test_projects import project_data

ATOM = "{http://www.w3.org/2005/Atom}"
CONTACT_NAMES = [name for _, _, name in DEMO_CONTACTS]
TITLE = "Klimawoche 2027 beschlossen"
SUMMARY = "Die Allianz lädt im **Mai 2027** zur gemeinsamen Klimawoche ein.\n\n# Nächste Schritte\n\nPlakate bis März."


def publish_path(activity) -> str:
    return f"/{'foren' if activity.kind == 'forum' else 'projekte'}/{activity.id}/veroeffentlichen"


def withdraw_path(activity) -> str:
    return f"/{'foren' if activity.kind == 'forum' else 'projekte'}/{activity.id}/veroeffentlichung-zuruecknehmen"


def preview(client, activity, title: str = TITLE, summary: str = SUMMARY):
    return client.submit(publish_path(activity), {"title": title, "summary": summary, "action": "preview"})


def publish_after_preview(client, activity, title: str = TITLE, summary: str = SUMMARY):
    """Press "Vorschau", then "Veröffentlichen" on the page the preview rendered (with what it remembers)."""
    shown = preview(client, activity, title, summary)
    assert shown.status_code == 200
    finder = FormFinder(publish_path(activity))
    finder.feed(shown.get_data(as_text=True))
    hidden = finder.forms[publish_path(activity)]
    return client.post(publish_path(activity), data={**hidden, "title": title, "summary": summary, "action": "publish"})


def distributed_project(client, auth, clock, database, **overrides):
    """A project with Kaarst leading, Dormagen and Jüchen taking part, its report approved and distributed."""
    auth.login(COORDINATOR)
    assert client.submit("/projekte/neu", project_data(database, field_ids=[1, 2], **overrides)).status_code == 302
    project = database.latest_project()
    clock.advance(days=11)
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    auth.logout()
    auth.login(HOST)
    assert write_minutes(client, database.latest_project(), ["250.000 km.", "38 t CO2.", ""], action="submit").status_code == 302
    auth.logout()
    links = approval_links(database.outbox(project, "minutes_submitted"))
    for address in ("kaarst2@akn.example", "dormagen@akn.example", "juechen@akn.example"):  # one per member
        assert client.submit(f"/genehmigung/{links[address]}", {"action": "approve"}).status_code == 200
    auth.login(COORDINATOR)
    assert client.submit(f"/projekte/{project.id}/aktion/distribute").status_code == 302
    auth.logout()
    project = database.latest_project()
    assert project.state == "distributed"
    return project


def feed_of(client) -> ElementTree.Element:
    response = client.get("/ergebnisse/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    assert "no-cache" in response.headers["Cache-Control"]
    return ElementTree.fromstring(response.data)


def entries(feed: ElementTree.Element) -> list[ElementTree.Element]:
    return feed.findall(f"{ATOM}entry")


def test_preview_publish_and_withdraw_a_forum_result(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    assert "Noch sind keine Ergebnisse veröffentlicht." in client.get("/ergebnisse/").get_data(as_text=True)
    assert entries(feed_of(client)) == []

    auth.login(COORDINATOR)
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Ergebnis veröffentlichen …" in page
    form = client.get(publish_path(forum)).get_data(as_text=True)
    assert "Klimawoche 2027" in form and "# Tagesordnung" in form  # the agenda proposed as the summary
    assert not any(name in form.split("<textarea")[1] for name in CONTACT_NAMES)
    assert 'value="publish"' not in form  # nothing to publish before a preview

    shown = preview(client, forum)
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "Vorschau: so erscheint es" in text and "<strong>Mai 2027</strong>" in text
    assert "<h4>Nächste Schritte</h4>" in text  # under the result's h3, as on the public page
    assert "Stadt Kaarst, Stadt Dormagen, Stadt Jüchen" in text  # the host first, then those present
    assert database.history(forum)[-1][0] == "distribute"  # a preview stores nothing
    auth.logout()
    assert TITLE not in client.get("/ergebnisse/").get_data(as_text=True)

    auth.login(COORDINATOR)
    changed = publish_after_preview(client, forum, summary=SUMMARY)
    assert changed.status_code == 302
    auth.logout()

    public = client.get("/ergebnisse/")  # anonymous
    assert public.status_code == 200
    html = public.get_data(as_text=True)
    assert html.count("<h1") == 1 and 'class="skip-link"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert TITLE in html and "<strong>Mai 2027</strong>" in html and "Kooperationsforum" in html
    assert "Stadt Kaarst, Stadt Dormagen, Stadt Jüchen" in html
    assert "Gemeinde Rommerskirchen" in html and "Rhein-Kreis Neuss" in html  # the alliance's members are listed
    assert not any(name in html for name in CONTACT_NAMES) and "@akn.example" not in html
    assert client.get(f"/ergebnisse/{forum.id}").status_code == 200

    [entry] = entries(feed_of(client))
    assert entry.findtext(f"{ATOM}title") == TITLE
    assert entry.findtext(f"{ATOM}id") == f"tag:localhost,2026:ergebnisse/forum-{forum.id}"
    assert "&lt;strong&gt;" not in entry.findtext(f"{ATOM}content")  # escaped once, HTML after parsing
    assert "<strong>Mai 2027</strong>" in entry.findtext(f"{ATOM}content")
    assert "Stadt Kaarst, Stadt Dormagen, Stadt Jüchen" in entry.findtext(f"{ATOM}content")  # with its facts
    assert not any(name in ElementTree.tostring(entry, encoding="unicode") for name in CONTACT_NAMES)

    auth.login(COORDINATOR)
    assert "Veröffentlichung zurücknehmen …" in client.get(f"/foren/{forum.id}").get_data(as_text=True)
    confirmation = client.get(withdraw_path(forum))
    assert "verschwindet sofort" in confirmation.get_data(as_text=True)
    assert client.submit(withdraw_path(forum)).status_code == 302
    assert client.get(withdraw_path(forum)).status_code == 409  # nothing left to withdraw
    history = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Ergebnis veröffentlicht" in history and "Veröffentlichung zurückgenommen" in history
    auth.logout()

    assert TITLE not in client.get("/ergebnisse/").get_data(as_text=True)
    assert client.get(f"/ergebnisse/{forum.id}").status_code == 404
    assert entries(feed_of(client)) == []
    assert [h[0] for h in database.history(forum)][-2:] == ["publish", "withdraw_publication"]


def test_a_text_changed_after_the_preview_is_previewed_again(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    auth.login(COORDINATOR)
    shown = preview(client, forum)
    finder = FormFinder(publish_path(forum))
    finder.feed(shown.get_data(as_text=True))
    data = {**finder.forms[publish_path(forum)], "title": TITLE, "summary": "Ein anderer Text.", "action": "publish"}
    again = client.post(publish_path(forum), data=data)
    assert again.status_code == 200
    assert "Ein anderer Text." in again.get_data(as_text=True).split("Vorschau: so erscheint es")[1]
    assert database.history(forum)[-1][0] == "distribute"


def test_changing_a_published_result_keeps_its_entry(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    auth.login(COORDINATOR)
    assert publish_after_preview(client, forum).status_code == 302
    first = entries(feed_of(client))[0]
    clock.advance(days=2)
    form = client.get(publish_path(forum)).get_data(as_text=True)
    assert "Klimawoche 2027 beschlossen" in form and "Plakate bis März." in form  # the published text to edit
    assert publish_after_preview(client, forum, title="Klimawoche im Mai").status_code == 302
    [entry] = entries(feed_of(client))
    assert entry.findtext(f"{ATOM}title") == "Klimawoche im Mai"
    assert entry.findtext(f"{ATOM}id") == first.findtext(f"{ATOM}id")
    assert entry.findtext(f"{ATOM}published") == first.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated") > first.findtext(f"{ATOM}updated")
    assert [h[0] for h in database.history(forum)][-2:] == ["publish", "change_publication"]


def test_the_feed_is_atom(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    auth.login(COORDINATOR)
    assert publish_after_preview(client, forum).status_code == 302
    auth.logout()
    feed = feed_of(client)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert (feed.findtext(f"{ATOM}{required}") or "").strip(), required
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href").endswith("/ergebnisse/feed.atom")
    [entry] = entries(feed)
    for required in ("id", "title", "updated", "published"):
        assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated"))
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/ergebnisse/{forum.id}")
    assert entry.find(f"{ATOM}content").get("type") == "html"


def test_only_the_coordinator_publishes(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    assert client.get(publish_path(forum)).status_code == 302  # anonymous: to the login
    for person in (HOST, "juechen@akn.example", "beratung@akn.example"):
        auth.login(person)
        assert "Ergebnis veröffentlichen" not in client.get(f"/foren/{forum.id}").get_data(as_text=True)
        assert client.get(publish_path(forum)).status_code == 403
        refused = client.post_stale(publish_path(forum), {"title": TITLE, "summary": SUMMARY, "action": "publish"})
        assert refused.status_code == 403
        auth.logout()
    assert TITLE not in client.get("/ergebnisse/").get_data(as_text=True)


def test_only_a_distributed_activity_is_published(app, client, auth, clock, database):
    auth.login(COORDINATOR)
    plan(client, database)
    forum = database.latest_forum()
    assert "Ergebnis veröffentlichen" not in client.get(f"/foren/{forum.id}").get_data(as_text=True)
    refused = client.get(publish_path(forum))
    assert refused.status_code == 409
    assert "nur verteilte Foren und Projekte" in refused.get_data(as_text=True)
    stale = client.post_stale(publish_path(forum), {"title": TITLE, "summary": SUMMARY, "action": "publish"})
    assert stale.status_code == 409
    assert client.get(withdraw_path(forum)).status_code == 409
    assert client.get("/foren/99999/veroeffentlichen").status_code == 404
    assert entries(feed_of(client)) == []


def test_an_invalid_form_is_shown_again_and_nothing_is_published(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    auth.login(COORDINATOR)
    response = preview(client, forum, title="", summary="x" * 20_001)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Bitte korrigieren Sie diese 2 Angaben" in page
    assert "Bitte füllen Sie dieses Feld aus." in page and "höchstens 20.000 Zeichen" in page
    assert 'aria-invalid="true"' in page and "Vorschau: so erscheint es" not in page
    assert database.history(forum)[-1][0] == "distribute"


def test_a_project_result_shows_its_lead_participants_fields_and_goals(app, client, auth, clock, database):
    project = distributed_project(client, auth, clock, database)
    auth.login(COORDINATOR)
    form = client.get(publish_path(project)).get_data(as_text=True)
    assert "Gemeinsame Teilnahme am **Stadtradeln**." in form and "Handlungsfelder:" in form
    assert publish_after_preview(client, project, title="Stadtradeln 2026", summary="250.000 km geradelt.").status_code == 302
    auth.logout()
    html = client.get("/ergebnisse/").get_data(as_text=True)
    assert "Stadtradeln 2026" in html and "Projekt: Kampagne" in html
    assert "Stadt Kaarst, Stadt Dormagen, Stadt Jüchen" in html  # the lead first
    assert "SDG 11: Nachhaltige Städte und Gemeinden; SDG 13: Maßnahmen zum Klimaschutz" in html
    assert "Handlungsfelder" in html
    categories = {c.get("term") for c in entries(feed_of(client))[0].findall(f"{ATOM}category")}
    assert "SDG 13: Maßnahmen zum Klimaschutz" in categories


def test_the_forum_summary_proposes_agenda_and_decisions_without_names(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    with app.app_context():
        stored = db.session.get(Forum, forum.id)
        stored.sections[1].decisions = "Die Klimawoche findet im Mai statt."
        proposal = proposed_summary(stored)
        db.session.rollback()
    assert "1. Begrüßung\n2. Klimawoche 2027\n3. Verschiedenes" in proposal
    assert "## TOP 2: Klimawoche 2027\n\nDie Klimawoche findet im Mai statt." in proposal
    assert "Begrüßung." not in proposal  # the notes stay internal
    assert not any(name in proposal for name in CONTACT_NAMES)


def test_the_public_pages_need_the_same_few_queries_for_more_results(app, client, auth, clock, database):
    forum = advance_to("distributed", client, auth, clock, database)
    project = distributed_project(client, auth, clock, database)
    auth.login(COORDINATOR)
    assert publish_after_preview(client, forum).status_code == 302
    assert publish_after_preview(client, project, title="Stadtradeln 2026").status_code == 302
    auth.logout()

    def counts() -> list[int]:
        found = []
        for path in ("/ergebnisse/", "/ergebnisse/feed.atom", f"/ergebnisse/{forum.id}"):
            with recorded(app) as statements:
                assert client.get(path).status_code == 200
            found.append(len(statements))
        return found

    two = counts()
    another = distributed_project(client, auth, clock, database, starts_on="2026-12-12", ends_on="2026-12-20")
    auth.login(COORDINATOR)
    assert publish_after_preview(client, another, title="Stadtradeln 2027").status_code == 302
    auth.logout()
    assert counts() == two
    assert max(two) <= 10
