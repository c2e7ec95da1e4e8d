"""Checking an uploaded file by its content, and naming it for storage and display.

``check_upload()`` decides what a file is from its bytes only, never from its
name or the type the browser declared. It accepts PDF, JPEG and PNG and
returns a ``CheckedUpload``; anything else raises Django's ``ValidationError``
with one of these codes (security bar 15, 16 and 18):

- ``empty``: the file has no content;
- ``too_large``: more than ``MAX_UPLOAD_BYTES``;
- ``archive``: ZIP, RAR, 7z, gzip, tar and other archives, also one hidden
  inside another file (a polyglot, e.g. a PDF with a ZIP appended);
- ``type_not_allowed``: any other type, HTML, SVG and scripts included;
- ``extension_mismatch``: the name's extension does not fit the content;
- ``pdf_invalid``, ``pdf_encrypted``, ``pdf_active_content``: a PDF that
  cannot be read, is encrypted, or carries active content: JavaScript, launch
  actions, embedded files or media, XFA forms, forms that send or load data,
  links into other documents, actions that run by themselves (``/AA``, an
  ``/OpenAction`` other than opening a page) and links to anything but a web
  page or an e-mail address (see ``PDF_ACTIVE_NAMES``);
- ``image_invalid``, ``image_too_many_pixels``: an image that cannot be read,
  or with more than ``MAX_IMAGE_PIXELS`` pixels (checked in the header, before
  anything is decoded);
- ``too_many_files`` (``check_upload_count()``): more than
  ``MAX_FILES_PER_REQUEST`` files;
- ``malware``, ``scan_unavailable``: when a virus scanner is configured
  (``CLAMD_ADDRESS``, portal/virus_scan.py), a file it finds malware in, or any
  file while it gives no verdict (security bar 17: it fails closed).

Files are stored under ``storage_name()``: generated, never derived from the
client's file name. ``display_name()`` makes the client's name safe to show.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import re
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import puremagic
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from . import virus_scan

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_REQUEST = 20
# Pixel-flood guard: a small file can declare an image that needs gigabytes
# once decoded. 50 million pixels is more than an A4 page scanned at 600 dpi.
MAX_IMAGE_PIXELS = 50_000_000
MAX_DISPLAY_NAME_LENGTH = 120
DEFAULT_DISPLAY_NAME = "document"
READ_CHUNK_BYTES = 64 * 1024
# Adobe Reader looks for a PDF's end-of-file marker in its last 1024 bytes only.
PDF_EOF_WINDOW = 1024
# A PDF with more objects than this in 10 MB is not a scan or a letter.
MAX_PDF_OBJECTS = 200_000


@dataclass(frozen=True)
class FileKind:
    kind: str
    label: str
    content_type: str
    extension: str  # used for storage, without the dot
    accepted_extensions: tuple[str, ...]  # of the client's file name, with the dot
    magic: bytes
    pillow_formats: tuple[str, ...] = ()


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", "PDF", "application/pdf", "pdf", (".pdf",), b"%PDF-"),
    "jpeg": FileKind(
        "jpeg",
        "JPEG",
        "image/jpeg",
        "jpg",
        (".jpg", ".jpeg"),
        b"\xff\xd8\xff",
        # Phones write several pictures into one JPEG (MPO); it is still a JPEG.
        pillow_formats=("JPEG", "MPO"),
    ),
    "png": FileKind("png", "PNG", "image/png", "png", (".png",), b"\x89PNG\r\n\x1a\n", ("PNG",)),
}
ALLOWED_KINDS = tuple(KINDS)
STORAGE_EXTENSIONS = frozenset(kind.extension for kind in KINDS.values())

# Error messages (tests assert against these). Placeholders are filled in by
# ValidationError's ``params``, so each message is translated as a whole.
EMPTY_FILE = _(
    "The file is empty (0 bytes). Please choose the file again; if it is still empty, "
    "save or scan the document again."
)
TOO_LARGE = _(
    "The file is larger than %(limit)s. Please upload a smaller file, for example a scan "
    "with a lower resolution."
)
TOO_MANY_FILES = _(
    "You can upload at most %(limit)s files. Please remove a file you no longer need "
    "before you add another one."
)
ARCHIVE = _(
    "The file is an archive (%(detected)s). Archives are not accepted. Please unpack it and "
    "upload each document on its own as PDF, JPEG or PNG."
)
HIDDEN_ARCHIVE = _(
    "The file contains a hidden archive (%(detected)s). Archives are not accepted. Please save "
    "or scan the document again as PDF, JPEG or PNG and upload the new file."
)
TYPE_NOT_ALLOWED = _(
    "Files of this type (%(detected)s) are not accepted. Please upload a PDF, JPEG or PNG "
    "file, for example by saving or scanning the document as PDF."
)
EXTENSION_MISMATCH = _(
    "The file contains a %(detected)s file, but its name ends in “%(extension)s”. Please "
    "rename it to end in %(expected)s, or choose the right file."
)
EXTENSION_MISSING = _(
    "The file contains a %(detected)s file, but its name does not end in %(expected)s. "
    "Please rename it to end in %(expected)s, or choose the right file."
)
PDF_INVALID = _(
    "The PDF file is damaged or incomplete and cannot be read. Please save or scan the "
    "document again as PDF and upload the new file."
)
PDF_ENCRYPTED = _(
    "The PDF file is protected by a password or encryption, so the office cannot open it. "
    "Please upload a version without protection, for example by printing it to a new PDF."
)
PDF_ACTIVE_CONTENT = _(
    "The PDF file contains active content (%(detected)s), which is not accepted. Please "
    "upload a version without it, for example by printing the document to a new PDF."
)
IMAGE_INVALID = _(
    "The %(detected)s image is damaged or incomplete and cannot be read. Please save or scan "
    "it again, or upload the document as PDF."
)
IMAGE_TOO_MANY_PIXELS = _(
    "The image has %(width)s × %(height)s pixels; at most %(limit)s million pixels are "
    "allowed. Please reduce its resolution, for example by scanning at 300 dpi, and upload "
    "it again."
)

MALWARE_FOUND = _(
    "Our virus scanner found malware in this file, so it was not saved. Please check your "
    "device with a virus scanner and upload a clean copy of the document."
)
SCAN_UNAVAILABLE = _(
    "The file could not be checked for viruses just now, so it was not saved. Please try "
    "again in a few minutes; your other answers are kept."
)
UNKNOWN_TYPE_LABEL = _("unknown")
JAVASCRIPT_LABEL = "JavaScript"
LAUNCH_LABEL = _("an action that starts programs")
EMBEDDED_FILE_LABEL = _("embedded files")
RICH_MEDIA_LABEL = _("embedded media")
XFA_LABEL = _("an XFA form")
SUBMIT_FORM_LABEL = _("a form that sends data")
IMPORT_DATA_LABEL = _("a form that loads data")
OTHER_DOCUMENT_LABEL = _("a link that opens another document")
UNSAFE_LINK_LABEL = _("a link to something other than a web page or an e-mail address")
AUTOMATIC_ACTION_LABEL = _("an action that runs by itself when the document is opened or used")

# PDF names that make a document act on its own or reach out: code, programs,
# carried files and media, forms that send or load data, links into other
# documents (``/GoToR`` with ``\\server\share\x.pdf`` hands Windows
# credentials to the server in some viewers) and additional actions (``/AA``:
# run on opening a page, focusing a field, closing, printing). Refused wherever
# they appear, as a dictionary key or as a name value (``/S /JavaScript``,
# ``/Type /EmbeddedFile``), also hex-escaped (``/J#61vaScript``) or inside a
# compressed object stream.
PDF_ACTIVE_NAMES = {
    "/JS": JAVASCRIPT_LABEL,
    "/JavaScript": JAVASCRIPT_LABEL,
    "/Launch": LAUNCH_LABEL,
    "/EmbeddedFile": EMBEDDED_FILE_LABEL,
    "/EmbeddedFiles": EMBEDDED_FILE_LABEL,
    "/RichMedia": RICH_MEDIA_LABEL,
    "/Rendition": RICH_MEDIA_LABEL,
    "/Movie": RICH_MEDIA_LABEL,
    "/Sound": RICH_MEDIA_LABEL,
    "/XFA": XFA_LABEL,
    "/SubmitForm": SUBMIT_FORM_LABEL,
    "/ImportData": IMPORT_DATA_LABEL,
    "/GoToR": OTHER_DOCUMENT_LABEL,
    "/GoToE": OTHER_DOCUMENT_LABEL,
    "/AA": AUTOMATIC_ACTION_LABEL,
}
# Two names depend on what they hold, because ordinary PDFs carry them too:
# ``/OpenAction`` is refused unless it only opens a page (an array, or a plain
# ``/GoTo`` action without ``/Next``), as LibreOffice writes it; and ``/URI``
# only where its target is a web page or an e-mail address (every link that
# Chromium's print and WeasyPrint write), which a person clicks and the viewer
# asks about. Any ``/OpenAction`` with a ``/URI`` action is refused: it calls home.
OPEN_ACTION = "/OpenAction"
URI = "/URI"
SAFE_LINK = re.compile(r"(?:https?://|mailto:)[^\s\\]", re.IGNORECASE)
# When a file has several kinds of active content, the message names the most telling one.
ACTIVE_LABEL_ORDER = (
    JAVASCRIPT_LABEL,
    LAUNCH_LABEL,
    EMBEDDED_FILE_LABEL,
    RICH_MEDIA_LABEL,
    XFA_LABEL,
    SUBMIT_FORM_LABEL,
    IMPORT_DATA_LABEL,
    OTHER_DOCUMENT_LABEL,
    UNSAFE_LINK_LABEL,
    AUTOMATIC_ACTION_LABEL,
)

# Archives and compressed files by their leading bytes: (offset, signature, label).
ARCHIVE_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"PK\x03\x04", "ZIP"),
    (0, b"PK\x05\x06", "ZIP"),
    (0, b"PK\x07\x08", "ZIP"),
    (0, b"Rar!\x1a\x07", "RAR"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"\x1f\x9d", "compress"),
    (0, b"BZh", "bzip2"),
    (0, b"\xfd7zXZ\x00", "xz"),
    (0, b"\x28\xb5\x2f\xfd", "zstd"),
    (0, b"LZIP", "lzip"),
    (0, b"MSCF", "CAB"),
    (0, b"\x60\xea", "ARJ"),
    (257, b"ustar", "tar"),
    (0x8001, b"CD001", "ISO"),
)
# Signatures long enough to look for anywhere in a file: archive tools such
# as 7-Zip find them behind other content.
EMBEDDED_ARCHIVE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\xfd7zXZ\x00", "xz"),
)
ZIP_LOCAL_HEADER = b"PK\x03\x04"
ZIP_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
# A good file holds a ZIP signature by chance once in thousands of files;
# more than this many are a crafted file, not worth a slow scan.
MAX_ZIP_SIGNATURES = 1000
# Compression methods of the ZIP format (APPNOTE 4.4.5) that tools extract.
ZIP_METHODS = frozenset({0, 1, 6, 8, 9, 12, 14, 93, 95, 96, 97, 98, 99})
# A ZIP that starts with one of these entries is an office document.
OFFICE_FIRST_ENTRIES = {
    b"[Content_Types].xml": "DOCX/XLSX/PPTX",
    b"mimetype": "ODT/ODS/ODP",
}

MARKUP_START = re.compile(
    r"<(?:\?xml|!--|!doctype\s+(?:html|svg)\b|(?:html|head|body|script|svg|iframe)\b)",
    re.IGNORECASE,
)
PDF_STREAM_START = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_WHITESPACE = b"\x00\t\n\x0c\r "
SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")
SAFE_LABEL = re.compile(r"[A-Za-z0-9]{1,10}")
STORAGE_FOLDER = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")

# JPEG start-of-frame markers, which carry the image's dimensions.
JPEG_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
JPEG_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})
JPEG_FILL_BYTES = re.compile(rb"\xff+")

# Characters that reorder or hide text: the bidi embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "pdf", "jpeg" or "png"
    content_type: str
    extension: str  # for storage, without the dot: "pdf", "jpg", "png"
    size: int
    sha256: str


def check_upload(uploaded_file) -> CheckedUpload:
    """What the uploaded file is, judged by its content; ``ValidationError`` when refused.

    ``uploaded_file`` is a Django ``UploadedFile``. Its name is used only to
    check that the extension fits the content; the content type the browser
    declared is ignored. The file's position is 0 afterwards, also on refusal.
    """
    try:
        data = _read_limited(uploaded_file)
        kind = _check_content(data, uploaded_file.name or "")
        _check_malware(data)
    finally:
        uploaded_file.seek(0)
    return CheckedUpload(
        kind=kind.kind,
        content_type=kind.content_type,
        extension=kind.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def check_upload_count(existing: int) -> None:
    """Refuse one more file when ``existing`` files already reach ``MAX_FILES_PER_REQUEST``."""
    if existing + 1 > MAX_FILES_PER_REQUEST:
        raise ValidationError(
            TOO_MANY_FILES, code="too_many_files", params={"limit": MAX_FILES_PER_REQUEST}
        )


def storage_name(checked: CheckedUpload, *, folder: str = "uploads") -> str:
    """A new storage name such as ``uploads/2026/11/<uuid4 hex>.pdf``.

    Only the checked extension is used, never the client's file name, so no
    name can reach outside ``folder`` or collide with another file.
    """
    if not STORAGE_FOLDER.fullmatch(folder):
        raise ValueError(f"folder must be a relative path of plain segments, not {folder!r}.")
    if checked.extension not in STORAGE_EXTENSIONS:
        raise ValueError(f"Not a checked extension: {checked.extension!r}.")
    day = timezone.localdate()
    return f"{folder}/{day:%Y}/{day:%m}/{uuid.uuid4().hex}.{checked.extension}"


def display_name(client_name: str) -> str:
    """The client's file name made safe to show to people; never stored or used as a path.

    The last segment after ``/`` or ``\\``, without control and bidi
    characters, at most ``MAX_DISPLAY_NAME_LENGTH`` characters with the
    extension kept, and ``"document"`` when nothing is left.
    """
    name = unicodedata.normalize("NFC", client_name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if _is_visible(char)).strip()
    if not name.strip("."):
        return DEFAULT_DISPLAY_NAME
    if len(name) <= MAX_DISPLAY_NAME_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= 10:
        keep = MAX_DISPLAY_NAME_LENGTH - len(extension) - 2
        return f"{stem[:keep].rstrip()}….{extension}"
    return name[: MAX_DISPLAY_NAME_LENGTH - 1].rstrip() + "…"


# --- Reading --------------------------------------------------------------------------


def _read_limited(uploaded_file) -> bytes:
    """The file's content, read in chunks; refused as soon as it passes the size limit."""
    declared = getattr(uploaded_file, "size", None)
    if isinstance(declared, int) and declared > MAX_UPLOAD_BYTES:
        raise _too_large()
    buffer = bytearray()
    for chunk in uploaded_file.chunks(chunk_size=READ_CHUNK_BYTES):
        buffer += chunk
        if len(buffer) > MAX_UPLOAD_BYTES:
            raise _too_large()
    if not buffer:
        raise ValidationError(EMPTY_FILE, code="empty")
    return bytes(buffer)


