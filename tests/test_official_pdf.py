"""The official document as PDF/A: downloaded per version, read back with pypdf and pdftotext, and
carried by the distribution mail over SMTP."""

import io
import os
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from akn_intranet.formatting import format_date
from akn_intranet.minutes import pdf

from .forum_steps import COORDINATOR, PRESENT, advance_to, approval_links, hold, plan, write_minutes
from .test_projects import project_data
from .test_rules import SETTINGS

ADVISOR = "beratung@akn.example"  # reads everything, approves nothing
LIST_ADDRESS = "buergermeister@kaarst.example"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
LONG_NOTES = ["\n\n".join(f"Absatz {n} zur Klimawoche: " + "Die Allianz plant Stände, Vorträge und Radtouren. " * 8
                          for n in range(1, 16))] * 3


ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"  # beside the browser tests' screenshots


@pytest.fixture(scope="module", autouse=True)
def pdftotext() -> None:
    """pdftotext (poppler-utils) reads the PDFs as a second, independent reader; CI requires it."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("AKN_REQUIRE_PDFTOTEXT") == "1":
            pytest.fail("AKN_REQUIRE_PDFTOTEXT=1 but pdftotext is missing (apt-get install poppler-utils)")
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")


def text_of(document: bytes, page: int | None = None) -> str:
    """The text pdftotext reads, of one page (1-based) or of all; lines joined, as a reader would."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", *pages, "-", "-"], input=document, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def xmp_identification(reader: PdfReader) -> dict[str, str]:
    """pdfaid:part and pdfaid:conformance, as attributes or elements of the XMP packet."""
    found = {}
    for element in ET.fromstring(reader.xmp_metadata.stream.get_data()).iter():
        for name in ("part", "conformance"):
            if PDFAID + name in element.attrib:
                found[name] = element.attrib[PDFAID + name]
            if element.tag == PDFAID + name:
                found[name] = element.text
    return found


def download(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    return response


def _draft_with_long_notes(client, auth, clock, database, title: str):
    """A forum whose first version spans several pages, approved by Dormagen's contact only: a draft."""
    auth.login(COORDINATOR)
    assert plan(client, database, title=title).status_code == 302
    forum = database.latest_forum()
    auth.logout()
    clock.advance(days=8)
    auth.login("kaarst@akn.example")
    assert hold(client, forum.id, database.user_ids(*PRESENT)).status_code == 302
    assert write_minutes(client, database.latest_forum(), LONG_NOTES, action="submit").status_code == 302
    auth.logout()
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    assert client.submit(f"/genehmigung/{links['dormagen@akn.example']}", {"action": "approve"}).status_code == 200
    return database.latest_forum()


def test_a_draft_says_entwurf_on_every_page(client, auth, clock, database):
    forum = _draft_with_long_notes(client, auth, clock, database, title="Klimaforum Jüchen")
    version = forum.current_version
    auth.login(ADVISOR)
    response = download(client, f"/foren/{forum.id}/protokoll/fassung-1.pdf")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename=Protokoll-Klimaforum-Juchen-Fassung-1.pdf' in disposition  # the ASCII fallback
    assert "filename*=UTF-8''Protokoll-Klimaforum-J%C3%BCchen-Fassung-1.pdf" in disposition

    document = response.data
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) >= 3
    for number in range(1, len(reader.pages) + 1):
        page = text_of(document, number)
        assert "ENTWURF – Fassung 1" in page, number
        assert f"Seite {number} von {len(reader.pages)}" in page
        assert f"Fingerabdruck {version.sha256[:12]}" in page
    whole = text_of(document)
    assert "Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss" in whole
    assert "ENTWURF – Fassung 1, eingereicht am 29.11.2026, 10:00 Uhr" in whole
    assert "Absatz 15 zur Klimawoche" in whole
    assert "Genehmigt am" not in whole
    assert "Stadt Dormagen" in whole and "per persönlichem Link Dana Dorn" in whole  # one approval so far
    assert xmp_identification(reader) == {"part": "2", "conformance": "A"}
    assert version.sha256 in reader.metadata["/Keywords"]


