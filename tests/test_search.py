"""Search (Suche): ranked hits with highlighted snippets, umlauts either way, filters, and an index kept current
in the transaction that changes the text, on SQLite (FTS5) and PostgreSQL (german)."""

import re

from flask_migrate import upgrade
from sqlalchemy import text

from akn_intranet import create_app
from akn_intranet.decisions.models import Decision
from akn_intranet.extensions import db
from akn_intranet.minutes.models import Section
from akn_intranet.search import queries
from akn_intranet.search.folding import highlight, index_terms, query_terms

from .conftest import app_config
from .forum_steps import COORDINATOR, HOST, advance_to, plan, write_minutes
from .test_attachment_content import PDF
from .test_attachments import upload
from .test_migrations import empty_database  # noqa: F401  the fixture, on SQLite and PostgreSQL
from .test_projects import project_data

OTHER = "juechen@akn.example"  # a contact of another member than the host
HIT = re.compile(r'<li>\s*<p><a href="([^"]+)">(.*?)</a> <small>(.*?)</small>', re.S)


def hits(client, query: str, **filters: object) -> list[tuple[str, str, str]]:
    """(link, highlighted title, kind · activity · date · state) of each hit on the first page."""
    response = client.get("/suche", query_string={"q": query, **filters})
    assert response.status_code == 200, response.get_data(as_text=True)
    return HIT.findall(response.get_data(as_text=True))


def titles(client, query: str, **filters: object) -> list[str]:
    return [re.sub(r"</?mark>", "", title) for _, title, _ in hits(client, query, **filters)]


def test_folding_treats_umlauts_and_sharp_s_alike():
    assert query_terms("Jüchen") == query_terms("Juechen") == query_terms("JÜCHEN") == ["juechen"]
    assert query_terms("Straße") == query_terms("Strasse") == ["strasse"]
    assert index_terms("Schloss Dyck in Jüchen").split() == ["schloss", "dyck", "in", "juechen", "juchen"]
    assert str(highlight("Straße in <Jüchen>", ["strasse", "juechen"])) == "<mark>Straße</mark> in &lt;<mark>Jüchen</mark>&gt;"


def test_a_title_hit_ranks_above_a_passing_mention(app, client, auth, database):
    auth.login()
    mention = "Die Mitglieder berichten lange über Haushalt, Personal, Förderung und nebenbei über den Radverkehr im Kreis."
    client.submit("/projekte/neu", project_data(database, title="Klimabildung an Schulen", description=mention))
    plan(client, database, number=8, title="8. Kooperationsforum: Radverkehr", agenda="Begrüßung")
    assert titles(client, "Radverkehr") == ["8. Kooperationsforum: Radverkehr", "Klimabildung an Schulen"]
    [first, second] = hits(client, "radverk")  # the last word is also the beginning of a word
    assert "<mark>Radverkehr</mark>" in first[1] and "Projekt" in second[2]


def test_umlauts_and_sharp_s_are_found_either_way(app, client, auth, database):
    auth.login()
    plan(client, database, place="Schloss Dyck, Jüchen", agenda="Begrüßung")
    client.submit("/projekte/neu", project_data(database, title="Aktionstag", description="Treffpunkt Hauptstrasse in Juechen"))
    for query in ("Jüchen", "Juechen", "JUECHEN"):
        assert sorted(titles(client, query)) == ["7. Kooperationsforum", "Aktionstag"], query
    assert titles(client, "Juchen") == ["7. Kooperationsforum"]  # the plain vowel finds what is written with ü
    assert titles(client, "Hauptstraße") == titles(client, "Hauptstrasse") == ["Aktionstag"]
    page = client.get("/suche?q=Juechen").get_data(as_text=True)
    assert "Schloss Dyck, <mark>Jüchen</mark>" in page  # the snippet shows the text as written


