"""Two-factor sign-in: enrolment under Konto, the second login step, replayed and wrong codes,
recovery codes, turning it off, and the coordinator who must have it. Codes come from the app's clock."""

import re
from collections import Counter
from datetime import timedelta

import pyotp
from sqlalchemy import select

from akn_intranet.auth.models import RecoveryCode
from akn_intranet.auth.throttling import LOCKED_MESSAGE
from akn_intranet.config import from_environment
from akn_intranet.security_log.models import SecurityEvent

from .forum_steps import COORDINATOR

CONTACT = "juechen@akn.example"
PASSWORD = "akn-demo-2026"
SECRET = re.compile(r'<code class="secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z0-9-]+)</code></li>")


def _code(secret: str, clock, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now + timedelta(seconds=30 * steps))


def _enrol(client, clock) -> tuple[str, list[str]]:
    """Turn it on for whoever is logged in; the secret and the recovery codes as the pages showed them."""
    page = client.get("/konto/zwei-faktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    response = client.submit("/konto/zwei-faktor", {"code": _code(secret, clock)})
    assert response.status_code == 200
    return secret, RECOVERY.findall(response.get_data(as_text=True))


def _enrolled(client, auth, clock, email: str = CONTACT) -> tuple[str, list[str]]:
    auth.login(email)
    secret, codes = _enrol(client, clock)
    auth.logout()
    clock.advance(seconds=30)  # the enrolment spent the code of its time step
    return secret, codes


def _wrong(secret: str, clock) -> str:
    """Six digits that are none of the codes accepted now."""
    valid = {_code(secret, clock, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def _second_step(client, code: str):
    return client.submit("/anmelden/code", {"code": code})


def _logged_in(client) -> bool:
    return client.get("/").status_code == 200


def _counts(database) -> Counter:
    database.session.rollback()
    return Counter(database.session.scalars(select(SecurityEvent.event)))


def test_enrolment_needs_a_current_code_and_shows_the_recovery_codes_once(app, client, auth, clock, database):
    other_browser = app.test_client()
    other_browser.submit("/anmelden", {"email": CONTACT, "password": PASSWORD})
    auth.login(CONTACT)
    account = client.get("/konto").get_data(as_text=True)
    assert "Ausgeschaltet." in account and 'href="/passwort"' in account
    assert 'href="/konto"' in client.get("/").get_data(as_text=True)  # the navigation's "Konto"
    page = client.get("/konto/zwei-faktor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    assert "otpauth://totp/AKN%20Intranet:juechen%40akn.example?secret=" + secret in page and "<svg" in page
    assert SECRET.search(client.get("/konto/zwei-faktor").get_data(as_text=True)).group(1).replace(" ", "") == secret

    wrong = client.submit("/konto/zwei-faktor", {"code": _wrong(secret, clock)})
    assert "Der Code ist nicht richtig." in wrong.get_data(as_text=True)
    assert database.user(CONTACT).totp_secret is None

    done = client.submit("/konto/zwei-faktor", {"code": _code(secret, clock, steps=-1)})  # a step late is fine
    codes = RECOVERY.findall(done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10 and "nur jetzt angezeigt" in done.get_data(as_text=True)
    assert database.user(CONTACT).totp_secret == secret
    database.session.rollback()
    stored = set(database.session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}  # only hashes
    assert client.get("/konto/zwei-faktor").status_code == 302  # on: no new secret, the codes are not shown again
    assert "Eingeschaltet." in client.get("/konto").get_data(as_text=True)
    assert _logged_in(client) and not _logged_in(other_browser)  # a session without the second factor ends
    assert _counts(database) == {"login": 2, "two_factor_enabled": 1}


def test_the_login_waits_for_the_code_and_a_code_counts_once(client, auth, clock, database):
    secret, _ = _enrolled(client, auth, clock)
    response = auth.login(CONTACT)
    assert response.headers["Location"] == "/anmelden/code"
    assert not _logged_in(client)  # the password alone logs nobody in
    assert client.get("/anmelden/code").status_code == 200
    code = _code(secret, clock)
    response = _second_step(client, code)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _logged_in(client)
    auth.logout()

    auth.login(CONTACT)
    replay = _second_step(client, code).get_data(as_text=True)
    assert "Dieser Code wurde bereits verwendet." in replay and not _logged_in(client)
    clock.advance(seconds=30)
    assert _second_step(client, _code(secret, clock)).status_code == 302 and _logged_in(client)
    counts = _counts(database)
    assert (counts["login"], counts["two_factor_failed"], counts["login_failed"]) == (3, 1, 0)


def test_the_second_step_expires(client, auth, clock):
    secret, _ = _enrolled(client, auth, clock)
    auth.login(CONTACT)
    clock.advance(minutes=6)
    response = client.post_stale("/anmelden/code", {"code": _code(secret, clock)})  # the page was open all along
    assert response.headers["Location"] == "/anmelden" and not _logged_in(client)
    assert "zu lange gedauert" in client.get("/anmelden").get_data(as_text=True)
    assert client.get("/anmelden/code").headers["Location"] == "/anmelden"
    assert "zu lange gedauert" not in client.get("/anmelden").get_data(as_text=True)  # said once


def test_wrong_codes_are_throttled_like_passwords(client, auth, clock, database):
    secret, _ = _enrolled(client, auth, clock)
    auth.login(CONTACT)
    for _ in range(5):
        assert "Der Code ist nicht richtig." in _second_step(client, _wrong(secret, clock)).get_data(as_text=True)
    locked = _second_step(client, _code(secret, clock))
    assert locked.status_code == 429 and LOCKED_MESSAGE in locked.get_data(as_text=True) and not _logged_in(client)
    counts = _counts(database)
    assert (counts["two_factor_failed"], counts["lockout"]) == (5, 1)
    clock.advance(minutes=16)
    auth.login(CONTACT)
    assert _second_step(client, _code(secret, clock)).status_code == 302 and _logged_in(client)


def test_many_machines_share_one_limit_for_an_account_codes(client, auth, clock, database):
    """The password is known (else there is no second step): five machines, two guesses each, then no more."""
    secret, _ = _enrolled(client, auth, clock)
    for machine in range(5):
        address = {"REMOTE_ADDR": f"10.0.0.{machine}"}
        client.submit("/anmelden", {"email": CONTACT, "password": PASSWORD}, environ_base=address)
        for _ in range(2):
            client.submit("/anmelden/code", {"code": _wrong(secret, clock)}, environ_base=address)
    address = {"REMOTE_ADDR": "10.0.1.1"}
    client.submit("/anmelden", {"email": CONTACT, "password": PASSWORD}, environ_base=address)
    assert client.submit("/anmelden/code", {"code": _code(secret, clock)}, environ_base=address).status_code == 429
    assert _counts(database)["lockout"] == 1


def test_a_recovery_code_works_once(client, auth, clock, database):
    _, codes = _enrolled(client, auth, clock)
    auth.login(CONTACT)
    response = _second_step(client, codes[3].upper().replace("-", " "))  # as typed from paper
    assert response.status_code == 302
    assert "Wiederherstellungscode verwendet; er gilt nun nicht mehr" in client.get("/").get_data(as_text=True)
    assert "Noch 9 von 10" in client.get("/konto").get_data(as_text=True)
    auth.logout()
    auth.login(CONTACT)
    assert "Dieser Code wurde bereits verwendet." in _second_step(client, codes[3]).get_data(as_text=True)
    assert not _logged_in(client)
    assert "Der Code ist nicht richtig." in _second_step(client, "abcde-fghjk").get_data(as_text=True)
    counts = _counts(database)
    assert (counts["recovery_code_used"], counts["two_factor_failed"]) == (1, 2)


def test_turning_it_off_needs_the_password_or_a_code(client, auth, clock, database):
    secret, _ = _enrolled(client, auth, clock)
    auth.login(CONTACT)
    _second_step(client, _code(secret, clock))
    empty = client.submit("/konto/zwei-faktor/ausschalten", {})
    assert "Bitte geben Sie Ihr aktuelles Passwort oder einen Code ein." in empty.get_data(as_text=True)
    wrong = client.submit("/konto/zwei-faktor/ausschalten", {"current_password": "falsch"})
    assert "Das aktuelle Passwort ist nicht richtig." in wrong.get_data(as_text=True)
    used = client.submit("/konto/zwei-faktor/ausschalten", {"code": _code(secret, clock)})  # spent by the login
    assert "Dieser Code wurde bereits verwendet." in used.get_data(as_text=True)
    assert database.user(CONTACT).totp_secret is not None
    assert client.submit("/konto/zwei-faktor/ausschalten", {"current_password": PASSWORD}).status_code == 302
    assert database.user(CONTACT).totp_secret is None
    database.session.rollback()
    assert database.session.scalars(select(RecoveryCode)).all() == []
    auth.logout()
    assert auth.login(CONTACT).headers["Location"] == "/"  # the password is enough again
    assert _counts(database)["two_factor_disabled"] == 1


def test_a_coordinator_must_enrol_first_where_it_is_mandatory(app, client, auth, clock, database):
    app.config["AKN_REQUIRE_2FA_FOR_COORDINATOR"] = True
    assert auth.login(CONTACT).headers["Location"] == "/"  # contacts choose for themselves
    auth.logout()
    assert auth.login(COORDINATOR).headers["Location"] == "/konto/zwei-faktor"
    for page in ("/", "/sicherheitsprotokoll/", "/konto", "/postausgang/"):
        response = client.get(page)
        assert response.status_code == 302 and response.headers["Location"] == "/konto/zwei-faktor", page
    assert "vorgeschrieben" in client.get("/konto/zwei-faktor").get_data(as_text=True)
    secret, codes = _enrol(client, clock)
    assert len(codes) == 10 and _logged_in(client)
    assert client.get("/konto/zwei-faktor/ausschalten").headers["Location"] == "/konto"
    assert "lässt sich nicht ausschalten" in client.get("/konto").get_data(as_text=True)
    assert database.user(COORDINATOR).totp_secret == secret
    auth.logout()
    clock.advance(seconds=30)
    assert auth.login(COORDINATOR).headers["Location"] == "/anmelden/code"
    assert _second_step(client, _code(secret, clock)).headers["Location"] == "/"


def test_mandatory_by_default_except_under_the_development_server(tmp_path, monkeypatch):
    monkeypatch.delenv("AKN_REQUIRE_2FA_FOR_COORDINATOR", raising=False)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    assert from_environment(str(tmp_path))["AKN_REQUIRE_2FA_FOR_COORDINATOR"] is True  # gunicorn, wsgi.py
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # akn run / make run
    assert from_environment(str(tmp_path))["AKN_REQUIRE_2FA_FOR_COORDINATOR"] is False
    monkeypatch.setenv("AKN_REQUIRE_2FA_FOR_COORDINATOR", "1")
    assert from_environment(str(tmp_path))["AKN_REQUIRE_2FA_FOR_COORDINATOR"] is True
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")
    monkeypatch.setenv("AKN_REQUIRE_2FA_FOR_COORDINATOR", "0")
    assert from_environment(str(tmp_path))["AKN_REQUIRE_2FA_FOR_COORDINATOR"] is False
