"""PDFs: readable, not encrypted, and without active content (anywhere in the file)."""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from .kinds import (
    AUTOMATIC_ACTION_LABEL,
    EMBEDDED_FILE_LABEL,
    IMPORT_DATA_LABEL,
    JAVASCRIPT_LABEL,
    LAUNCH_LABEL,
    OTHER_DOCUMENT_LABEL,
    PDF_ACTIVE_CONTENT,
    PDF_ENCRYPTED,
    PDF_INVALID,
    RICH_MEDIA_LABEL,
    SUBMIT_FORM_LABEL,
    UNSAFE_LINK_LABEL,
    XFA_LABEL,
)

logger = logging.getLogger(__name__)


# Adobe Reader looks for a PDF's end-of-file marker in its last 1024 bytes only.
PDF_EOF_WINDOW = 1024


# A PDF with more objects than this in 10 MB is not a scan or a letter.
MAX_PDF_OBJECTS = 200_000


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


PDF_STREAM_START = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")


PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")


PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


PDF_WHITESPACE = b"\x00\t\n\x0c\r "


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