def _too_large() -> ValidationError:
    limit = f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
    return ValidationError(TOO_LARGE, code="too_large", params={"limit": limit})


# --- The checks, cheapest first -----------------------------------------------------------


def _check_content(data: bytes, client_name: str) -> FileKind:
    markup = _markup_label(data)
    if markup:
        raise _not_allowed(markup)
    _check_archive(data)
    kind = _kind_by_magic(data)
    if kind is None or not _puremagic_agrees(data, kind):
        raise _not_allowed(_puremagic_label(data))
    _check_extension(kind, client_name)
    if kind.kind == "pdf":
        _check_pdf(data)
    else:
        _check_image(data, kind)
    return kind


def _check_malware(data: bytes) -> None:
    """The virus scan, last because it is the most expensive check (fails closed)."""
    if not virus_scan.enabled():
        return
    try:
        signature = virus_scan.malware_in(data)
    except virus_scan.ScannerUnavailable as exc:
        logger.error("upload refused: virus scanner unavailable (%s)", exc)
        raise ValidationError(SCAN_UNAVAILABLE, code="scan_unavailable") from exc
    if signature:
        logger.warning("upload refused: malware found signature=%s", signature)
        raise ValidationError(MALWARE_FOUND, code="malware")


def _not_allowed(detected) -> ValidationError:
    return ValidationError(TYPE_NOT_ALLOWED, code="type_not_allowed", params={"detected": detected})