def test_the_filters_narrow_by_year_member_and_kind(app, client, auth, database):
    auth.login()
    plan(client, database, title="7. Forum Klimawoche", agenda="Klimawoche planen")
    plan(client, database, number=8, title="8. Forum Klimawoche", day="2027-03-04",
         host_id=database.member_id("Dormagen"), agenda="Rückblick")
    everything = titles(client, "Klimawoche")
    assert sorted(everything) == ["7. Forum Klimawoche", "8. Forum Klimawoche", "Klimawoche planen"]
    assert sorted(titles(client, "Klimawoche", jahr=2026)) == ["7. Forum Klimawoche", "Klimawoche planen"]
    assert titles(client, "Klimawoche", mitglied=database.member_id("Dormagen")) == ["8. Forum Klimawoche"]
    assert titles(client, "Klimawoche", art="abschnitt") == ["Klimawoche planen"]
    assert titles(client, "Klimawoche", jahr=2025) == []


def test_an_invalid_filter_is_explained_with_422(app, client, auth):
    auth.login()
    for filters, message in [
        ({"jahr": "zwanzig"}, "Keine gültige, ganze Zahl"),
        ({"jahr": "99999"}, "Bitte ein Jahr zwischen 2000 und 2999."),
        ({"mitglied": "999"}, "Keine gültige Auswahl"),
        ({"art": "alles-mögliche"}, "Keine gültige Auswahl"),
    ]:
        response = client.get("/suche", query_string={"q": "Klima", **filters})
        assert response.status_code == 422, filters
        assert message in response.get_data(as_text=True)


def test_an_empty_query_shows_the_form_only(app, client, auth, database):
    auth.login()
    plan(client, database)
    page = client.get("/suche?q=+&jahr=2026").get_data(as_text=True)
    assert '<label for="q">Suchbegriff</label>' in page and "Treffer" not in page


