"""The security log (Sicherheitsprotokoll): every event written exactly once by the request that does
the thing, and a coordinator's page that filters and pages them."""

import re
from collections import Counter

from sqlalchemy import select, update

from akn_intranet.extensions import db
from akn_intranet.mail.models import FAILED, OutboxMessage
from akn_intranet.security_log.models import EVENT_LABELS, SecurityEvent
from akn_intranet.security_log.operations import record
from akn_intranet.security_log.views import PAGE_SIZE

from .forum_steps import COORDINATOR

CONTACT = "juechen@akn.example"
NEW_CONTACT = "nora.neu@meerbusch.example"
ROW = re.compile(r'<tr class="event-(\w+)">')


def _events(database, event: str | None = None) -> list[SecurityEvent]:
    database.session.rollback()
    query = select(SecurityEvent).order_by(SecurityEvent.id)
    return list(database.session.scalars(query if event is None else query.filter_by(event=event)))


def _counts(database) -> Counter:
    return Counter(e.event for e in _events(database))


def _invite(client, database):
    contact = {"member_id": database.member_id("Meerbusch"), "name": "Nora Neu", "email": NEW_CONTACT}
    return client.submit("/ansprechpersonen/neu", contact)


def _log_page(client, query: str = ""):
    return client.get(f"/sicherheitsprotokoll/{query}")


def test_signing_in_and_out_is_logged_once_with_who_and_the_ip(client, auth, database):
    assert auth.login().status_code == 302
    [login] = _events(database)
    assert (login.event, login.actor_label, login.ip) == ("login", "Thea Koordinatorin (Rhein-Kreis Neuss)", "127.0.0.1")
    assert login.actor_id == login.subject_user_id == database.user_ids(COORDINATOR)[0]
    auth.logout()
    assert _counts(database) == {"login": 1, "logout": 1}


def test_failed_sign_ins_keep_the_typed_address_and_a_lockout_is_logged_once(client, auth, database):
    assert "E-Mail-Adresse oder Passwort ist falsch." in auth.login("Niemand@akn.example", "falsch").get_data(as_text=True)
    [unknown] = _events(database)
    assert (unknown.event, unknown.actor_label, unknown.actor_id, unknown.subject_user_id, unknown.detail) == (
        "login_failed", "niemand@akn.example", None, None, "unbekannte Adresse",
    )
    for _ in range(5):
        auth.login(CONTACT, "falsch")
    assert auth.login(CONTACT, "akn-demo-2026").status_code == 429  # refused without being checked: nothing new
    failed = _events(database, "login_failed")[1:]
    assert len(failed) == 5 and {(e.actor_label, e.subject_user_id, e.detail) for e in failed} == {
        (CONTACT, database.user_ids(CONTACT)[0], "falsches Passwort"),
    }
    [lockout] = _events(database, "lockout")
    assert lockout.actor_label == CONTACT and "15 Minuten" in lockout.detail
    assert _counts(database) == {"login_failed": 6, "lockout": 1}


def test_own_password_and_sessions_are_logged(client, auth, database):
    auth.login(CONTACT)
    new = "ein-neues-passwort"
    client.submit("/passwort", {"current_password": "akn-demo-2026", "password": new, "confirm": new})
    client.submit("/sitzungen-beenden", page="/passwort")
    assert _counts(database) == {"login": 1, "password_changed": 1, "sessions_ended": 1}


def test_contact_changes_and_the_invitation_are_logged_with_the_contact_as_subject(client, auth, database):
    auth.login()
    _invite(client, database)
    [contact_id] = database.user_ids(NEW_CONTACT)
    for action in ("einladen", "deaktivieren", "reaktivieren"):
        assert client.submit(f"/ansprechpersonen/{contact_id}/{action}", page="/mitglieder/").status_code == 302
    link = re.search(r"/einladung/[\w-]+", database.outbox(notification="contact_invitation")[-1].body_text).group(0)
    auth.logout()
    assert client.submit(link, {"password": "nora-neu-2026!", "confirm": "nora-neu-2026!"}).status_code == 302
    auth.login()  # with a password, the contact has sessions to end
    assert client.submit(f"/ansprechpersonen/{contact_id}/abmelden", page="/mitglieder/").status_code == 302
    assert _counts(database) == {
        "login": 2, "logout": 1, "contact_invited": 2, "contact_deactivated": 1, "contact_reactivated": 1,
        "sessions_ended": 1, "password_set": 1,
    }
    by_coordinator = [e for e in _events(database) if e.event.startswith("contact_") or e.event == "sessions_ended"]
    assert {(e.actor_label, e.subject_user_id) for e in by_coordinator} == {
        ("Thea Koordinatorin (Rhein-Kreis Neuss)", contact_id),
    }
    [password_set] = _events(database, "password_set")
    assert password_set.actor_label == "Nora Neu (Stadt Meerbusch)"


