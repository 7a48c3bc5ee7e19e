"""What an uploaded file is, judged by its content, not by its name.

A name is whatever the uploader's computer says; the bytes are what others will open. An attachment
is accepted only when its content is one of the kinds below and its name ends as that kind does, so a
program renamed to ``bericht.pdf`` is refused, and a file is served with the Content-Type of what it is.
Standard library only: the checks run on every upload, before anything is stored.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    """A kind of file that may be attached: its German name, the Content-Type it is served with,
    and the name endings that fit it (lower case, with the dot)."""

    label: str
    mimetype: str
    extensions: tuple[str, ...]


class UploadRefused(Exception):
    """A German sentence for the person uploading; nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


ALLOWED_SUMMARY = "Erlaubt sind PDF, Office- und OpenDocument-Dateien, Bilder (PNG, JPEG, GIF, WebP) und Textdateien."
_MAX_NAME_LENGTH = 200  # the width of Attachment.filename

_TEXT_ENDINGS = (".txt", ".csv", ".md")
_PDF = FileType("PDF-Dokument", "application/pdf", (".pdf",))
_DOCX = FileType("Word-Dokument", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
_XLSX = FileType("Excel-Tabelle", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
_PPTX = FileType(
    "PowerPoint-Präsentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)
)
_ODT = FileType("OpenDocument-Text", "application/vnd.oasis.opendocument.text", (".odt",))
_ODS = FileType("OpenDocument-Tabelle", "application/vnd.oasis.opendocument.spreadsheet", (".ods",))
_ODP = FileType("OpenDocument-Präsentation", "application/vnd.oasis.opendocument.presentation", (".odp",))
_OLE2 = FileType("Office-Dokument (älteres Format)", "application/vnd.ms-office", (".doc", ".xls", ".ppt"))
_PNG = FileType("PNG-Bild", "image/png", (".png",))
_JPEG = FileType("JPEG-Bild", "image/jpeg", (".jpg", ".jpeg"))
_GIF = FileType("GIF-Bild", "image/gif", (".gif",))
_WEBP = FileType("WebP-Bild", "image/webp", (".webp",))
_UTF8_TEXT = FileType("Textdatei", "text/plain; charset=utf-8", _TEXT_ENDINGS)
_CP1252_TEXT = FileType("Textdatei", "text/plain; charset=windows-1252", _TEXT_ENDINGS)

# Leading bytes that name a format by themselves (WebP, whose signature has a gap, is checked apart).
_SIGNATURES = (
    (b"%PDF-", _PDF),
    (b"\x89PNG\r\n\x1a\n", _PNG),
    (b"\xff\xd8\xff", _JPEG),
    (b"GIF87a", _GIF),
    (b"GIF89a", _GIF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _OLE2),  # OLE2 compound file: .doc, .xls, .ppt
)
_ZIP_SIGNATURE = b"PK\x03\x04"  # a local file header: every OOXML and OpenDocument file begins with one
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": _ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": _ODS,
    b"application/vnd.oasis.opendocument.presentation": _ODP,
}
_OOXML_PARTS = (("word/", _DOCX), ("xl/", _XLSX), ("ppt/", _PPTX))
_TEXT_CONTROLS = frozenset("\t\n\r\f")  # the control characters ordinary text files contain
# Not control characters by category, but they turn a name around on screen ("rechnung\u202efdp.exe").
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MEGABYTE = 1024 * 1024


def detect(data: bytes) -> FileType | None:
    """The allowed kind the content is, or None: anything else (a program, a plain ZIP archive,
    binary data) is not attached, whatever its name."""
    if not data:
        return None
    for signature, file_type in _SIGNATURES:
        if data.startswith(signature):
            return file_type
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _WEBP
    if data.startswith(_ZIP_SIGNATURE):
        return _office_archive(data)
    return _text(data)


def _office_archive(data: bytes) -> FileType | None:
    """OpenDocument (its ``mimetype`` entry says which) or OOXML (``[Content_Types].xml`` and the main
    part's folder); any other archive could hold anything and is not allowed."""
    longest = max(len(name) for name in _OPENDOCUMENT)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            declared = None
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    declared = entry.read(longest + 1)  # bounded: a huge entry is no OpenDocument file
    except Exception:  # a damaged archive raises all sorts of errors; it is refused, not a server error
        return None
    if declared is not None:
        return _OPENDOCUMENT.get(declared)
    if "[Content_Types].xml" in names:
        for folder, file_type in _OOXML_PARTS:
            if any(name.startswith(folder) for name in names):
                return file_type
    return None


def _text(data: bytes) -> FileType | None:
    """Text in UTF-8 (with or without BOM) or, as older Windows programs write it, Windows-1252;
    NUL bytes or other control characters mean binary data."""
    if b"\0" in data:
        return None
    for encoding, file_type in (("utf-8-sig", _UTF8_TEXT), ("cp1252", _CP1252_TEXT)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(c) == "Cc" for c in set(text) - _TEXT_CONTROLS):
            return None
        return file_type
    return None


def _extension(name: str) -> str:
    """The ending after the last dot, lower case with the dot; "" when there is none (``bericht``,
    ``.profile``, ``bericht.``)."""
    stem, _, ending = name.rpartition(".")
    return f".{ending.lower()}" if stem and ending else ""


def check_name(filename: str) -> str:
    """The name to store: NFC, so that an "Ü" typed on a Mac and on Windows is the same name, and
    stripped. Refused when it is no plain file name (a path, control characters, too long, no ending)."""
    name = unicodedata.normalize("NFC", filename).strip()
    if not name:
        raise UploadRefused("Bitte wählen Sie eine Datei aus.")
    if any(unicodedata.category(c) == "Cc" or c in _DIRECTION_CONTROLS for c in name):
        raise UploadRefused("Der Dateiname enthält Steuerzeichen; bitte benennen Sie die Datei um und laden Sie sie erneut hoch.")
    if "/" in name or "\\" in name or name in {".", ".."}:
        raise UploadRefused(
            f"Der Dateiname „{name}“ enthält eine Pfadangabe; bitte laden Sie die Datei unter ihrem eigenen Namen hoch."
        )
    if len(name) > _MAX_NAME_LENGTH:
        raise UploadRefused(
            f"Der Dateiname ist zu lang ({len(name)} Zeichen); erlaubt sind höchstens {_MAX_NAME_LENGTH} Zeichen."
        )
    if not _extension(name):
        raise UploadRefused(
            f"Der Dateiname „{name}“ hat keine Endung (etwa .pdf oder .docx); bitte benennen Sie die Datei passend um."
        )
    return name


def _size_text(size: int) -> str:
    """A size in MB with one decimal, rounded up: a file just over the limit never reads as the limit."""
    tenths = -(-size * 10 // _MEGABYTE)
    return f"{tenths // 10},{tenths % 10}"


def _limit_text(limit: int) -> str:
    """The limit in MB, rounded down, without decimals when whole ("20", "10,5")."""
    whole, tenth = divmod(limit * 10 // _MEGABYTE, 10)
    return f"{whole},{tenth}" if tenth else str(whole)


def _endings_text(extensions: tuple[str, ...]) -> str:
    if len(extensions) == 1:
        return f"passt die Endung {extensions[0]}"
    return f"passt eine der Endungen {', '.join(extensions)}"


def check_upload(filename: str, data: bytes, max_bytes: int) -> tuple[str, FileType]:
    """The name to store and the kind of file, or UploadRefused saying what to do instead. The name's
    ending must fit the content: a file opens with the program its ending names."""
    name = check_name(filename)
    if not data:
        raise UploadRefused(f"Die Datei „{name}“ ist leer.")
    if len(data) > max_bytes:
        raise UploadRefused(
            f"Die Datei „{name}“ ist zu groß ({_size_text(len(data))} MB); erlaubt sind höchstens {_limit_text(max_bytes)} MB."
        )
    file_type = detect(data)
    if file_type is None:
        raise UploadRefused(f"„{name}“ ist keine erlaubte Datei. {ALLOWED_SUMMARY}")
    if _extension(name) not in file_type.extensions:
        raise UploadRefused(
            f"„{name}“ wurde dem Inhalt nach als {file_type.label} erkannt; dazu {_endings_text(file_type.extensions)}. "
            "Bitte benennen Sie die Datei entsprechend um und laden Sie sie erneut hoch."
        )
    return name, file_type
