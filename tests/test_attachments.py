"""Anlagen on a forum, its agenda items and its minutes: upload, list, download, remove while a draft.

Files lie content-addressed under the instance folder, are served as downloads (``attachment``,
``nosniff``) to logged-in people and, for a submitted version's files, to the holder of a valid
approval link; a version's files are frozen with it (its SHA-256 covers them). Every bad upload gets
a German answer and leaves no row and no file behind.
"""

import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from akn_intranet.attachments.models import Attachment

from .forum_steps import COORDINATOR, HOST, PRESENT, advance_to, approval_links, plain_text, received_links, write_minutes
from .test_attachment_content import ELF, PDF, png
from .test_projects import LEAD, project_data

MEMBER_NOT_HOSTING = "meerbusch@akn.example"


def _folder(app) -> Path:
    return Path(app.config["AKN_ATTACHMENT_FOLDER"])


def _files_on_disk(app) -> set[str]:
    folder = _folder(app)
    return {p.name for p in folder.glob("*/*")} if folder.is_dir() else set()


def _rows(database) -> list[Attachment]:
    return list(database._fresh().scalars(select(Attachment).order_by(Attachment.id)))


def _manage(forum) -> str:
    return f"/foren/{forum.id}/anlagen"


def _section_target(forum, position: int) -> str:
    return f"section-{forum.sections[position - 1].id}"


def upload(client, forum, name: str, data: bytes, target: str = "activity"):
    return client.submit(_manage(forum), {"file": (io.BytesIO(data), name), "target": target})