def test_the_approved_document_states_the_rule_and_every_approval(client, auth, clock, database):
    forum = advance_to("approved", client, auth, clock, database)
    version = forum.current_version
    auth.login(ADVISOR)
    page = client.get(f"/foren/{forum.id}/protokoll/fassung-1").get_data(as_text=True)
    assert "Genehmigt am 29.11.2026 nach der Geschäftsordnung" in page
    assert "<th scope=\"col\">wie</th>" in page and "per persönlichem Link" in page
    assert f'href="/foren/{forum.id}/protokoll/fassung-1.pdf">Als PDF herunterladen</a>' in page

    document = download(client, f"/foren/{forum.id}/protokoll/fassung-1.pdf").data
    whole = text_of(document)
    assert ("Genehmigt am 29.11.2026 nach der Geschäftsordnung "
            "(Alle anwesenden (bzw. beteiligten) Mitglieder genehmigen)") in whole
    assert "ENTWURF" not in whole
    for member, contact in (("Stadt Dormagen", "Dana Dorn"), ("Stadt Jüchen", "Jana Jürgens"), ("Stadt Kaarst", "Karl Kaiser")):
        assert f"{member} 29.11.2026, 10:00 Uhr per persönlichem Link {contact}" in whole
    assert "TOP 2: Klimawoche 2027 Klimawoche im Mai." in whole
    assert f"Fassung 1 · Fingerabdruck {version.sha256[:12]}" in whole
    assert version.sha256 not in whole  # the full hash is in the metadata

    reader = PdfReader(io.BytesIO(document))
    assert xmp_identification(reader) == {"part": "2", "conformance": "A"}
    assert reader.metadata["/Title"] == "Protokoll: 7. Kooperationsforum – Fassung 1"
    assert reader.metadata["/Author"] == "Allianz für Klima und Nachhaltigkeit im Rhein-Kreis Neuss"
    assert f"SHA-256 {version.sha256}" in reader.metadata["/Keywords"]
    assert f"SHA-256 {version.sha256}".encode() in reader.xmp_metadata.stream.get_data()
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts)

    ARTIFACTS.mkdir(exist_ok=True)  # its first page as a picture, to look at (pdftoppm, poppler-utils)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", str(ARTIFACTS / "pdf-page-1")],
                   input=document, check=True)
    with Image.open(ARTIFACTS / "pdf-page-1.png") as first_page:
        assert abs(first_page.height / first_page.width - 297 / 210) < 0.01  # A4, portrait


def test_members_who_did_not_decide_approved_tacitly_at_the_deadline(client, auth, clock, database, runner):
    auth.login(COORDINATOR)
    assert client.submit("/geschaeftsordnung/bearbeiten", {**SETTINGS, "approval_rule": "tacit"}).status_code == 302
    auth.logout()
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    assert client.submit(f"/genehmigung/{links['dormagen@akn.example']}", {"action": "approve"}).status_code == 200
    clock.advance(days=14, minutes=1)
    assert runner.invoke(args=["akn", "tick"]).exit_code == 0
    assert database.latest_forum().state == "approved"
    auth.login(ADVISOR)
    whole = text_of(download(client, f"/foren/{forum.id}/protokoll/fassung-1.pdf").data)
    deadline = format_date(forum.current_version.submitted_at + timedelta(days=14))
    assert ("Genehmigt am 13.12.2026 nach der Geschäftsordnung "
            "(Stillschweigende Genehmigung, wenn bis zur Frist keine Änderung angefordert wird)") in whole
    assert "Stadt Dormagen 29.11.2026, 10:00 Uhr per persönlichem Link Dana Dorn" in whole
    for member in ("Stadt Jüchen", "Stadt Kaarst"):
        assert f"{member} 13.12.2026, 10:01 Uhr stillschweigend nach Fristablauf am {deadline} –" in whole


