"""Upload checks against an attack corpus built here, so no binary fixture is committed."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from portal import uploads
from portal.uploads import (
    MAX_FILES_PER_REQUEST,
    MAX_UPLOAD_BYTES,
    CheckedUpload,
    check_upload,
    check_upload_count,
    display_name,
    storage_name,
)
from tests.portal.upload_pages import CATALOG, PAGE, PAGES, english, handmade_pdf, rejection, upload

ALLOWED = "PDF, JPEG or PNG"

# --- The corpus ---------------------------------------------------------------------------


def pypdf_bytes(*, encrypt: bool = False, javascript: bool = False, attachment: bool = False):
    """A one-page blank PDF written by pypdf, optionally encrypted or with active content."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript("app.alert('hello');"))
    if attachment:
        writer.add_attachment("payload.exe", b"MZ\x90\x00")
    if encrypt:
        writer.encrypt("secret", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def object_stream_pdf(hidden: bytes) -> bytes:
    """A PDF 1.5 whose object 4, the catalog's /OpenAction, sits in a compressed object stream.

    Its bytes show nothing of object 4: only a parser that opens the stream sees it.
    """
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    for number, body in ((1, catalog), (2, PAGES), (3, PAGE)):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    index = b"4 0 "
    packed = zlib.compress(index + hidden)
    offsets[5] = len(out)
    out += b"5 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\n" % (
        len(index),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    offsets[6] = len(out)
    rows = struct.pack(">BIH", 0, 0, 0xFFFF)
    for number in (1, 2, 3):
        rows += struct.pack(">BIH", 1, offsets[number], 0)
    rows += struct.pack(">BIH", 2, 5, 0)  # object 4: in object stream 5, at index 0
    rows += struct.pack(">BIH", 1, offsets[5], 0) + struct.pack(">BIH", 1, offsets[6], 0)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\n" % len(rows)
    out += b"stream\n" + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def padded(build: Callable[[int], bytes], size: int) -> bytes:
    """``build(padding)`` with the padding adjusted until the result has exactly ``size`` bytes."""
    padding = 0
    for _ in range(10):
        content = build(padding)
        if len(content) == size:
            return content
        padding += size - len(content)
    raise AssertionError("padding did not converge")


def pdf_padded(padding: int) -> bytes:
    """A valid PDF that carries ``padding`` bytes in an unused stream object."""
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (padding, b"0" * padding)
    return handmade_pdf(CATALOG, PAGE, stream)


def image_bytes(fmt: str, size: tuple[int, int] = (8, 8), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, fmt)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width`` x ``height`` 1-bit pixels (a pixel flood)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def png_padded(padding: int) -> bytes:
    """A valid PNG with a private ancillary chunk of ``padding`` bytes before IEND."""
    png = image_bytes("PNG")
    return png[:-12] + png_chunk(b"prVt", b"\x00" * max(padding - 12, 0)) + png[-12:]


def jpeg_claiming(width: int, height: int) -> bytes:
    """A JPEG whose start-of-frame header declares ``width`` x ``height`` pixels."""
    jpeg = bytearray(image_bytes("JPEG"))
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(jpeg)


def zip_bytes(entry: str = "invoice.pdf", data: bytes = b"%PDF-1.7 hidden") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry, data)
    return buffer.getvalue()


def tar_bytes() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("invoice.pdf")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"%PDF"))
    return buffer.getvalue()


def corrupt_png() -> bytes:
    png = bytearray(image_bytes("PNG", (16, 16)))
    idat = png.index(b"IDAT")
    png[idat + 6] ^= 0xFF  # the chunk's CRC no longer matches
    return bytes(png)


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


