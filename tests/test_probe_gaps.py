"""The gaps a security probe found against the running intranet, each tried as the probe did."""

import logging
import os
import re

import pytest
from sqlalchemy import make_url, text

from akn_intranet.extensions import db

from .conftest import COORDINATOR
from .forum_steps import advance_to, eventually, received_links

HUGE = "99999999999999999999"
PASSWORD = "akn-demo-2026"


def _login(client, email: str = COORDINATOR, password: str = PASSWORD, ip: str = "127.0.0.1"):
    return client.submit("/anmelden", {"email": email, "password": password}, environ_base={"REMOTE_ADDR": ip})


def test_a_copied_session_cookie_stops_working_after_logout(app, client, auth):
    auth.login()
    cookie = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/").status_code == 200  # the copy works while the owner is logged in …
    auth.logout()
    assert thief.get("/").status_code == 302  # … and not after the owner logged out


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app, client, auth):
    auth.login("juechen@akn.example")
    other_device = app.test_client()
    _login(other_device, "juechen@akn.example")
    assert other_device.get("/").status_code == 200
    data = {"current_password": PASSWORD, "password": "juechen-neu-2026", "confirm": "juechen-neu-2026"}
    assert client.submit("/passwort", data).status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302


def test_ending_sessions_by_oneself_and_by_the_coordinator(app, client, auth, database):
    auth.login("kaarst@akn.example")
    laptop = app.test_client()
    _login(laptop, "kaarst@akn.example")
    assert client.submit("/sitzungen-beenden", page="/passwort").status_code == 302
    assert client.get("/").status_code == 200 and laptop.get("/").status_code == 302

    coordinator = app.test_client()
    _login(coordinator)
    kaarst = database.user_ids("kaarst@akn.example")[0]
    assert coordinator.submit(f"/ansprechpersonen/{kaarst}/abmelden", page="/mitglieder/").status_code == 302
    assert client.get("/").status_code == 302
    assert database.user("kaarst@akn.example").active  # logged out, not deactivated


def test_a_stranger_cannot_lock_someone_out(client):
    for attempt in range(6):
        _login(client, password=f"falsch-{attempt}", ip="203.0.113.9")
    assert _login(client, ip="203.0.113.9").status_code == 429  # the guessing machine is locked out …
    assert _login(client, ip="198.51.100.7").status_code == 302  # … the coordinator at her desk is not


def test_the_current_password_check_is_throttled_like_a_login(client, auth, database):
    auth.login("juechen@akn.example")
    for attempt in range(5):
        data = {"current_password": f"geraten-{attempt}", "password": "uebernommen-2026", "confirm": "uebernommen-2026"}
        assert client.submit("/passwort", data).status_code == 200
    data = {"current_password": PASSWORD, "password": "uebernommen-2026", "confirm": "uebernommen-2026"}
    response = client.submit("/passwort", data)
    assert response.status_code == 429 and "Zu viele fehlgeschlagene" in response.get_data(as_text=True)
    auth.logout()
    assert _login(client, "juechen@akn.example", ip="198.51.100.7").status_code == 302  # the password did not change


def test_numbers_out_of_range_answer_404_or_are_ignored(app, client, auth):
    auth.login()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "<int:" not in rule.rule:
            continue
        url = re.sub(r"<int:\w+>", HUGE, rule.rule)
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url).replace("<kind>", "forum")
        url = url.replace("<token>", "x").replace("<trigger>", "cancel")
        assert client.get(url).status_code == 404, url
    for url in ("/projekte/?seite=" + HUGE, "/projekte/?member=" + HUGE, "/projekte/?field=" + HUGE, "/projekte/?sdg=" + HUGE,
                "/aufgaben/?member=" + HUGE, "/postausgang/?seite=" + HUGE, "/ansprechpersonen/neu?mitglied=" + HUGE):
        assert client.get(url).status_code == 200, url


def test_a_malformed_revision_gets_the_stale_form_answer(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login("kaarst@akn.example")
    for revision in ("abc", HUGE, "-1", ""):
        data = {"revision": revision, "sections-0-notes": "x", "action": "save"}
        response = client.submit(f"/foren/{forum.id}/protokoll", data)
        assert response.status_code == 409, revision
        assert "inzwischen von jemand anderem geändert" in response.get_data(as_text=True)
    assert all(not s.notes for s in database.latest_forum().sections)


def test_with_the_database_gone_a_logged_in_page_answers_a_german_503(request, app, client, auth, caplog):
    auth.login()
    assert client.get("/").status_code == 200
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            os.remove(url.database + suffix)
        with app.app_context():
            db.engine.dispose()  # open connections would still see the deleted file
    else:
        admin, _ = request.getfixturevalue("postgres_server")
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {url.database} WITH (FORCE)"))
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        for path in ("/", "/foren/1", "/passwort"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert "vorübergehend nicht erreichbar" in response.get_data(as_text=True)
            assert response.headers["Retry-After"] == "60"
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 3 and all(r.exc_info is None for r in errors)  # one line per request, no traceback


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # PostgreSQL: see docs/deploy.md (VACUUM)
def test_no_raw_token_survives_delivery_in_any_sqlite_file(app, client, auth, clock, database, smtp):
    advance_to("minutes_drafted", client, auth, clock, database)
    links = received_links(smtp.wait_for(3 * database.recipient_count()))
    assert links
    eventually(lambda: sum("/genehmigung/[…]" in m.body_text for m in database.outbox()) == len(links))  # redacted
    path = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database

    def tokens_on_disk() -> list[str]:
        database.session.rollback()  # the test keeps no snapshot open that would hold the log back
        on_disk = b"".join(open(path + suffix, "rb").read() for suffix in ("", "-wal") if os.path.exists(path + suffix))
        return [token for token in links.values() if token.encode() in on_disk]

    # the sender empties the log once its batch is done, a moment after the last redaction
    eventually(lambda: not tokens_on_disk())