def test_an_approval_recorded_by_the_coordinator_names_who_and_why(client, auth, clock, database):
    forum = advance_to("minutes_drafted", client, auth, clock, database)
    links = approval_links(database.outbox(forum, "minutes_submitted"))
    assert client.submit(f"/genehmigung/{links['juechen@akn.example']}", {"action": "approve"}).status_code == 200
    auth.login(COORDINATOR)
    reason = "Genehmigt im 8. Kooperationsforum"
    assert client.submit(f"/foren/{forum.id}/aktion/approve", {"comment": reason}).status_code == 302
    whole = text_of(download(client, f"/foren/{forum.id}/protokoll/fassung-1.pdf").data)
    recorder = "Thea Koordinatorin (Rhein-Kreis Neuss)"
    assert f"Genehmigt am 29.11.2026 – Genehmigung erfasst von {recorder}: {reason}" in whole
    assert "Stadt Jüchen 29.11.2026, 10:00 Uhr per persönlichem Link Jana Jürgens" in whole
    for member in ("Stadt Dormagen", "Stadt Kaarst"):
        assert f"{member} 29.11.2026, 10:00 Uhr durch die Koordination erfasst Thea Koordinatorin" in whole


def test_a_project_report_and_a_missing_version(client, auth, clock, database):
    auth.login(COORDINATOR)
    assert client.submit("/projekte/neu", project_data(database)).status_code == 302
    project = database.latest_project()
    clock.advance(days=25)
    assert client.submit(f"/projekte/{project.id}/aktion/hold").status_code == 302
    data = {"revision": database.latest_project().revision, "action": "submit", "sections-0-notes": "38 t CO2 vermieden.",
            "sections-0-decisions": "", "sections-1-notes": "", "sections-1-decisions": "", "sections-2-notes": "",
            "sections-2-decisions": ""}
    assert client.submit(f"/projekte/{project.id}/bericht", data).status_code == 302
    response = download(client, f"/projekte/{project.id}/bericht/fassung-1.pdf")
    assert "filename=Ergebnisbericht-Stadtradeln-im-Rhein-Kreis-Fassung-1.pdf" in response.headers["Content-Disposition"]
    whole = text_of(response.data)
    assert "ENTWURF – Fassung 1" in whole and "Ergebnisbericht: Stadtradeln im Rhein-Kreis" in whole
    assert "38 t CO2 vermieden." in whole and "Noch keine Genehmigung." in whole
    assert client.get(f"/projekte/{project.id}/bericht/fassung-2.pdf").status_code == 404
    assert client.get(f"/foren/{project.id}/protokoll/fassung-1.pdf").status_code == 404  # not a forum


def _attached_pdf(message: EmailMessage) -> tuple[str, bytes]:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return part.get_filename(), part.get_content()


def _approved_with_mail_sent(app, client, auth, clock, database, runner):
    """Up to "approved" with the sender off (the approval links are read from the outbox), then all of it sent."""
    app.config["AKN_SEND_MAIL"] = False
    forum = advance_to("approved", client, auth, clock, database)
    app.config["AKN_SEND_MAIL"] = True
    assert runner.invoke(args=["akn", "send-mail"]).exit_code == 0
    assert {m.status for m in database.outbox()} == {"sent"}
    return forum