def _markup_label(data: bytes) -> str | None:
    """``"HTML"``, ``"SVG"`` or ``"XML"`` when the file starts with markup, after whitespace/BOM."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    text = text.lstrip("\ufeff \t\r\n\x0c\x0b\x00")
    match = MARKUP_START.match(text)
    if match is None:
        return None
    if "<svg" in text.lower():
        return "SVG"
    return "XML" if match.group(0).lower() == "<?xml" else "HTML"


def _check_archive(data: bytes) -> None:
    for offset, signature, label in ARCHIVE_SIGNATURES:
        if data.startswith(signature, offset):
            office = _office_label(data) if signature == ZIP_LOCAL_HEADER else None
            if office:
                raise _not_allowed(office)
            raise ValidationError(ARCHIVE, code="archive", params={"detected": label})
    hidden = _hidden_archive_label(data)
    if hidden:
        raise ValidationError(HIDDEN_ARCHIVE, code="archive", params={"detected": hidden})


def _office_label(data: bytes) -> str | None:
    """Word, Excel or OpenDocument files are ZIPs whose first entry gives them away."""
    name_length = int.from_bytes(data[26:28], "little")
    return OFFICE_FIRST_ENTRIES.get(data[30 : 30 + name_length])


def _hidden_archive_label(data: bytes) -> str | None:
    """The archive hidden somewhere inside the file (a polyglot), if any."""
    for signature, label in EMBEDDED_ARCHIVE_SIGNATURES:
        if signature in data:
            return label
    for signature, plausible in (
        (ZIP_END_OF_CENTRAL_DIRECTORY, _plausible_zip_end),
        (ZIP_LOCAL_HEADER, _plausible_zip_entry),
    ):
        for count, at in enumerate(_find_all(data, signature)):
            if count >= MAX_ZIP_SIGNATURES or plausible(data, at):
                return "ZIP"
    return None


def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    at = data.find(needle)
    while at != -1:
        yield at
        at = data.find(needle, at + 1)


def _plausible_zip_end(data: bytes, at: int) -> bool:
    """An end-of-central-directory record that ZIP tools would accept (APPNOTE 4.3.16).

    The structure check keeps the four signature bytes, found by chance in
    compressed image or PDF data, from refusing a good file.
    """
    record = data[at : at + 22]
    if len(record) < 22:
        return False
    disk, directory_disk, entries_here, entries = (
        int.from_bytes(record[i : i + 2], "little") for i in (4, 6, 8, 10)
    )
    return disk == directory_disk and entries_here == entries


def _plausible_zip_entry(data: bytes, at: int) -> bool:
    """A local file header that ZIP tools would extract (APPNOTE 4.3.7)."""
    header = data[at : at + 30]
    if len(header) < 30:
        return False
    version = int.from_bytes(header[4:6], "little")
    method = int.from_bytes(header[8:10], "little")
    name_length = int.from_bytes(header[26:28], "little")
    return version <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024


def _kind_by_magic(data: bytes) -> FileKind | None:
    for kind in KINDS.values():
        if data.startswith(kind.magic):
            return kind
    return None


def _puremagic_matches(data: bytes) -> list:
    try:
        return puremagic.magic_string(data)
    except (puremagic.PureError, ValueError):
        return []


def _puremagic_agrees(data: bytes, kind: FileKind) -> bool:
    """A second opinion: puremagic's signatures must also see the allowed type."""
    return any(match.mime_type == kind.content_type for match in _puremagic_matches(data))


