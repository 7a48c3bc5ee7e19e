"""Every page × every kind of visitor: generated from the app's URL map, so a new route must be added here.

A planned forum and a planned project hosted/led by Stadt Kaarst, both past their date (so they
could be held). Visitors: nobody logged in, the coordinator, the host's contact, a contact of
another member, the advisor.
"""

import pytest

from .forum_steps import COORDINATOR, HOST, plan
from .test_projects import project_data

VISITORS = {
    "anonymous": None,
    "coordinator": COORDINATOR,
    "host": HOST,
    "other": "juechen@akn.example",
    "advisor": "beratung@akn.example",
}
ALL, LOGGED_IN = set(VISITORS), set(VISITORS) - {"anonymous"}


def allowed(*visitors, otherwise=403):
    """200 for these visitors, the login redirect for anonymous, ``otherwise`` for the rest."""
    return {v: 200 if v in visitors else 302 if v == "anonymous" else otherwise for v in VISITORS}


def everyone_logged_in(status=200):
    return {v: 302 if v == "anonymous" else status for v in VISITORS}


# (endpoint, url parameters) → status per visitor. "{forum}", "{project}", "{kaarst}", "{dormagen}" are filled in.
MATRIX = {
    ("dashboard.index", ""): everyone_logged_in(),
    ("lifecycle.diagram", ""): everyone_logged_in(),
    ("auth.login", ""): dict.fromkeys(ALL, 200),
    ("auth.change_password", ""): everyone_logged_in(),
    ("auth.login_code", ""): dict.fromkeys(ALL, 302),  # no password passed in this browser: back to the login
    ("auth.account", ""): everyone_logged_in(),
    ("auth.two_factor_setup", ""): everyone_logged_in(),
    ("auth.two_factor_disable", ""): everyone_logged_in(302),  # nothing to turn off: back to the account
    ("security_log.index", ""): allowed("coordinator"),
    ("search.index", ""): everyone_logged_in(),
    ("notices.show", "slug=datenschutz"): dict.fromkeys(ALL, 200),  # legal pages: for everyone, logged in or not
    ("notices.show", "slug=barrierefreiheit"): dict.fromkeys(ALL, 200),
    ("notices.edit", "slug=impressum"): allowed("coordinator"),
    ("publications.index", ""): dict.fromkeys(ALL, 200),  # Ergebnisse der Allianz: public, as is its feed
    ("publications.feed", ""): dict.fromkeys(ALL, 200),
    ("publications.detail", "activity_id={forum}"): dict.fromkeys(ALL, 404),  # not published
    # the coordinator's only, and only once distributed: a state conflict for her here
    ("publications.edit", "kind=forum activity_id={forum}"): allowed("coordinator") | {"coordinator": 409},
    ("publications.edit", "kind=project activity_id={project}"): allowed("coordinator") | {"coordinator": 409},
    ("publications.withdraw", "kind=forum activity_id={forum}"): allowed("coordinator") | {"coordinator": 409},
    ("publications.withdraw", "kind=project activity_id={project}"): allowed("coordinator") | {"coordinator": 409},
    ("privacy.own_data", ""): everyone_logged_in(),
    ("privacy.person_data", "user_id=1"): allowed("coordinator"),
    ("privacy.erase", "user_id=1"): allowed("coordinator", otherwise=403) | {"coordinator": 409},  # not a former contact
    ("auth.new_contact", ""): allowed("coordinator"),
    ("auth.accept_invitation", "token=falsch"): dict.fromkeys(ALL, 404),
    ("approvals.decide", "token=falsch"): dict.fromkeys(ALL, 404),
    # nothing to decide while planned: back to the page (anonymous: to the login)
    ("approvals.decide_here", "kind=forum activity_id={forum}"): dict.fromkeys(ALL, 302),
    ("approvals.decide_here", "kind=project activity_id={project}"): dict.fromkeys(ALL, 302),
    ("calendar.subscription", ""): everyone_logged_in(),
    ("attendance.reply", "token=falsch"): dict.fromkeys(ALL, 404),
    ("calendar.feed_file", "token=falsch"): dict.fromkeys(ALL, 404),  # the token is the key, not the session
    ("health.health", ""): dict.fromkeys(ALL, 200),
    ("action_items.index", ""): everyone_logged_in(),
    ("action_items.done", "item_id=999"): everyone_logged_in(404),
    ("decisions.index", ""): everyone_logged_in(),
    ("forums.index", ""): everyone_logged_in(),
    ("forums.new", ""): allowed("coordinator"),
    ("forums.record", ""): allowed("coordinator"),
    ("forums.schedule", ""): allowed("coordinator"),
    ("forums.detail", "forum_id={forum}"): everyone_logged_in(),
    ("forums.edit", "forum_id={forum}"): allowed("coordinator"),
    ("forums.hold", "forum_id={forum}"): allowed("coordinator", "host"),
    ("lifecycle.transition", "kind=forum activity_id={forum} trigger=cancel"): allowed("coordinator"),
    ("lifecycle.transition", "kind=project activity_id={project} trigger=hold"): allowed("coordinator", "host"),
    # the document can be written only once the forum or project is held: a state conflict for all
    ("minutes.edit", "kind=forum activity_id={forum}"): everyone_logged_in(409),
    ("minutes.edit", "kind=project activity_id={project}"): everyone_logged_in(409),
    ("minutes.version", "kind=forum activity_id={forum} number=1"): everyone_logged_in(404),
    ("minutes.version", "kind=project activity_id={project} number=1"): everyone_logged_in(404),
    ("minutes.version_pdf", "kind=forum activity_id={forum} number=1"): everyone_logged_in(404),
    ("minutes.version_pdf", "kind=project activity_id={project} number=1"): everyone_logged_in(404),
    ("projects.index", ""): everyone_logged_in(),
    ("projects.new", ""): allowed("coordinator"),
    ("projects.record", ""): allowed("coordinator"),
    ("projects.fields", ""): allowed("coordinator"),
    ("projects.detail", "project_id={project}"): everyone_logged_in(),
    ("projects.edit", "project_id={project}"): allowed("coordinator"),
    ("rules.index", ""): everyone_logged_in(),
    ("rules.edit", ""): allowed("coordinator"),
    ("members.index", ""): everyone_logged_in(),
    ("members.new", ""): allowed("coordinator"),
    ("members.join", "member_id={kaarst}"): allowed("coordinator"),
    ("members.leave", "member_id={kaarst}"): allowed("coordinator"),
    ("members.withdraw", "member_id={dormagen} project_id={project}"): allowed("coordinator"),
    ("attachments.manage", "kind=forum activity_id={forum}"): everyone_logged_in(),  # the list; the form for some
    ("attachments.manage", "kind=project activity_id={project}"): everyone_logged_in(),
    ("attachments.download", "attachment_id=999"): everyone_logged_in(404),
    ("attachments.remove", "attachment_id=999"): everyone_logged_in(404),
    ("attachments.download_by_link", "token=falsch attachment_id=1"): dict.fromkeys(ALL, 404),
    ("mail.outbox", ""): allowed("coordinator"),
    ("mail.message", "message_id=1"): allowed("coordinator"),
    # the OParl interface is off by default (AKN_OPARL): as if it did not exist, for everyone
    ("oparl.system", ""): dict.fromkeys(ALL, 404),
    ("oparl.bodies", ""): dict.fromkeys(ALL, 404),
    ("oparl.body", ""): dict.fromkeys(ALL, 404),
    ("oparl.body_list", "name=meetings"): dict.fromkeys(ALL, 404),
    ("oparl.item", "kind=meeting item_id={forum}"): dict.fromkeys(ALL, 404),
    ("oparl.organization", "key=kooperationsforum"): dict.fromkeys(ALL, 404),
    ("oparl.file", "key=protokoll-1"): dict.fromkeys(ALL, 404),
    ("oparl.file_content", "key=protokoll-1 how=datei"): dict.fromkeys(ALL, 404),
    ("oparl.unknown", "rest=v1/unbekannt"): dict.fromkeys(ALL, 404),
}