def test_rules_changes_and_resent_mail_are_logged(app, client, auth, database):
    auth.login()
    client.submit("/geschaeftsordnung/bearbeiten", {
        "text": "# GO", "approval_rule": "present", "approval_deadline_days": 14, "minutes_due_days": 14,
        "invitation_lead_days": 14, "contacts_per_member": 2, "note": "Frist geändert",
    })
    client.submit("/geschaeftsordnung/verteiler", {"verteiler-member_id": database.member_id("Kaarst"),
                                                   "verteiler-email": "presse@kaarst.example"}, page="/geschaeftsordnung/")
    _invite(client, database)
    with app.app_context():  # the invitation could not be delivered
        db.session.execute(update(OutboxMessage).values(status=FAILED))
        db.session.commit()
    [failed] = database.outbox()
    assert client.submit(f"/postausgang/{failed.id}/erneut", page=f"/postausgang/{failed.id}").status_code == 302
    counts = _counts(database)
    assert (counts["rules_changed"], counts["mail_resent"]) == (2, 1)
    rules = _events(database, "rules_changed")
    assert rules[0].detail == "Frist geändert" and "presse@kaarst.example" in rules[1].detail
    assert _events(database, "mail_resent")[0].detail == f"an {NEW_CONTACT}: {failed.subject}"


def test_only_the_coordinator_reads_the_log(client, auth):
    auth.login(CONTACT)
    assert _log_page(client).status_code == 403
    assert "Sicherheitsprotokoll" not in client.get("/konto").get_data(as_text=True)
    auth.logout()
    auth.login()
    page = client.get("/konto").get_data(as_text=True)
    assert 'href="/sicherheitsprotokoll/"' in page
    page = _log_page(client).get_data(as_text=True)
    assert ROW.findall(page) == ["login", "logout", "login"]  # the contact's visit too
    assert "Thea Koordinatorin (Rhein-Kreis Neuss)" in page and "127.0.0.1" in page


def test_the_filters_narrow_the_list(client, auth, clock):
    client.submit("/anmelden", {"email": "fremd@example.org", "password": "falsch"}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    clock.advance(days=2)
    auth.login(CONTACT)
    auth.logout()
    auth.login()
    rows = ROW.findall(_log_page(client).get_data(as_text=True))
    assert rows == ["login", "logout", "login", "login_failed"]  # newest first
    assert ROW.findall(_log_page(client, "?event=login").get_data(as_text=True)) == ["login", "login"]
    assert ROW.findall(_log_page(client, "?person=J%C3%BCchen").get_data(as_text=True)) == ["logout", "login"]
    assert ROW.findall(_log_page(client, "?person=fremd@").get_data(as_text=True)) == ["login_failed"]
    assert ROW.findall(_log_page(client, "?person=100%25").get_data(as_text=True)) == []  # % is a letter, not a wildcard
    assert ROW.findall(_log_page(client, "?ip=10.1.").get_data(as_text=True)) == ["login_failed"]
    assert ROW.findall(_log_page(client, "?since=2026-11-22").get_data(as_text=True)) == ["login", "logout", "login"]
    assert ROW.findall(_log_page(client, "?until=2026-11-21").get_data(as_text=True)) == ["login_failed"]
    both = _log_page(client, "?event=login&person=koordination&since=2026-11-23&until=2026-11-23").get_data(as_text=True)
    assert ROW.findall(both) == ["login"]
    assert "alle Ereignisse" in both and all(label in both for label in EVENT_LABELS.values())


def test_invalid_filters_say_why_in_german(client, auth):
    auth.login()
    for query, message in [
        ("?since=21.11.2026", "Datum"),
        ("?since=0001-01-01", "zwischen 2000 und 2999"),
        ("?since=2026-11-23&until=2026-11-21", "liegt vor dem Datum"),
        ("?ip=1.2.3.4%27%20OR%201=1", "besteht nur aus Ziffern"),
        ("?event=erfunden", "Auswahl"),
        ("?person=" + "x" * 200, "höchstens 120 Zeichen"),
        ("?seite=abc", None),
    ]:
        response = _log_page(client, query)
        page = response.get_data(as_text=True)
        if message is None:
            assert response.status_code == 200
        else:
            assert response.status_code == 422 and message in page, query
            assert "Bitte korrigieren Sie diese" in page and "Einträge werden angezeigt, sobald" in page, query
            assert not ROW.findall(page)


def test_the_log_comes_a_page_at_a_time_and_keeps_the_filter(app, client, auth):
    with app.test_request_context():
        for number in range(PAGE_SIZE + 5):
            record("data_exported", detail=f"Export {number}")
        db.session.commit()
    auth.login()
    first = _log_page(client, "?event=data_exported").get_data(as_text=True)
    assert len(ROW.findall(first)) == PAGE_SIZE and f"Export {PAGE_SIZE + 4}" in first
    assert 'href="/sicherheitsprotokoll/?event=data_exported&amp;seite=2">ältere →' in first and "neuere" not in first
    second = _log_page(client, "?event=data_exported&seite=2").get_data(as_text=True)
    assert len(ROW.findall(second)) == 5 and "Export 0" in second and "ältere" not in second
    assert "Daten exportiert" in second and "System" in second
