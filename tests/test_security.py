"""Login, access and the security baseline that issue 2 relies on."""

import re

import pytest

from .forum_steps import COORDINATOR, HOST, advance_to, write_minutes


def test_every_page_but_login_and_links_requires_login(app, client):
    open_endpoints = {"auth.login", "auth.accept_invitation", "approvals.decide", "static", "health.health"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in open_endpoints or "GET" not in rule.methods:
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule).replace("<trigger>", "cancel")
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