def test_the_distribution_mail_carries_the_approved_pdf(app, client, auth, clock, database, smtp, runner):
    auth.login(COORDINATOR)
    verteiler = {"verteiler-member_id": database.member_id("Kaarst"), "verteiler-email": LIST_ADDRESS,
                 "verteiler-label": "Büro des Bürgermeisters"}
    assert client.submit("/geschaeftsordnung/verteiler", verteiler, page="/geschaeftsordnung/").status_code == 302
    auth.logout()
    forum = _approved_with_mail_sent(app, client, auth, clock, database, runner)
    earlier = len(smtp.messages)
    auth.login(COORDINATOR)
    assert client.submit(f"/foren/{forum.id}/aktion/distribute").status_code == 302  # the background sender mails it
    distributed = smtp.wait_for(earlier + database.recipient_count() + 1)[earlier:]
    assert {m["Subject"] for m in distributed} == {"[AKN] Protokoll: 7. Kooperationsforum"}
    assert LIST_ADDRESS in {m["To"] for m in distributed}
    for message in distributed:
        name, document = _attached_pdf(message)
        assert name == "Protokoll-7.-Kooperationsforum-Fassung-1.pdf"
        assert "Genehmigt am 29.11.2026 nach der Geschäftsordnung" in text_of(document)
        assert "anbei das genehmigte Protokoll" in message.get_body(preferencelist=("plain",)).get_content()
    reader = PdfReader(io.BytesIO(_attached_pdf(distributed[0])[1]))
    assert xmp_identification(reader) == {"part": "2", "conformance": "A"}
    assert forum.current_version.sha256 in reader.metadata["/Keywords"]
    assert not any(p.get_content_type() == "application/pdf" for m in smtp.messages[:earlier] for p in m.iter_attachments())


def test_a_document_that_fails_to_render_holds_its_mail_back(app, client, auth, clock, database, smtp, runner, monkeypatch):
    forum = _approved_with_mail_sent(app, client, auth, clock, database, runner)
    earlier = len(smtp.messages)
    app.config["AKN_SEND_MAIL"] = False  # queue only; the test drives the sender
    auth.login(COORDINATOR)
    assert client.submit(f"/foren/{forum.id}/aktion/distribute").status_code == 302
    app.config["AKN_SEND_MAIL"] = True

    def broken(_html: str) -> bytes:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "convert", broken)
    output = runner.invoke(args=["akn", "send-mail"]).output
    assert f"gesendet: 0, erneuter Versuch später: {database.recipient_count()}" in output
    held = database.outbox(forum, "distributed")
    assert {(m.status, m.attempts) for m in held} == {("pending", 1)}
    assert all("libpango" in m.last_error for m in held)
    assert len(smtp.messages) == earlier  # nothing went out without its document

    monkeypatch.undo()
    clock.advance(seconds=61)
    assert f"gesendet: {database.recipient_count()}," in runner.invoke(args=["akn", "send-mail"]).output
    assert all(_attached_pdf(m)[0].endswith("Fassung-1.pdf") for m in smtp.wait_for(earlier + len(held))[earlier:])


def test_rendering_fetches_nothing(tmp_path, caplog):
    """Nothing reaches the network or the disk, whatever a page would ask for."""
    picture = tmp_path / "bild.png"
    Image.new("RGB", (20, 20), "green").save(picture)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        document = pdf.convert(
            f'<html lang="de"><head><link rel="stylesheet" href="{url}/style.css"></head><body><p>Text</p>'
            f'<img src="{url}/bild.png" alt="Bild"><img src="{picture.as_uri()}" alt="Bild"></body></html>'
        )
        server.settimeout(0)
        with pytest.raises(BlockingIOError):
            server.accept()  # no connection was ever made
    assert "Text" in text_of(document)
    assert not PdfReader(io.BytesIO(document)).pages[0]["/Resources"]["/XObject"]  # neither image was loaded
    assert sum("disallowed protocol" in r.getMessage() for r in caplog.records) == 3


def test_without_pango_a_download_explains_instead_of_failing(client, auth, clock, database, monkeypatch):
    forum = advance_to("approved", client, auth, clock, database)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if WeasyPrint could not load Pango
    auth.login(ADVISOR)
    response = client.get(f"/foren/{forum.id}/protokoll/fassung-1.pdf")
    assert response.status_code == 503
    assert "PDF-Dokumente kann dieser Server zurzeit nicht erstellen" in response.get_data(as_text=True)
    assert client.get(f"/foren/{forum.id}/protokoll/fassung-1").status_code == 200  # the print view still works