def _url(app, endpoint, parameters, ids):
    values = dict(pair.split("=") for pair in parameters.format(**ids).split()) if parameters else {}
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def test_the_matrix_covers_every_page(app):
    pages = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"}
    assert pages == {endpoint for endpoint, _ in MATRIX}


def test_access_matrix(app, client, auth, clock, database):
    auth.login()
    plan(client, database)
    client.submit("/projekte/neu", project_data(database, starts_on="2026-11-25"))
    auth.logout()
    clock.advance(days=8)
    ids = {"forum": database.latest_forum().id, "project": database.latest_project().id,
           "kaarst": database.member_id("Kaarst"), "dormagen": database.member_id("Dormagen")}
    failures = []
    for visitor, email in VISITORS.items():
        if email:
            assert auth.login(email).status_code == 302
        for (endpoint, parameters), expected in MATRIX.items():
            url = _url(app, endpoint, parameters, ids)
            status = client.get(url).status_code
            if status != expected[visitor]:
                failures.append(f"{visitor:12} {url:45} {status} (expected {expected[visitor]})")
        if email:
            auth.logout()
    assert failures == []


@pytest.mark.parametrize("visitor", sorted(LOGGED_IN - {"coordinator"}))
def test_coordinator_posts_are_refused_for_everyone_else(app, client, auth, database, visitor):
    auth.login(VISITORS[visitor])
    posts = [
        ("/geschaeftsordnung/verteiler", {"verteiler-email": "x@y.example"}),
        ("/projekte/handlungsfelder", {"name": "Neu"}),
        (f"/mitglieder/{database.member_id('Kaarst')}/gastgeber", {}),
        ("/erinnerungen/1", {}),
        ("/postausgang/1/erneut", {}),
    ]
    for url, data in posts:
        response = client.post_stale(url, data)
        assert response.status_code == 403, url
        assert "vorbehalten" in response.get_data(as_text=True)
    assert "Handlungsfelder verwalten" not in client.get("/projekte/").get_data(as_text=True)
