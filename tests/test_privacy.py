"""Data protection: a person's data as JSON, erasure of a former contact, retention, the legal pages."""

import json
from datetime import timedelta

from sqlalchemy import String, func, select

from akn_intranet.extensions import db
from akn_intranet.mail.models import FAILED, SENT, OutboxMessage
from akn_intranet.minutes.models import MinutesVersion
from akn_intranet.oparl.models import FileFigures
from akn_intranet.security_log.models import SecurityEvent

from .forum_steps import COORDINATOR, HOST, advance_to, write_minutes

JANA, JANA_NAME = "juechen@akn.example", "Jana Jürgens"


def _user_columns(table) -> list:
    return [c for c in table.columns if any(k.column.table.name == "users" for k in c.foreign_keys)]


def test_a_person_downloads_their_own_data_and_nothing_about_others(app, client, auth, clock, database):
    advance_to("distributed", client, auth, clock, database)
    [jana_id] = database.user_ids(JANA)
    auth.login(JANA)
    assert 'href="/konto/meine-daten.json">Meine Daten herunterladen</a>' in client.get("/konto").get_data(as_text=True)
    response = client.get("/konto/meine-daten.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    tables = data["tabellen"]

    assert data["person"] == {"name": JANA_NAME, "e_mail": JANA, "mitglied": "Stadt Jüchen"}
    assert [row["email"] for row in tables["users"]] == [JANA]
    assert "password_hash" not in tables["users"][0] and "token_hash" not in json.dumps(tables)
    assert {row["recipient"] for row in tables["outbox"]} == {JANA}  # her invitation, the version, the distribution
    assert {row["event"] for row in tables["security_events"]} >= {"login"}
    session = database._fresh()
    with app.app_context():
        for table in db.metadata.sorted_tables:  # every row that names her, in every table, and only those
            columns = _user_columns(table)
            if not columns or table.name == "security_events":
                continue
            for column in columns:
                mine = session.scalar(select(func.count()).select_from(table).where(column == jana_id))
                exported = [row for row in tables.get(table.name, []) if row[column.name] == jana_id]
                assert len(exported) == mine, (table.name, column.name)
            for row in tables.get(table.name, []):
                assert jana_id in [row[c.name] for c in columns], (table.name, row)
    assert len(tables["approvals"]) == 1 and len(tables["forum_attendance"]) == 1
    exported_text = json.dumps(data, ensure_ascii=False)
    for other in ("dormagen@akn.example", "kaarst2@akn.example", "Kai Kamps"):
        assert other not in exported_text
    assert session.scalar(select(func.count()).select_from(SecurityEvent).where(
        SecurityEvent.event == "data_exported", SecurityEvent.subject_user_id == jana_id)) == 1


def _mentions(session, needle: str) -> list[str]:
    """Every text column of every table that contains ``needle``, as "table.column"."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String) and session.scalar(
                select(func.count()).select_from(table).where(column.contains(needle, autoescape=True))
            ):
                found.append(f"{table.name}.{column.name}")
    return found


def test_erasing_a_former_contact_keeps_the_approved_minutes(app, client, auth, clock, database, runner):
    forum = advance_to("distributed", client, auth, clock, database)
    [jana_id] = database.user_ids(JANA)
    assert "Dateien für OParl vermessen: 1" in runner.invoke(args=["akn", "tick"]).output  # the PDF, with her name
    measured = database._fresh().scalar(select(FileFigures.sha512))
    session = database._fresh()
    versions = {v.id: (v.sha256, v.body) for v in session.scalars(select(MinutesVersion))}
    with app.app_context():
        assert set(_mentions(session, JANA_NAME)) > {"users.name", "minutes_versions.body"}

    auth.login()
    erase_url = f"/ansprechpersonen/{jana_id}/loeschen"
    assert client.get(erase_url).status_code == 409  # still active: deactivate first
    assert "Bitte deaktivieren Sie den Zugang zuerst" in client.get(erase_url).get_data(as_text=True)
    assert client.submit(f"/ansprechpersonen/{jana_id}/deaktivieren", page="/mitglieder/").status_code == 302
    unconfirmed = client.submit(erase_url, {})
    assert "Bitte bestätigen Sie, dass Sie den Zugang endgültig löschen wollen." in unconfirmed.get_data(as_text=True)
    assert database.user_ids(JANA) == [jana_id]  # nothing changed
    erased = client.submit(erase_url, {"confirmed": "y"})
    assert erased.status_code == 302
    page = client.get("/mitglieder/").get_data(as_text=True)
    assert "ehemalige Ansprechperson, Stadt Jüchen" in page and "gelöscht am" in page
    assert client.get(erase_url).status_code == 409  # once is for good
    assert client.post_stale(f"/ansprechpersonen/{jana_id}/reaktivieren").status_code == 409

    session = database._fresh()
    with app.app_context():
        assert _mentions(session, JANA_NAME) == ["minutes_versions.body"]  # the official record, unchanged
        assert _mentions(session, JANA) == []
    assert {v.id: (v.sha256, v.body) for v in session.scalars(select(MinutesVersion))} == versions
    record = client.get(f"/foren/{forum.id}/protokoll/fassung-1").get_data(as_text=True)
    assert "Stadt Jüchen" in record and "ehemalige Ansprechperson, Stadt Jüchen" in record
    assert session.scalar(select(func.count()).select_from(SecurityEvent).where(
        SecurityEvent.event == "contact_erased", SecurityEvent.subject_user_id == jana_id)) == 1
    # the PDF's approval record now shows the pseudonym: OParl's checksum of it is measured again
    assert database._fresh().scalar(select(func.count()).select_from(FileFigures)) == 0
    assert "Dateien für OParl vermessen: 1" in runner.invoke(args=["akn", "tick"]).output
    assert database._fresh().scalar(select(FileFigures.sha512)) != measured
    auth.logout()
    assert "E-Mail-Adresse oder Passwort ist falsch." in auth.login(JANA).get_data(as_text=True)


def test_an_erased_contact_is_not_found_by_the_search_in_any_spelling(app, client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    assert write_minutes(client, forum, ["Jana Jürgens stellt die Klimawoche vor.", ""]).status_code == 302
    assert "Klimawoche" in client.get("/suche?q=Juergens").get_data(as_text=True)  # found before, either spelling
    auth.logout()
    auth.login()
    [jana_id] = database.user_ids(JANA)
    assert client.submit(f"/ansprechpersonen/{jana_id}/deaktivieren", page="/mitglieder/").status_code == 302
    assert client.submit(f"/ansprechpersonen/{jana_id}/loeschen", {"confirmed": "y"}).status_code == 302

    for spelling in ("Jürgens", "Juergens", "Jurgens"):
        page = client.get(f"/suche?q={spelling}").get_data(as_text=True)
        assert "Klimawoche" not in page, spelling
    assert "ehemalige Ansprechperson" in client.get("/suche?q=Klimawoche").get_data(as_text=True)
    session = database._fresh()
    with app.app_context():
        assert _mentions(session, "juergens") == [] and _mentions(session, "jurgens") == []


def test_retention_removes_what_is_due_and_nothing_else(app, client, auth, clock, database, runner):
    auth.login(COORDINATOR)
    auth.logout()
    now = clock()
    days = app.config["AKN_RETENTION_DAYS"]
    with app.app_context():
        def mail(status: str, age: int) -> OutboxMessage:
            sent = now - timedelta(days=age)
            return OutboxMessage(message_id=f"<{status}-{age}@test>", thread_id="<t@test>", notification="test",
                                 recipient=JANA, subject=f"{status} {age}", body_text="Text", body_html="<p>Text</p>",
                                 status=status, created_at=sent, next_attempt_at=sent, sent_at=sent if status == SENT else None)

        def event(name: str, age: int) -> SecurityEvent:
            return SecurityEvent(created_at=now - timedelta(days=age), event=name, actor_label=JANA, ip="", detail=f"{age}")

        db.session.add_all([
            mail(SENT, days["mail"] + 1), mail(SENT, days["mail"] - 1), mail(FAILED, days["mail"] + 30),
            event("login", days["logins"] + 1), event("login_failed", days["logins"] - 1),
            event("password_changed", days["logins"] + 1), event("password_changed", days["security_log"] + 1),
        ])
        db.session.commit()
    result = runner.invoke(args=["akn", "tick"])
    assert result.exit_code == 0, result.output
    assert "Texte zugestellter Mails nach Ablauf der Aufbewahrung gelöscht: 1" in result.output

    session = database._fresh()
    rows = session.execute(select(OutboxMessage.subject, OutboxMessage.body_text).where(OutboxMessage.notification == "test"))
    bodies = {subject: body for subject, body in rows}
    assert bodies == {f"sent {days['mail'] + 1}": "", f"sent {days['mail'] - 1}": "Text", f"failed {days['mail'] + 30}": "Text"}
    events = select(SecurityEvent.event, SecurityEvent.detail).where(SecurityEvent.actor_label == JANA)
    kept = sorted(session.execute(events).all())
    assert kept == sorted([("login_failed", str(days["logins"] - 1)), ("password_changed", str(days["logins"] + 1))])
    assert "Texte zugestellter Mails nach Ablauf der Aufbewahrung gelöscht: 0" in runner.invoke(args=["akn", "tick"]).output


def test_legal_pages_are_public_and_the_coordinator_writes_them(client, auth):
    privacy = client.get("/datenschutz").get_data(as_text=True)
    assert "<h1>Datenschutzhinweise</h1>" in privacy and "Texte zugestellter Mails: 90 Tage" in privacy
    statement = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "Barriere melden" in statement and "Standardtext des AKN Intranets." in statement
    assert 'href="/impressum"' in client.get("/anmelden").get_data(as_text=True)  # the footer links them

    auth.login()
    assert client.submit("/impressum/bearbeiten", {"text": "## Anbieter\n\nRhein-Kreis Neuss, Kreishaus"}).status_code == 302
    auth.logout()
    imprint = client.get("/impressum").get_data(as_text=True)
    assert "<h2>Anbieter</h2>" in imprint and "Rhein-Kreis Neuss, Kreishaus" in imprint and "Zuletzt geändert am" in imprint
    auth.login()
    assert client.submit("/impressum/bearbeiten", {"text": ""}).status_code == 302  # empty: the default again
    assert "Standardtext des AKN Intranets." in client.get("/impressum").get_data(as_text=True)