def _puremagic_label(data: bytes):
    """What puremagic thinks the content is, as a short extension such as ``EXE``.

    Matches with a MIME type come first: they are the common formats, while
    the rest are rarities that share a signature (an EXE is also a "ZAP").
    """
    for match in sorted(_puremagic_matches(data), key=lambda match: not match.mime_type):
        label = str(match.extension).lstrip(".").upper()
        if SAFE_LABEL.fullmatch(label):
            return label
    return UNKNOWN_TYPE_LABEL


def _check_extension(kind: FileKind, client_name: str) -> None:
    base = re.split(r"[/\\]", client_name)[-1]
    _, dot, suffix = base.rpartition(".")
    extension = f".{suffix.lower()}" if dot else ""
    if extension in kind.accepted_extensions:
        return
    params = {"detected": kind.label, "expected": ", ".join(kind.accepted_extensions)}
    if SAFE_EXTENSION.fullmatch(extension):
        raise ValidationError(
            EXTENSION_MISMATCH, code="extension_mismatch", params={**params, "extension": extension}
        )
    raise ValidationError(EXTENSION_MISSING, code="extension_mismatch", params=params)


# --- PDF ----------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        # Truncated; and pypdf would otherwise search the whole file for it, line by line.
        raise ValidationError(PDF_INVALID, code="pdf_invalid")
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:  # pypdf raises many kinds on broken input
        raise ValidationError(PDF_INVALID, code="pdf_invalid") from error
    if reader.is_encrypted:
        raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted")
    try:
        if len(reader.pages) < 1:
            raise ValueError("The PDF has no pages.")
        active = _active_content_in_objects(reader)
    except Exception as error:
        raise ValidationError(PDF_INVALID, code="pdf_invalid") from error
    active = active or _active_content_in_raw_pdf(data)
    if active:
        raise ValidationError(
            PDF_ACTIVE_CONTENT, code="pdf_active_content", params={"detected": active}
        )