# --- Accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build", "kind", "content_type", "extension"),
    [
        ("antrag.pdf", pypdf_bytes, "pdf", "application/pdf", "pdf"),
        ("PASS-SCAN.PDF", pypdf_bytes, "pdf", "application/pdf", "pdf"),
        ("handmade.pdf", handmade_pdf, "pdf", "application/pdf", "pdf"),
        (
            "object-stream.pdf",
            lambda: object_stream_pdf(b"<< /S /GoTo /D [3 0 R /Fit] >>"),
            "pdf",
            "application/pdf",
            "pdf",
        ),
        ("foto.jpg", lambda: image_bytes("JPEG"), "jpeg", "image/jpeg", "jpg"),
        ("foto.JPEG", lambda: image_bytes("JPEG"), "jpeg", "image/jpeg", "jpg"),
        ("graustufen.jpeg", lambda: image_bytes("JPEG", mode="L"), "jpeg", "image/jpeg", "jpg"),
        ("scan.png", lambda: image_bytes("PNG"), "png", "image/png", "png"),
        ("scan.Png", lambda: image_bytes("PNG", mode="1"), "png", "image/png", "png"),
        # Four bytes of a ZIP signature in a PDF comment are not a ZIP.
        (
            "stray-signature.pdf",
            lambda: handmade_pdf() + b"% PK\x05\x06\x01\x00\x02\x00\x03\x00\x04\x00\n",
            "pdf",
            "application/pdf",
            "pdf",
        ),
        ("exactly-limit.pdf", lambda: padded(pdf_padded, MAX_UPLOAD_BYTES), "pdf", None, "pdf"),
        ("exactly-limit.png", lambda: padded(png_padded, MAX_UPLOAD_BYTES), "png", None, "png"),
    ],
)
def test_accepts_pdf_jpeg_and_png_by_content(name, build, kind, content_type, extension):
    content = build()
    # The declared content type is ignored: a lie in either direction changes nothing.
    file = upload(name, content, content_type="text/html")
    checked = check_upload(file)
    assert checked == CheckedUpload(
        kind=kind,
        content_type=content_type or checked.content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    assert file.tell() == 0


def test_exactly_the_limit_is_accepted_and_one_byte_more_is_not():
    content = padded(pdf_padded, MAX_UPLOAD_BYTES)
    assert check_upload(upload("limit.pdf", content)).size == MAX_UPLOAD_BYTES
    error = rejection("limit.pdf", content + b"\n")
    assert error.code == "too_large"
    assert "10 MB" in english(error)


# --- Refused ------------------------------------------------------------------------------

REJECTIONS = [
    # (id, client name, content, code, words the English message contains)
    ("empty", "leer.pdf", lambda: b"", "empty", ["0 bytes"]),
    ("exe-as-pdf", "antrag.pdf", lambda: EXE, "type_not_allowed", ["(EXE)", ALLOWED]),
    ("html-as-pdf", "antrag.pdf", lambda: HTML, "type_not_allowed", ["(HTML)", ALLOWED]),
    (
        "html-after-bom-and-space",
        "antrag.pdf",
        lambda: b"\xef\xbb\xbf \r\n\t<!DOCTYPE html><p>hi</p>",
        "type_not_allowed",
        ["(HTML)"],
    ),
    (
        "utf16-html",
        "antrag.pdf",
        lambda: "\ufeff<script>alert(1)</script>".encode("utf-16-le"),
        "type_not_allowed",
        ["(HTML)"],
    ),
    (
        "html-comment-first",
        "antrag.pdf",
        lambda: b"<!-- saved from url -->\n<html>",
        "type_not_allowed",
        ["(HTML)"],
    ),
    ("script-as-jpg", "foto.jpg", lambda: b"  <SCRIPT>x</SCRIPT>", "type_not_allowed", ["HTML"]),
    ("svg-as-png", "bild.png", lambda: SVG, "type_not_allowed", ["(SVG)", ALLOWED]),
    ("bare-svg-as-png", "bild.png", lambda: b"<svg onload=alert(1)>", "type_not_allowed", ["SVG"]),
    ("gif", "bild.gif", lambda: image_bytes("GIF"), "type_not_allowed", ["(GIF)", ALLOWED]),
    ("text", "brief.pdf", lambda: b"just some text", "type_not_allowed", ["(unknown)"]),
    (
        "docx-as-pdf",
        "lebenslauf.pdf",
        lambda: zip_bytes("[Content_Types].xml", b"<Types/>"),
        "type_not_allowed",
        ["DOCX", ALLOWED],
    ),
    ("zip-as-pdf", "antrag.pdf", zip_bytes, "archive", ["(ZIP)", ALLOWED]),
    ("zip", "unterlagen.zip", zip_bytes, "archive", ["(ZIP)"]),
    ("gzip-as-pdf", "antrag.pdf", lambda: gzip.compress(b"%PDF-1.7"), "archive", ["(gzip)"]),
    ("tar-as-pdf", "antrag.pdf", tar_bytes, "archive", ["(tar)"]),
    ("rar-as-pdf", "antrag.pdf", lambda: b"Rar!\x1a\x07\x01\x00" + bytes(64), "archive", ["RAR"]),
    ("7z-as-pdf", "antrag.pdf", lambda: b"7z\xbc\xaf\x27\x1c" + bytes(64), "archive", ["(7z)"]),
    (
        "pdf-with-zip-appended",
        "antrag.pdf",
        lambda: pypdf_bytes() + zip_bytes(),
        "archive",
        ["hidden archive (ZIP)"],
    ),
    (
        "pdf-with-zip-before-eof",
        "antrag.pdf",
        lambda: handmade_pdf()[:-6] + zip_bytes() + b"%%EOF\n",
        "archive",
        ["hidden archive (ZIP)"],
    ),
    (
        "pdf-with-empty-zip-appended",
        "antrag.pdf",
        lambda: pypdf_bytes() + b"PK\x05\x06" + bytes(18),
        "archive",
        ["(ZIP)"],
    ),
    (
        "jpeg-with-rar-appended",
        "foto.jpg",
        lambda: image_bytes("JPEG") + b"Rar!\x1a\x07\x00" + bytes(32),
        "archive",
        ["hidden archive (RAR)"],
    ),
    (
        "pdf-javascript-open-action",
        "antrag.pdf",
        lambda: handmade_pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            PAGE,
            b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
        ),
        "pdf_active_content",
        ["JavaScript"],
    ),
    (
        "pdf-javascript-hex-escaped-names",
        "antrag.pdf",
        lambda: handmade_pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"
        ),
        "pdf_active_content",
        ["JavaScript"],
    ),
    (
        "pdf-javascript-in-compressed-object-stream",
        "antrag.pdf",
        lambda: object_stream_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        "pdf_active_content",
        ["JavaScript"],
    ),
    (
        "pdf-javascript-name-tree",
        "antrag.pdf",
        lambda: pypdf_bytes(javascript=True),
        "pdf_active_content",
        ["JavaScript"],
    ),
    (
        "pdf-page-action-javascript",
        "antrag.pdf",
        lambda: handmade_pdf(
            CATALOG,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/AA << /O << /S /JavaScript /JS (x) >> >> >>",
        ),
        "pdf_active_content",
        ["JavaScript"],
    ),
    (
        "pdf-launch-action",
        "antrag.pdf",
        lambda: handmade_pdf(
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>"
        ),
        "pdf_active_content",
        ["starts programs"],
    ),
    (
        "pdf-embedded-file",
        "antrag.pdf",
        lambda: pypdf_bytes(attachment=True),
        "pdf_active_content",
        ["embedded files"],
    ),
    (
        "pdf-javascript-in-unreferenced-object",
        "antrag.pdf",
        lambda: handmade_pdf(CATALOG, PAGE, b"<< /S /JavaScript /JS (x) >>"),
        "pdf_active_content",
        ["JavaScript"],
    ),
    ("pdf-encrypted", "antrag.pdf", lambda: pypdf_bytes(encrypt=True), "pdf_encrypted", ["pass"]),
    (
        "pdf-truncated",
        "antrag.pdf",
        lambda: pypdf_bytes()[:200],
        "pdf_invalid",
        ["damaged or incomplete"],
    ),
    (
        "pdf-garbage",
        "antrag.pdf",
        lambda: b"%PDF-1.7\n" + b"\x00garbage\xff" * 200,
        "pdf_invalid",
        ["cannot be read"],
    ),
    (
        "pdf-garbage-with-eof-marker",
        "antrag.pdf",
        lambda: b"%PDF-1.7\n" + b"\x00garbage\xff" * 200 + b"\n%%EOF\n",
        "pdf_invalid",
        ["cannot be read"],
    ),
    (
        "pdf-cut-in-the-middle",
        "antrag.pdf",
        lambda: pypdf_bytes()[:150] + b"\n%%EOF\n",
        "pdf_invalid",
        ["cannot be read"],
    ),
    (
        "pdf-broken-page-tree",
        "antrag.pdf",
        lambda: handmade_pdf(pages=b"<< /Type /Pages /Kids 7 /Count x >>"),
        "pdf_invalid",
        ["cannot be read"],
    ),
    (
        "pdf-catalog-without-pages",
        "antrag.pdf",
        lambda: handmade_pdf(catalog=b"<< /Type /Catalog >>"),
        "pdf_invalid",
        ["cannot be read"],
    ),
    (
        "pdf-without-pages",
        "antrag.pdf",
        lambda: handmade_pdf(page=b"null", pages=b"<< /Type /Pages /Kids [] /Count 0 >>"),
        "pdf_invalid",
        ["cannot be read"],
    ),
    (
        "png-pixel-flood",
        "scan.png",
        lambda: png_claiming(30_000, 30_000),
        "image_too_many_pixels",
        ["30000 × 30000", "50 million"],
    ),
    (
        "png-above-limit-below-pillow-limit",
        "scan.png",
        lambda: png_claiming(8_000, 8_000),
        "image_too_many_pixels",
        ["8000 × 8000", "50 million"],
    ),
    (
        "jpeg-pixel-flood",
        "foto.jpg",
        lambda: jpeg_claiming(65_000, 65_000),
        "image_too_many_pixels",
        ["65000 × 65000", "50 million"],
    ),
    ("png-corrupt", "scan.png", corrupt_png, "image_invalid", ["PNG", "damaged"]),
    ("png-truncated", "scan.png", lambda: image_bytes("PNG")[:20], "image_invalid", ["PNG"]),
    (
        "jpeg-garbage",
        "foto.jpg",
        lambda: b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x13" * 100,
        "image_invalid",
        ["JPEG"],
    ),
    (
        "jpeg-named-png",
        "foto.png",
        lambda: image_bytes("JPEG"),
        "extension_mismatch",
        ["JPEG", "“.png”", ".jpg, .jpeg"],
    ),
    (
        "png-named-jpg",
        "scan.jpg",
        lambda: image_bytes("PNG"),
        "extension_mismatch",
        ["PNG", "“.jpg”", ".png"],
    ),
    ("pdf-named-exe", "antrag.exe", pypdf_bytes, "extension_mismatch", ["PDF", "“.exe”", ".pdf"]),
    ("pdf-without-extension", "antrag", pypdf_bytes, "extension_mismatch", ["not end in .pdf"]),
    (
        "pdf-with-odd-extension",
        "antrag.p<d>f",
        pypdf_bytes,
        "extension_mismatch",
        ["not end in .pdf"],
    ),
    (
        "right-to-left-override",
        "rechnung\u202efdp.exe",
        pypdf_bytes,
        "extension_mismatch",
        ["“.exe”", ".pdf"],
    ),
    (
        "trailing-bidi-after-extension",
        "antrag.pdf\u202e",
        pypdf_bytes,
        "extension_mismatch",
        ["not end in .pdf"],
    ),
]


