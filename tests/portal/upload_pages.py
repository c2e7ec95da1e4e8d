"""Uploading files on the documents page, and hand-made PDFs, for the upload tests."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from portal.uploads import (
    check_upload,
)

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def handmade_pdf(
    catalog: bytes = CATALOG, page: bytes = PAGE, *extra: bytes, pages: bytes = PAGES
) -> bytes:
    """A PDF with a correct cross-reference table, from the bodies of objects 1, 2, 3, ..."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate((catalog, pages, page, *extra), start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(offsets) + 1,
        xref,
    )
    return bytes(out)


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """An upload whose declared content type is whatever the browser (or attacker) says."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def rejection(name: str, content: bytes) -> ValidationError:
    file = upload(name, content)
    with pytest.raises(ValidationError) as caught:
        check_upload(file)
    assert file.tell() == 0
    return caught.value


def english(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)