def _most_telling(labels: set) -> str | None:
    for label in ACTIVE_LABEL_ORDER:
        if label in labels:
            return label
    return None


def _active_content_in_objects(reader: PdfReader):
    """The label of the most telling active content among the document's objects.

    Walks from the trailer through every dictionary and array, objects in
    compressed object streams included, then every other object the
    cross-reference tables list (an object no page refers to can still be
    reached by a viewer); pypdf has already decoded ``#xx`` escapes in names,
    so ``/J#53`` is ``/JS`` here. A broken object reached from the trailer
    raises (the file is damaged); a broken unreferenced one is left to the
    check of the raw bytes.
    """
    found: set = set()
    seen: set[tuple[int, int]] = set()
    _walk_pdf([reader.trailer], seen, found)
    listed = [(number, generation) for generation, table in reader.xref.items() for number in table]
    listed += [(number, 0) for number in reader.xref_objStm]
    for number, generation in listed:
        _walk_listed(reader, number, generation, seen, found)
    return _most_telling(found)


def _walk_listed(reader: PdfReader, number: int, generation: int, seen, found: set) -> None:
    if (number, generation) in seen:
        return
    try:
        _walk_pdf([IndirectObject(number, generation, reader)], seen, found)
    except Exception:  # pypdf raises many kinds on a broken object
        logger.debug("upload check: unreadable unreferenced PDF object %s", number)