@pytest.mark.parametrize(
    ("name", "build", "code", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in REJECTIONS],
)
def test_refuses_with_a_code_and_a_message_that_names_the_problem(name, build, code, words):
    error = rejection(name, build())
    assert error.code == code
    message = english(error)
    for word in words:
        assert word in message
    # Nothing from the client's name except a plain extension reaches the message.
    assert "\u202e" not in message
    assert "<d>" not in message


def test_messages_are_lazy_translations():
    messages = [
        value
        for name, value in vars(uploads.kinds).items()
        if name.isupper() and isinstance(value, type(uploads.EMPTY_FILE))
    ]
    assert len(messages) >= 13
    with translation.override("en"):
        assert all(str(message) for message in messages)


def test_too_large_is_refused_by_its_declared_size_before_reading():
    class Unreadable(UploadedFile):
        def chunks(self, chunk_size=None):
            raise AssertionError("read although the size already refuses it")

    file = Unreadable(io.BytesIO(b"x"), "big.pdf", "application/pdf", MAX_UPLOAD_BYTES + 1)
    with pytest.raises(ValidationError) as caught:
        check_upload(file)
    assert caught.value.code == "too_large"


def test_too_large_is_refused_while_reading_when_the_declared_size_lies():
    reads = []

    class Counting(io.BytesIO):
        def read(self, size=-1):
            chunk = super().read(size)
            reads.append(len(chunk))
            return chunk

    stream = Counting(b"%PDF-" + bytes(3 * MAX_UPLOAD_BYTES))
    file = UploadedFile(stream, "small.pdf", "application/pdf", 1000)
    with pytest.raises(ValidationError) as caught:
        check_upload(file)
    assert caught.value.code == "too_large"
    assert sum(reads) <= MAX_UPLOAD_BYTES + uploads.READ_CHUNK_BYTES
    assert file.tell() == 0