def test_attachment_names_are_found_until_the_attachment_is_removed(app, client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    assert upload(client, forum, "Präsentation Klimawoche.pdf", PDF).status_code == 302
    [(link, title, meta)] = hits(client, "Praesentation")
    assert link == f"/foren/{forum.id}#anlagen" and "<mark>Präsentation</mark>" in title and meta.startswith("Anlage")
    [attachment] = database.latest_forum().attachments
    assert client.submit(f"/anlagen/{attachment.id}/entfernen").status_code == 302
    assert hits(client, "Praesentation") == []


def test_a_saved_draft_is_found_by_its_new_words_at_once_and_only_by_its_writers(app, client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    write_minutes(client, forum, ["", "Die Klimawoche beginnt am Rheinufer.", ""],
                  action_items=[("Plakate für die Klimawoche drucken", database.member_id("Jüchen"), "")])
    assert sorted(titles(client, "Rheinufer")) == ["Klimawoche 2027"]
    assert titles(client, "Plakate") == ["Plakate für die Klimawoche drucken"]
    [(link, _, _)] = hits(client, "Rheinufer")
    assert link == f"/foren/{forum.id}/protokoll"  # a draft is found where it is written
    write_minutes(client, database.latest_forum(), ["", "Die Klimawoche beginnt im Stadtpark.", ""])
    assert titles(client, "Rheinufer") == [] and titles(client, "Plakate") == []  # replaced, deleted
    assert titles(client, "Stadtpark") == ["Klimawoche 2027"]
    auth.logout()
    auth.login(OTHER)
    assert titles(client, "Stadtpark") == []  # a draft only its writers and the coordinator see
    auth.logout()
    auth.login(COORDINATOR)
    assert titles(client, "Stadtpark") == ["Klimawoche 2027"]
    write_minutes(client, database.latest_forum(), ["", "Die Klimawoche beginnt im Stadtpark.", ""], action="submit")
    auth.logout()
    auth.login(OTHER)
    [(link, _, _)] = hits(client, "Stadtpark")  # submitted: the detail page shows it to everyone
    assert link == f"/foren/{forum.id}"


def test_the_index_changes_in_the_transaction_of_the_text(app, client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    with app.test_request_context():
        coordinator = db.session.scalars(db.select(queries.User).filter_by(email=COORDINATOR)).one()
        section = db.session.get(Section, forum.sections[1].id)
        section.notes = "Neu: ein Lastenrad für jede Kommune."
        db.session.flush()  # what an operation does; the request has not committed yet
        [hit] = queries.search(coordinator, "Lastenrad", limit=5)
        assert "<mark>Lastenrad</mark>" in hit.snippet
        db.session.rollback()  # nothing stored: nothing found
        assert queries.search(coordinator, "Lastenrad", limit=5) == []


def test_decisions_and_action_items_are_found_and_a_cancelled_forum_says_so(app, client, auth, clock, database):
    forum = advance_to("approved", client, auth, clock, database)
    with app.app_context():
        db.session.add(Decision(section_id=forum.sections[1].id, position=1, text="Die Allianz richtet einen Radschnellweg ein."))
        db.session.commit()
    auth.login(OTHER)
    [(link, title, meta)] = hits(client, "Radschnellweg")
    assert link == f"/foren/{forum.id}" and meta.startswith("Beschluss") and meta.endswith("Protokoll genehmigt")
    with app.app_context():
        db.session.delete(db.session.scalars(db.select(Decision)).one())
        db.session.commit()
    assert hits(client, "Radschnellweg") == []
    auth.logout()
    auth.login()
    assert plan(client, database, number=9, title="9. Kooperationsforum am Deich", day="2027-01-20").status_code == 302
    cancelled = database.latest_forum()
    assert client.submit(f"/foren/{cancelled.id}/aktion/cancel", {"comment": "Hochwasser"}).status_code == 302
    [(_, _, meta)] = hits(client, "Deich")
    assert "Abgesagt" in meta


def test_no_markup_gets_through_a_snippet(app, client, auth, database):
    auth.login()
    plan(client, database, title="<b>Klimaforum</b>", place='<script>alert("x")</script> Klimahaus', agenda="Begrüßung")
    page = client.get("/suche?q=Klimahaus").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>Klimahaus</mark>" in page
    assert "&lt;b&gt;Klimaforum&lt;/b&gt;" in page


def test_an_upgraded_installation_finds_its_old_minutes(empty_database):  # noqa: F811
    app = create_app(app_config(empty_database))
    with app.test_request_context():
        upgrade(revision="e1f7a3c5b9d2")  # the schema before the search index, with a forum and its minutes
        db.session.execute(text(
            "INSERT INTO members (id, name, place, is_municipality, hosts_forums, active) "
            "VALUES (1, 'Gemeinde Jüchen', 'Jüchen', true, true, true)"
        ))
        db.session.execute(text(
            "INSERT INTO activities (id, kind, title, starts_at, state, state_since, revision) "
            "VALUES (1, 'forum', '3. Kooperationsforum', '2024-05-02 12:00:00', 'distributed', '2024-06-01 12:00:00', 1)"
        ))
        db.session.execute(text(
            "INSERT INTO forums (id, number, place, host_member_id, other_attendees) VALUES (1, 3, 'Jüchen', 1, '')"
        ))
        db.session.execute(text(
            "INSERT INTO sections (id, activity_id, position, title, notes, decisions) "
            "VALUES (1, 1, 1, 'Windpark', 'Die Bürgerbeteiligung am Windpark wird vorgestellt.', '')"
        ))
        db.session.commit()
        upgrade()
        coordinator = queries.User(email=COORDINATOR, name="Koordination", role="coordinator")
        assert [str(hit.title) for hit in queries.search(coordinator, "Buergerbeteiligung", limit=5)] == ["Windpark"]
        assert [hit.kind_label for hit in queries.search(coordinator, "Juechen", limit=5)] == ["Forum"]
        db.session.remove()
        db.engine.dispose()


def test_the_index_can_be_rebuilt_from_the_data(app, client, auth, database, runner):
    auth.login()
    plan(client, database, place="Rathaus Korschenbroich")
    with app.app_context():
        db.session.execute(text("DELETE FROM search_documents"))  # as after a restore of the tables alone
        db.session.commit()
    assert hits(client, "Korschenbroich") == []
    result = runner.invoke(args=["akn", "search-reindex"])
    assert result.exit_code == 0 and "Suchindex neu aufgebaut: 4 Einträge." in result.output  # the forum, 3 agenda items
    assert titles(client, "Korschenbroich") == ["7. Kooperationsforum"]
