"""Login, access and the security baseline (docs/architecture.md, "Security")."""

import re

import pytest

from .forum_steps import COORDINATOR, HOST, advance_to, plan, write_minutes


def test_every_page_but_login_and_links_requires_login(app, client):
    open_endpoints = {
        "auth.login", "auth.accept_invitation", "approvals.decide", "attendance.reply", "calendar.feed_file", "static",
        "health.health", "attachments.download_by_link", "auth.login_code", "notices.show",
        "publications.index", "publications.detail", "publications.feed",
        "oparl.system", "oparl.bodies", "oparl.body", "oparl.body_list", "oparl.item", "oparl.organization",
        "oparl.file", "oparl.file_content", "oparl.unknown",  # off by default, else by AKN_OPARL's own rule
    }
    for rule in app.url_map.iter_rules():
        if rule.endpoint in open_endpoints or "GET" not in rule.methods:
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule).replace("<trigger>", "cancel")
        url = re.sub(r"<any\((\w+)[^>]*>", r"\1", url)  # the first of the choices
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/anmelden" in response.headers["Location"]


def test_login_failure_says_the_same_for_unknown_user_and_wrong_password(client, auth):
    unknown = auth.login("niemand@akn.example", "falsch").get_data(as_text=True)
    wrong = auth.login(COORDINATOR, "falsch").get_data(as_text=True)
    assert "E-Mail-Adresse oder Passwort ist falsch." in unknown
    assert "E-Mail-Adresse oder Passwort ist falsch." in wrong
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "target", ["//evil.example", "\\\\evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)"]
)
def test_next_only_accepts_local_paths(client, target):
    response = client.submit(
        f"/anmelden?next={target}", {"email": COORDINATOR, "password": "akn-demo-2026", "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_to_a_local_path(client):
    response = client.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026", "next": "/postausgang/"})
    assert response.headers["Location"] == "/postausgang/"


def test_security_headers(client):
    response = client.get("/anmelden")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_markdown_in_minutes_is_rendered_harmless(client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    evil = '**Fett** <script>alert(1)</script> <img src=x onerror="alert(2)"> [klick](javascript:alert(3))'
    assert write_minutes(client, forum, [evil, "ok"], action="submit").status_code == 302
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "<strong>Fett</strong>" in page
    assert "<script>alert(1)" not in page
    assert "<img" not in page
    assert 'href="javascript:' not in page
    mail = database.outbox(forum, "minutes_submitted")[0].body_html
    assert "<script>alert(1)" not in mail
    assert "<img" not in mail
    assert 'href="javascript:' not in mail


def test_logout_is_a_post(client, auth):
    auth.login()
    assert client.get("/abmelden").status_code == 405
    auth.logout()
    assert client.get("/").status_code == 302


def test_line_breaks_never_reach_a_mail_header(client, auth, database):
    auth.login()
    response = plan(client, database, title="Forum\r\nBcc: alle@evil.example")
    assert response.status_code == 200
    assert "Zeilenumbrüche sind in diesem Feld nicht erlaubt." in response.get_data(as_text=True)
    assert database.latest_forum() is None
    assert database.outbox() == []


def test_the_outbox_refuses_header_injection(app):
    from akn_intranet.mail.operations import HeaderInjection, enqueue

    with app.test_request_context():
        for recipient, subject in (("a@b.example\r\nBcc: x@evil.example", "Hallo"), ("a@b.example", "Hallo\nBcc: x")):
            with pytest.raises(HeaderInjection):
                enqueue(recipient=recipient, subject=subject, template="mail/_footer.md", thread="t",
                        activity_id=None, notification="test", activity_url="/")


def test_old_password_hashes_are_upgraded_on_login(app, client, database):
    from argon2 import PasswordHasher
    from sqlalchemy import update

    from akn_intranet.auth.models import User

    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash("akn-demo-2026")
    database.session.execute(update(User).where(User.email == COORDINATOR).values(password_hash=weak))
    database.session.commit()
    response = client.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"})
    assert response.status_code == 302
    stored = database.user(COORDINATOR).password_hash
    assert stored.startswith("$argon2id$")
    assert stored != weak and "m=1024,t=1" in stored  # the parameters configured for this app


def test_cookies_in_production_and_a_fresh_session_on_login(app, client):
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    before = client.csrf_token()
    response = client.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    stale = client.post("/foren/neu", data={"csrf_token": before, "title": "x"})
    assert stale.status_code == 400  # the session (and its CSRF secret) from before the login is gone


def test_production_config_turns_on_secure_cookies(monkeypatch, tmp_path):
    from akn_intranet.config import from_environment

    monkeypatch.setenv("AKN_BASE_URL", "https://akn.example")
    monkeypatch.setenv("SECRET_KEY", "x")
    config = from_environment(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_login_throttling_holds_across_app_instances(app, client, database):
    from akn_intranet import create_app

    second_worker = create_app(dict(app.config))
    second_worker.test_client_class = type(client)
    other = second_worker.test_client()
    for attempt in range(5):
        worker = client if attempt % 2 else other
        response = worker.submit("/anmelden", {"email": COORDINATOR, "password": f"falsch-{attempt}"})
        assert "E-Mail-Adresse oder Passwort ist falsch." in response.get_data(as_text=True)
    for worker in (client, other):
        response = worker.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"})
        assert response.status_code == 429
        assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in
    other_user = client.submit("/anmelden", {"email": "juechen@akn.example", "password": "akn-demo-2026"})
    assert other_user.status_code == 302  # only the attacked address is locked


def test_every_post_route_requires_the_csrf_token(app, client, auth, database):
    """Generated from the URL map: no form is exempt, and nothing changes without the token."""
    auth.login()
    before = (len(database.outbox()), len(database.history_all()))
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule).replace("<token>", "x").replace("<trigger>", "cancel")
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url)
        response = client.post(url, data={"title": "x", "comment": "x", "action": "approve"})
        assert response.status_code == 400, url
        assert "Formular ist abgelaufen" in response.get_data(as_text=True), url
    assert (len(database.outbox()), len(database.history_all())) == before


def test_behind_one_proxy_the_forwarded_address_is_throttled(app, client):
    from akn_intranet import create_app

    proxied = create_app({**app.config, "AKN_PROXY_HOPS": 1})
    proxied.test_client_class = type(client)
    visitor = proxied.test_client()
    for attempt in range(30):  # one machine trying many addresses
        visitor.submit("/anmelden", {"email": f"raten{attempt}@akn.example", "password": "x"},
                       headers={"X-Forwarded-For": "203.0.113.9"})
    refused = visitor.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"},
                             headers={"X-Forwarded-For": "203.0.113.9"})
    assert refused.status_code == 429
    other_machine = visitor.submit("/anmelden", {"email": COORDINATOR, "password": "akn-demo-2026"},
                                   headers={"X-Forwarded-For": "198.51.100.7"})
    assert other_machine.status_code == 302