def test_pillows_decompression_bomb_error_is_caught(monkeypatch):
    # With Pillow's own limit below the image, Pillow refuses it while opening.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    error = rejection("scan.png", image_bytes("PNG", (20, 20)))
    assert error.code == "image_too_many_pixels"
    assert "20 × 20" in english(error)


def test_file_position_is_reset_after_success():
    file = upload("antrag.pdf", pypdf_bytes())
    file.read(10)
    check_upload(file)
    assert file.tell() == 0


# --- Count ---------------------------------------------------------------------------------


@pytest.mark.parametrize("existing", [0, 1, MAX_FILES_PER_REQUEST - 1])
def test_count_allows_up_to_the_limit(existing):
    check_upload_count(existing)


@pytest.mark.parametrize("existing", [MAX_FILES_PER_REQUEST, MAX_FILES_PER_REQUEST + 5])
def test_count_refuses_one_file_too_many(existing):
    with pytest.raises(ValidationError) as caught:
        check_upload_count(existing)
    assert caught.value.code == "too_many_files"
    assert "at most 20 files" in english(caught.value)


# --- Names ---------------------------------------------------------------------------------

PATH_TRICKS = [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\x.pdf", "x.pdf"),
    ("a/b/c.pdf", "c.pdf"),
    ("C:\\Users\\Ana\\Reisepass.pdf", "Reisepass.pdf"),
    ("/absolute/path.pdf", "path.pdf"),
]


