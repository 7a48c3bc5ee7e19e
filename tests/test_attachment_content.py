"""Attachments are accepted by their content: real sample files, built here, against detect, check_name
and check_upload (akn_intranet/attachments/content.py)."""

import io
import struct
import unicodedata
import zipfile
import zlib

import pytest

from akn_intranet.attachments.content import ALLOWED_SUMMARY, UploadRefused, check_name, check_upload, detect

MB = 1024 * 1024
LIMIT = 20 * MB


def png() -> bytes:
    """A real 1x1 PNG: signature, IHDR, IDAT and IEND chunks with their CRCs."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8 bits, RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b"")


def archive(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive with the entries in the given order; "mimetype" uncompressed, as OpenDocument wants it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, body in entries.items():
            zf.writestr(name, body, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ooxml(folder: str, part: str) -> bytes:
    return archive({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        f"{folder}/{part}": b'<?xml version="1.0"?><document/>',
    })


def opendocument(kind: str) -> bytes:
    return archive({
        "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
        "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
        "content.xml": b'<?xml version="1.0"?><office:document-content/>',
    })


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF" + struct.pack("<I", 18) + b"WEBPVP8L" + struct.pack("<I", 6) + b"\x2f\x00\x00\x00\x00\x00"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
UTF8_TEXT = "Protokoll: Überprüfung der Maßnahmen – Größe, Ärger, Öl\r\n\tPunkt 2\f\n".encode()
CP1252_TEXT = "Kosten: 5 € für Bürobedarf, Straßenfest\r\n".encode("cp1252")
HTML = b"<!doctype html>\n<html><body><script>alert(1)</script></body></html>\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
PATH = "Der Dateiname „{}“ enthält eine Pfadangabe; bitte laden Sie die Datei unter ihrem eigenen Namen hoch."
CONTROLS = "Der Dateiname enthält Steuerzeichen; bitte benennen Sie die Datei um und laden Sie sie erneut hoch."
NO_ENDING = "Der Dateiname „{}“ hat keine Endung (etwa .pdf oder .docx); bitte benennen Sie die Datei passend um."
RENAME = "Bitte benennen Sie die Datei entsprechend um und laden Sie sie erneut hoch."


@pytest.mark.parametrize(
    ("data", "label", "mimetype"),
    [
        (PDF, "PDF-Dokument", "application/pdf"),
        (png(), "PNG-Bild", "image/png"),
        (JPEG, "JPEG-Bild", "image/jpeg"),
        (b"GIF87a\x01\x00\x01\x00\x00\x00\x00;", "GIF-Bild", "image/gif"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "GIF-Bild", "image/gif"),
        (WEBP, "WebP-Bild", "image/webp"),
        (OLE2, "Office-Dokument (älteres Format)", "application/vnd.ms-office"),
        (ooxml("word", "document.xml"), "Word-Dokument",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (ooxml("xl", "workbook.xml"), "Excel-Tabelle", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (ooxml("ppt", "presentation.xml"), "PowerPoint-Präsentation",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (opendocument("text"), "OpenDocument-Text", "application/vnd.oasis.opendocument.text"),
        (opendocument("spreadsheet"), "OpenDocument-Tabelle", "application/vnd.oasis.opendocument.spreadsheet"),
        (opendocument("presentation"), "OpenDocument-Präsentation", "application/vnd.oasis.opendocument.presentation"),
        (UTF8_TEXT, "Textdatei", "text/plain; charset=utf-8"),
        (b"\xef\xbb\xbf" + UTF8_TEXT, "Textdatei", "text/plain; charset=utf-8"),
        (CP1252_TEXT, "Textdatei", "text/plain; charset=windows-1252"),
        (HTML, "Textdatei", "text/plain; charset=utf-8"),
    ],
)
def test_detect_names_the_allowed_kinds(data: bytes, label: str, mimetype: str) -> None:
    detected = detect(data)
    assert detected is not None
    assert (detected.label, detected.mimetype) == (label, mimetype)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(archive({"notizen.txt": b"Hallo"}), id="plain zip"),
        pytest.param(archive({"[Content_Types].xml": b"<Types/>", "other/x.xml": b"<x/>"}), id="ooxml without main part"),
        pytest.param(archive({"mimetype": b"application/epub+zip", "content.opf": b"<package/>"}), id="epub"),
        pytest.param(archive({"mimetype": b"application/vnd.oasis.opendocument.text" + b" " * 100}), id="long mimetype"),
        pytest.param(b"PK\x03\x04" + b"\x14\x00" * 40, id="damaged zip"),
        pytest.param(ooxml("word", "document.xml")[:200], id="truncated zip"),
        pytest.param(b"RIFF" + struct.pack("<I", 4) + b"WAVEfmt ", id="wave"),
        pytest.param(ELF, id="elf"),
        pytest.param(EXE, id="exe"),
        pytest.param(b"Hallo\x00Welt", id="nul byte"),
        pytest.param(b"Hallo \x1b[31mrot\x1b[0m", id="escape"),
        pytest.param(b"Hallo\x7f", id="delete"),
        pytest.param("Hallo\u0085Welt".encode(), id="c1 control in utf-8"),
        pytest.param(b"Hallo \x81 Welt", id="neither utf-8 nor cp1252"),
        pytest.param(bytes(range(1, 256)), id="binary"),
    ],
)
def test_detect_refuses_other_content(data: bytes) -> None:
    assert detect(data) is None


@pytest.mark.parametrize(
    ("filename", "data", "label"),
    [
        ("Einladung.pdf", PDF, "PDF-Dokument"),
        ("FOTO.JPG", JPEG, "JPEG-Bild"),
        ("foto.jpeg", JPEG, "JPEG-Bild"),
        ("logo.png", png(), "PNG-Bild"),
        ("Haushalt.xls", OLE2, "Office-Dokument (älteres Format)"),
        ("Bericht.docx", ooxml("word", "document.xml"), "Word-Dokument"),
        ("Folien.odp", opendocument("presentation"), "OpenDocument-Präsentation"),
        ("liste.csv", CP1252_TEXT, "Textdatei"),
        ("seite.txt", HTML, "Textdatei"),
        ("  Notizen.md \n", UTF8_TEXT, "Textdatei"),
    ],
)
def test_check_upload_accepts_matching_name_and_content(filename: str, data: bytes, label: str) -> None:
    name, file_type = check_upload(filename, data, LIMIT)
    assert (name, file_type.label) == (filename.strip(), label)


def test_check_upload_accepts_a_file_of_exactly_the_limit() -> None:
    data = PDF + b" " * (LIMIT - len(PDF))
    assert check_upload("gross.pdf", data, LIMIT)[1].label == "PDF-Dokument"


def test_check_name_stores_the_composed_form() -> None:
    decomposed = "U\u0308bersicht.pdf"
    assert check_name(decomposed) == "Übersicht.pdf"
    assert check_name(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert check_upload(decomposed, PDF, LIMIT)[0] == "\u00dcbersicht.pdf"


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("", "Bitte wählen Sie eine Datei aus."),
        ("  \t ", "Bitte wählen Sie eine Datei aus."),
        ("../../x.pdf", PATH.format("../../x.pdf")),
        ("..\\x.pdf", PATH.format("..\\x.pdf")),
        ("C:\\Users\\anna\\x.pdf", PATH.format("C:\\Users\\anna\\x.pdf")),
        ("..", PATH.format("..")),
        (".", PATH.format(".")),
        ("x\x00.pdf", CONTROLS),
        ("x\n.pdf", CONTROLS),
        ("x\x1b.pdf", CONTROLS),
        ("rechnung\u202efdp.exe", CONTROLS),
        ("a" * 197 + ".pdf", "Der Dateiname ist zu lang (201 Zeichen); erlaubt sind höchstens 200 Zeichen."),
        ("Bericht", NO_ENDING.format("Bericht")),
        ("Bericht.", NO_ENDING.format("Bericht.")),
        (".pdf", NO_ENDING.format(".pdf")),
    ],
)
def test_check_name_refuses(filename: str, message: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        check_name(filename)
    assert refused.value.message == message
    assert str(refused.value) == message


def test_check_name_allows_the_longest_name() -> None:
    name = "a" * 196 + ".pdf"
    assert check_name(name) == name


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("x.pdf", b"", "Die Datei „x.pdf“ ist leer."),
        ("x.exe", EXE,
         "„x.exe“ ist keine erlaubte Datei. "
         "Erlaubt sind PDF, Office- und OpenDocument-Dateien, Bilder (PNG, JPEG, GIF, WebP) und Textdateien."),
        ("programm.pdf", ELF, f"„programm.pdf“ ist keine erlaubte Datei. {ALLOWED_SUMMARY}"),
        ("daten.bin", b"\x00\x01\x02", f"„daten.bin“ ist keine erlaubte Datei. {ALLOWED_SUMMARY}"),
        ("archiv.docx", archive({"notizen.txt": b"Hallo"}), f"„archiv.docx“ ist keine erlaubte Datei. {ALLOWED_SUMMARY}"),
        ("x.docx", PDF,
         "„x.docx“ wurde dem Inhalt nach als PDF-Dokument erkannt; dazu passt die Endung .pdf. " + RENAME),
        ("bericht.pdf", UTF8_TEXT,
         "„bericht.pdf“ wurde dem Inhalt nach als Textdatei erkannt; dazu passt eine der Endungen .txt, .csv, .md. " + RENAME),
        ("x.html", HTML,
         "„x.html“ wurde dem Inhalt nach als Textdatei erkannt; dazu passt eine der Endungen .txt, .csv, .md. " + RENAME),
        ("tabelle.xlsx", opendocument("spreadsheet"),
         "„tabelle.xlsx“ wurde dem Inhalt nach als OpenDocument-Tabelle erkannt; dazu passt die Endung .ods. " + RENAME),
        ("alt.docx", OLE2,
         "„alt.docx“ wurde dem Inhalt nach als Office-Dokument (älteres Format) erkannt; "
         "dazu passt eine der Endungen .doc, .xls, .ppt. " + RENAME),
        ("../x.pdf", PDF, PATH.format("../x.pdf")),
        ("", PDF, "Bitte wählen Sie eine Datei aus."),
    ],
)
def test_check_upload_refuses(filename: str, data: bytes, message: str) -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(filename, data, LIMIT)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("size", "limit", "message"),
    [
        (int(20.5 * MB), 20 * MB, "Die Datei „gross.pdf“ ist zu groß (20,5 MB); erlaubt sind höchstens 20 MB."),
        (20 * MB + 1, 20 * MB, "Die Datei „gross.pdf“ ist zu groß (20,1 MB); erlaubt sind höchstens 20 MB."),
        (21 * MB, 20 * MB, "Die Datei „gross.pdf“ ist zu groß (21,0 MB); erlaubt sind höchstens 20 MB."),
        (11 * MB, int(10.5 * MB), "Die Datei „gross.pdf“ ist zu groß (11,0 MB); erlaubt sind höchstens 10,5 MB."),
        (3 * MB, 2 * MB, "Die Datei „gross.pdf“ ist zu groß (3,0 MB); erlaubt sind höchstens 2 MB."),
    ],
)
def test_check_upload_refuses_a_file_over_the_limit(size: int, limit: int, message: str) -> None:
    data = PDF + b" " * (size - len(PDF))
    with pytest.raises(UploadRefused) as refused:
        check_upload("gross.pdf", data, limit)
    assert refused.value.message == message