def _walk_pdf(stack: list, seen: set[tuple[int, int]], found: set) -> None:
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            if len(seen) > MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):
                label = _active_entry(str(key), value)
                if label is not None:
                    found.add(label)
                if isinstance(value, IndirectObject | DictionaryObject | ArrayObject):
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(
                value
                for value in list.__iter__(item)
                if isinstance(value, IndirectObject | DictionaryObject | ArrayObject)
            )


def _active_entry(key: str, value):
    """The label of a dictionary entry that is active content, else None."""
    label = PDF_ACTIVE_NAMES.get(key)
    if label is None and isinstance(value, NameObject):
        label = PDF_ACTIVE_NAMES.get(str(value))
    if label is not None:
        return label
    if key == OPEN_ACTION:
        return None if _only_opens_a_page(_resolved(value)) else AUTOMATIC_ACTION_LABEL
    if key == URI:
        target = _resolved(value)
        if isinstance(target, TextStringObject | ByteStringObject):
            text = str(target) if isinstance(target, TextStringObject) else target.decode("latin-1")
            if not SAFE_LINK.match(text):
                return UNSAFE_LINK_LABEL
    return None


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _only_opens_a_page(action) -> bool:
    """An ``/OpenAction`` that is a destination, or a ``/GoTo`` action with nothing after it."""
    if not isinstance(action, DictionaryObject):
        return True  # a destination array (or nothing): only where the viewer opens
    return _resolved(action.get("/S")) == "/GoTo" and "/Next" not in action


def _active_content_in_raw_pdf(data: bytes):
    """A second look at the bytes outside streams, for objects the parser did not reach.

    Viewers repair broken files differently from pypdf, so names in objects
    that pypdf skipped (an older revision, a damaged cross-reference table)
    count too, with the same rules for ``/OpenAction`` and ``/URI``, judged
    here on what follows the name and refused when in doubt. Stream contents
    are skipped: compressed data holds ``/JS`` by chance.
    """
    found: set = set()
    for part in _outside_streams(data):
        for match in PDF_NAME.finditer(part):
            name = "/" + _decoded_name(match.group(1)).decode("latin-1")
            label = PDF_ACTIVE_NAMES.get(name)
            if label is None and name == OPEN_ACTION:
                label = _raw_open_action(part, match.end())
            elif label is None and name == URI:
                label = _raw_uri(part, match.end())
            if label is not None:
                found.add(label)
    return _most_telling(found)