@pytest.mark.parametrize(("client_name", "shown"), PATH_TRICKS)
def test_path_tricks_never_reach_the_storage_name(client_name, shown):
    file = upload(client_name, pypdf_bytes())
    file.name = client_name  # as a client sent it, before Django strips anything
    checked = check_upload(file)
    name = storage_name(checked)
    assert re.fullmatch(r"uploads/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name)
    assert ".." not in name
    assert "\\" not in name
    assert display_name(client_name) == shown


def test_storage_names_are_unique_and_use_the_checked_extension():
    checked = check_upload(upload("bild.JPEG", image_bytes("JPEG")))
    names = {storage_name(checked, folder="requests/documents") for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"requests/documents/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", n) for n in names)


@pytest.mark.parametrize("folder", ["../x", "/etc", "a//b", "uploads/", "a/../b", "a\\b", ""])
def test_storage_name_refuses_a_folder_that_is_not_plain(folder):
    checked = check_upload(upload("antrag.pdf", pypdf_bytes()))
    with pytest.raises(ValueError, match="folder"):
        storage_name(checked, folder=folder)


def test_storage_name_refuses_an_unchecked_extension():
    forged = CheckedUpload("pdf", "application/pdf", "html", 1, "0" * 64)
    with pytest.raises(ValueError, match="extension"):
        storage_name(forged)


LONG_STEM = "Arbeitsvertrag-" + "x" * 200


@pytest.mark.parametrize(
    ("client_name", "shown"),
    [
        ("Reisepass.pdf", "Reisepass.pdf"),
        ("rechnung\u202efdp.exe", "rechnungfdp.exe"),
        ("\u2067scan\u2069\u200f.pdf", "scan.pdf"),
        ("line\nbreak\r\x00\x1b[31m.pdf", "linebreak[31m.pdf"),
        ("  Zeugnis.pdf  ", "Zeugnis.pdf"),
        ("نامه\u200cها.pdf", "نامه\u200cها.pdf"),  # the Persian zero-width non-joiner stays
        ("Lebenslauf Müller.pdf", "Lebenslauf Müller.pdf"),
        ("", "document"),
        ("..", "document"),
        ("../", "document"),
        ("\u202e\u202d", "document"),
        ("a/b/", "document"),
    ],
)
def test_display_name(client_name, shown):
    assert display_name(client_name) == shown


def test_display_name_is_shortened_keeping_the_extension():
    shown = display_name(f"{LONG_STEM}.pdf")
    assert len(shown) == uploads.MAX_DISPLAY_NAME_LENGTH
    assert shown.startswith("Arbeitsvertrag-xxx")
    assert shown.endswith("….pdf")
    assert len(display_name("y" * 500)) == uploads.MAX_DISPLAY_NAME_LENGTH
