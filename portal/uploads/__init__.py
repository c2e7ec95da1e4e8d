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
import logging
import re

import puremagic
from django.core.exceptions import ValidationError

from portal import virus_scan

from .archives import _check_archive
from .images import _check_image
from .kinds import (
    EMPTY_FILE,
    EXTENSION_MISMATCH,
    EXTENSION_MISSING,
    KINDS,
    MALWARE_FOUND,
    MAX_DISPLAY_NAME_LENGTH,
    MAX_FILES_PER_REQUEST,
    MAX_IMAGE_PIXELS,
    MAX_UPLOAD_BYTES,
    READ_CHUNK_BYTES,
    SCAN_UNAVAILABLE,
    TOO_LARGE,
    TOO_MANY_FILES,
    UNKNOWN_TYPE_LABEL,
    CheckedUpload,
    FileKind,
    not_allowed,
)
from .names import SAFE_EXTENSION, display_name, storage_name
from .pdf import PDF_ACTIVE_NAMES, _check_pdf

__all__ = [
    "EMPTY_FILE",
    "MAX_DISPLAY_NAME_LENGTH",
    "MAX_FILES_PER_REQUEST",
    "MAX_IMAGE_PIXELS",
    "MAX_UPLOAD_BYTES",
    "PDF_ACTIVE_NAMES",
    "READ_CHUNK_BYTES",
    "CheckedUpload",
    "check_upload",
    "check_upload_count",
    "display_name",
    "storage_name",
]

logger = logging.getLogger(__name__)


MARKUP_START = re.compile(
    r"<(?:\?xml|!--|!doctype\s+(?:html|svg)\b|(?:html|head|body|script|svg|iframe)\b)",
    re.IGNORECASE,
)


SAFE_LABEL = re.compile(r"[A-Za-z0-9]{1,10}")


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


def _check_content(data: bytes, client_name: str) -> FileKind:
    markup = _markup_label(data)
    if markup:
        raise not_allowed(markup)
    _check_archive(data)
    kind = _kind_by_magic(data)
    if kind is None or not _puremagic_agrees(data, kind):
        raise not_allowed(_puremagic_label(data))
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