def test_the_host_attaches_a_pdf_to_an_agenda_item_and_everyone_logged_in_downloads_it(app, client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    response = upload(client, forum, "Präsentation Klimawoche.pdf", PDF, _section_target(forum, 2))
    assert response.status_code == 302
    [row] = _rows(database)
    sha = hashlib.sha256(PDF).hexdigest()
    expected = ("Präsentation Klimawoche.pdf", "application/pdf", len(PDF), sha)
    assert (row.filename, row.content_type, row.size, row.sha256) == expected
    assert row.section.title == "Klimawoche 2027" and not row.on_document
    assert (_folder(app) / sha[:2] / sha).read_bytes() == PDF  # content-addressed, outside the database
    page = client.get(f"/foren/{forum.id}").get_data(as_text=True)
    assert "Präsentation Klimawoche.pdf" in page and "TOP 2: Klimawoche 2027" in page
    auth.logout()

    assert client.get(f"/anlagen/{row.id}").status_code == 302  # to the login: not for strangers
    auth.login(MEMBER_NOT_HOSTING)
    download = client.get(f"/anlagen/{row.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Pr%C3%A4sentation%20Klimawoche.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download.headers["Cache-Control"]
    assert "Hochladen" not in client.get(_manage(forum)).get_data(as_text=True)  # not the host: a list only
    assert client.post_stale(_manage(forum), {"file": (io.BytesIO(PDF), "x.pdf"), "target": "activity"}).status_code == 403
    assert len(_rows(database)) == 1


def test_the_same_file_twice_is_stored_once_and_the_change_mail_names_and_links_it(app, client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(COORDINATOR)
    assert upload(client, forum, "Einladung.pdf", PDF).status_code == 302
    assert upload(client, forum, "Einladung (Kopie).pdf", PDF).status_code == 302
    assert len(_rows(database)) == 2 and len(_files_on_disk(app)) == 1
    response = client.submit(
        f"/foren/{forum.id}/bearbeiten",
        {"number": 7, "title": "7. Kooperationsforum", "day": "2026-12-03", "time": "10:00", "place": "Rathaus Kaarst",
         "host_id": database.member_id("Kaarst"), "agenda": "Begrüßung\nKlimawoche 2027\nVerschiedenes"},
    )
    assert response.status_code == 302
    [mail] = [m for m in database.outbox(forum, "rescheduled") if m.recipient == MEMBER_NOT_HOSTING]
    first = _rows(database)[0]
    assert "Einladung.pdf (PDF-Dokument, " in mail.body_text
    assert f"/anlagen/{first.id}>" in mail.body_text
    assert "Content-Disposition" not in mail.body_text and mail.calendar  # named and linked, not carried


def test_a_version_freezes_its_attachments_and_the_approver_link_serves_them(app, client, auth, clock, database, smtp):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    assert upload(client, forum, "Folien.pdf", PDF, _section_target(forum, 2)).status_code == 302
    assert upload(client, forum, "Foto.png", png(), "document").status_code == 302
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche im Mai.", ""], action="submit").status_code == 302
    auth.logout()
    forum = database.latest_forum()
    version = forum.current_version
    slides, photo = _rows(database)
    assert [a.id for a in version.attachments] == [slides.id, photo.id]
    assert f"SHA-256 {slides.sha256}" in version.body and f"SHA-256 {photo.sha256}" in version.body
    assert version.sha256 == hashlib.sha256(version.body.encode()).hexdigest()  # the hash covers the files

    everyone = database.recipient_count()
    received = smtp.wait_for(3 * everyone)  # invitation, held, submitted
    submitted = [m for m in received if m["Subject"].startswith("[AKN] Protokollentwurf")]
    token = received_links(submitted)[PRESENT[0]]  # from the mail: the outbox keeps no link once it is sent
    [received] = [m for m in submitted if m["To"] == PRESENT[0]]
    text = plain_text(received)
    assert "Folien.pdf (PDF-Dokument" in text and f"/anlagen/{slides.id}>" in text
    assert "ohne Anmeldung auf der Seite Ihres Genehmigungslinks" in text
    page = client.get(f"/genehmigung/{token}").get_data(as_text=True)
    assert "Anlagen dieser Fassung" in page and f"/genehmigung/{token}/anlagen/{slides.id}" in page
    by_link = client.get(f"/genehmigung/{token}/anlagen/{slides.id}")
    assert by_link.status_code == 200 and by_link.data == PDF
    assert client.get(f"/genehmigung/{token}/anlagen/99999").status_code == 404
    assert client.get(f"/genehmigung/{'x' * 43}/anlagen/{slides.id}").status_code == 404

    auth.login(HOST)  # frozen: no change while the version is up for approval
    assert "Hochladen" not in client.get(_manage(forum)).get_data(as_text=True)
    late = {"file": (io.BytesIO(PDF + b"%2"), "Nachtrag.pdf"), "target": "activity"}
    assert client.post_stale(_manage(forum), late).status_code == 409
    assert client.get(f"/anlagen/{slides.id}/entfernen").status_code == 409
    assert len(_rows(database)) == 2


def test_removing_from_a_draft_keeps_what_a_version_holds_and_deletes_the_rest(app, client, auth, clock, database):
    forum = advance_to("held", client, auth, clock, database)
    auth.login(HOST)
    assert upload(client, forum, "Folien.pdf", PDF, _section_target(forum, 2)).status_code == 302
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche.", ""], action="submit").status_code == 302
    auth.logout()
    forum = database.latest_forum()
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    response = client.submit(f"/genehmigung/{links[PRESENT[0]]}", {"action": "request_changes", "comment": "Falsche Folien."})
    assert response.status_code == 200 and database.latest_forum().state == "held"

    auth.login(HOST)
    [slides] = _rows(database)
    confirm = client.get(f"/anlagen/{slides.id}/entfernen").get_data(as_text=True)
    assert "Eine eingereichte Fassung nennt die Datei" in confirm
    assert client.submit(f"/anlagen/{slides.id}/entfernen").status_code == 302
    [kept] = _rows(database)
    assert kept.removed_at is not None and slides.sha256 in _files_on_disk(app)  # version 1 still names it
    assert client.get(f"/foren/{forum.id}/protokoll/fassung-1").status_code == 200
    assert client.get(f"/anlagen/{slides.id}").data == PDF

    draft_only = PDF + b"% entwurf\n"
    assert upload(client, forum, "Entwurf.pdf", draft_only).status_code == 302
    draft = _rows(database)[-1]
    draft_id, draft_sha = draft.id, draft.sha256
    assert draft_sha in _files_on_disk(app)
    assert "nicht rückgängig" in client.get(f"/anlagen/{draft_id}/entfernen").get_data(as_text=True)
    assert client.submit(f"/anlagen/{draft_id}/entfernen").status_code == 302
    assert [a.id for a in _rows(database)] == [slides.id]  # the row is gone …
    assert draft_sha not in _files_on_disk(app)  # … and so is its file
    forum = database.latest_forum()
    assert write_minutes(client, forum, ["Begrüßung.", "Klimawoche, neu.", ""], action="submit").status_code == 302
    assert database.latest_forum().current_version.attachments == []


HUGE = PDF + b"0" * (1024 * 1024)  # over a limit of 1 MB


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("gross.pdf", HUGE, "ist zu groß"),
        ("programm.pdf", ELF, "keine erlaubte Datei"),
        ("../../x.pdf", PDF, "enthält eine Pfadangabe"),
        ("leer.pdf", b"", "ist leer"),
        ("bericht.docx", PDF, "dazu passt die Endung .pdf"),
        ("", b"", "Bitte wählen Sie eine Datei aus."),
    ],
    ids=["too-large", "forbidden-type", "path-in-name", "empty", "wrong-ending", "no-file"],
)
def test_a_bad_upload_is_explained_and_leaves_nothing_behind(app, client, auth, clock, database, name, data, message):
    app.config["AKN_ATTACHMENT_MAX_MB"] = 1
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    response = upload(client, forum, name, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    after = page[page.index('name="file"') :]
    assert message in after[: after.index("</div>")]  # at the field
    assert _rows(database) == [] and _files_on_disk(app) == set()


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(app, client, auth, clock, database):
    app.config["AKN_ATTACHMENT_MAX_MB"] = 1
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    response = upload(client, forum, "riesig.pdf", PDF + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "höchstens 1 MB je Anlage. Es wurde nichts gespeichert." in response.get_data(as_text=True)
    assert _rows(database) == [] and _files_on_disk(app) == set()


def test_an_upload_without_the_pages_token_is_refused(app, client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    response = client.post(_manage(forum), data={"file": (io.BytesIO(PDF), "x.pdf"), "target": "activity"})
    assert response.status_code == 400 and "Formular ist abgelaufen" in response.get_data(as_text=True)
    assert _rows(database) == [] and _files_on_disk(app) == set()


def test_an_unknown_place_or_one_not_open_yet_is_refused(app, client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    unknown = upload(client, forum, "x.pdf", PDF, "section-99999")
    assert unknown.status_code == 422
    page = unknown.get_data(as_text=True)
    at_select = page[page.index('name="target"') :]
    assert "Keine gültige Auswahl" in at_select[: at_select.index("</div>")]
    early = upload(client, forum, "x.pdf", PDF, "document")  # the minutes are not being written yet
    assert early.status_code == 409
    assert "Im Zustand „Geplant“ lassen sich Anlagen des Protokolls nicht ändern." in early.get_data(as_text=True)
    assert _rows(database) == [] and _files_on_disk(app) == set()


def test_tick_removes_old_files_no_row_names_and_keeps_the_rest(app, client, auth, clock, database, runner):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    assert upload(client, forum, "Folien.pdf", PDF).status_code == 302
    named = _rows(database)[0].sha256
    folder = _folder(app)
    stray, young = "a" * 64, "b" * 64
    for sha in (stray, young):
        (folder / sha[:2]).mkdir(exist_ok=True)
        (folder / sha[:2] / sha).write_bytes(b"left by a crash")
    partial = folder / named[:2] / ".upload-x"
    partial.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    for path in (folder / stray[:2] / stray, partial, folder / named[:2] / named):
        os.utime(path, (hours_ago, hours_ago))
    result = runner.invoke(args=["akn", "tick"])
    assert result.exit_code == 0, result.output
    assert "Verwaiste Anlagedateien entfernt: 2" in result.output
    assert _files_on_disk(app) == {named, young}


def test_an_agenda_item_keeps_its_attachment_when_the_agenda_changes(app, client, auth, clock, database):
    forum = advance_to("planned", client, auth, clock, database)
    auth.login(HOST)
    assert upload(client, forum, "Folien.pdf", PDF, _section_target(forum, 2)).status_code == 302
    auth.logout()
    auth.login(COORDINATOR)
    edit = f"/foren/{forum.id}/bearbeiten"
    data = {"number": 7, "title": "7. Kooperationsforum", "day": "2026-11-28", "time": "14:00", "place": "Rathaus Kaarst",
            "host_id": database.member_id("Kaarst")}
    assert client.submit(edit, {**data, "agenda": "Begrüßung\nBericht der Kreisverwaltung\nKlimawoche 2027"}).status_code == 302
    [row] = _rows(database)
    assert (row.section.position, row.section.title) == (3, "Klimawoche 2027")  # moved with its item
    assert client.submit(edit, {**data, "agenda": "Begrüßung\nVerschiedenes"}).status_code == 302
    [row] = _rows(database)
    assert row.section_id is None and not row.on_document  # its item dropped: now the forum's as a whole
    assert "Forum allgemein" in client.get(_manage(forum)).get_data(as_text=True)


def test_a_projects_lead_attaches_files_to_the_project_and_its_report(app, client, auth, clock, database):
    auth.login(COORDINATOR)
    assert client.submit("/projekte/neu", project_data(database)).status_code == 302
    project = database.latest_project()
    auth.logout()
    auth.login(LEAD)
    manage = f"/projekte/{project.id}/anlagen"
    assert client.get(manage).status_code == 200
    options = client.get(manage).get_data(as_text=True)
    assert '<option value="activity">Projekt allgemein</option>' in options
    assert 'value="document"' not in options  # the report is written once the project is held
    response = client.submit(manage, {"file": (io.BytesIO(png()), "Plakat.png"), "target": "activity"})
    assert response.status_code == 302
    page = client.get(f"/projekte/{project.id}").get_data(as_text=True)
    assert "Plakat.png" in page and "PNG-Bild" in page
    clock.advance(days=25)
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    response = client.submit(manage, {"file": (io.BytesIO(PDF), "Zahlen.pdf"), "target": "document"})
    assert response.status_code == 302
    assert [(a.filename, a.on_document) for a in _rows(database)] == [("Plakat.png", False), ("Zahlen.pdf", True)]