def _decoded_name(raw: bytes) -> bytes:
    return PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)


def _after_whitespace(part: bytes, at: int) -> int:
    while at < len(part) and part[at] in PDF_WHITESPACE:
        at += 1
    return at


def _raw_open_action(part: bytes, at: int):
    """``/OpenAction`` in the raw bytes: a destination, a reference or a plain ``/GoTo``."""
    at = _after_whitespace(part, at)
    if part[at : at + 1] == b"[" or part[at : at + 1].isdigit():
        return None  # a destination, or a reference (its object is checked itself)
    if part[at : at + 2] == b"<<":
        end = part.find(b">>", at + 2)
        body = part[at + 2 : end] if end != -1 else b""
        names = [b"/" + _decoded_name(m.group(1)) for m in PDF_NAME.finditer(body)]
        plain_goto = (
            b"<<" not in body
            and b"/Next" not in names
            and any(
                name == b"/S" and following == b"/GoTo"
                for name, following in itertools.pairwise(names)
            )
        )
        if end != -1 and plain_goto:
            return None
    return AUTOMATIC_ACTION_LABEL


def _raw_uri(part: bytes, at: int):
    """``/URI`` in the raw bytes: a literal or hex string must be a web or e-mail address."""
    at = _after_whitespace(part, at)
    if part[at : at + 1] == b"(":
        text = part[at + 1 : at + 1 + 256].decode("latin-1")
    elif part[at : at + 1] == b"<" and part[at : at + 2] != b"<<":
        end = part.find(b">", at)
        digits = (
            bytes(c for c in part[at + 1 : end] if c not in PDF_WHITESPACE) if end != -1 else b""
        )
        try:
            text = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")).decode(
                "latin-1"
            )
        except ValueError:
            return UNSAFE_LINK_LABEL
    else:
        return None  # a name (``/S /URI``), a dictionary (the catalog's base URI) or a reference
    return None if SAFE_LINK.match(text) else UNSAFE_LINK_LABEL


def _outside_streams(data: bytes) -> Iterator[bytes]:
    """The parts of a PDF outside ``stream`` … ``endstream``, found in linear time."""
    position = 0
    while True:
        start = PDF_STREAM_START.search(data, position)
        if start is None:
            yield data[position:]
            return
        yield data[position : start.start()]
        end = data.find(b"endstream", start.end())
        if end == -1:
            return
        position = end + len(b"endstream")


# --- Images -------------------------------------------------------------------------------


def _check_image(data: bytes, kind: FileKind) -> None:
    size = _png_size(data) if kind.kind == "png" else _jpeg_size(data)
    if size is None:
        raise _image_invalid(kind)
    _check_pixels(*size)
    try:
        with Image.open(io.BytesIO(data), formats=kind.pillow_formats) as image:
            _check_pixels(*image.size)
            image.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(*size) from error
    except Exception as error:  # Pillow raises many kinds on broken input
        raise _image_invalid(kind) from error


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        IMAGE_TOO_MANY_PIXELS,
        code="image_too_many_pixels",
        params={"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _image_invalid(kind: FileKind) -> ValidationError:
    return ValidationError(IMAGE_INVALID, code="image_invalid", params={"detected": kind.label})


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, which must come first (PNG spec 5.6)."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return (width, height) if width and height else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the first start-of-frame segment, read before any pixel data."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill bytes
            at = JPEG_FILL_BYTES.match(data, at).end() - 1
            continue
        if marker in JPEG_STANDALONE_MARKERS:
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame
            return None
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        if length < 2:
            return None
        if marker in JPEG_SOF_MARKERS:
            if at + 9 > len(data):
                return None
            height = int.from_bytes(data[at + 5 : at + 7], "big")
            width = int.from_bytes(data[at + 7 : at + 9], "big")
            return (width, height) if width and height else None
        at += 2 + length
    return None


def _is_visible(char: str) -> bool:
    category = unicodedata.category(char)
    return char not in BIDI_CONTROLS and category not in ("Cc", "Zl", "Zp")
