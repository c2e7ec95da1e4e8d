"""The invitation letter as PDF: what it says, where the address lies, the code and QR code."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import replace
from decimal import Decimal

import pdfplumber
import pytest
import time_machine
from PIL import Image
from pypdf import PdfReader

from appointments import letters, tasks
from appointments.models import Appointment, InvitationLetter
from portal.codes import code_normalise
from tests.appointments.building import (
    FACTS,
    FRIDAY_BEFORE_CORPUS_CHRISTI,
    make_application,
    make_location,
    stored,
)
from tests.letter_layout import (
    FIELD_LEFT,
    FIELD_RIGHT,
    MM,
    RECIPIENT_BOTTOM,
    RECIPIENT_TOP,
    RETURN_BOTTOM,
    inside,
    marks_at,
    words_of,
)


def in_window(words: list[dict], line: str) -> list[dict]:
    """The words of ``line`` left on the page and below the return address.

    The office's address appears in the return address (small print above the
    recipient) and in the information block (right); the recipient's own
    lines must then lie inside the window.
    """
    candidates = [w for w in words if w["x0"] < 110 * MM and w["top"] > RETURN_BOTTOM - 1 * MM]
    return words_of(candidates, line)


def read(pdf: bytes) -> dict:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [
            {
                "text": " ".join(page.extract_text().split()),
                "words": page.extract_words(extra_attrs=["size"]),
                "graphics": [*page.lines, *page.rects, *page.curves],
                "images": page.images,
            }
            for page in document.pages
        ]
    return {"pages": pages, "text": " ".join(page["text"] for page in pages)}


@pytest.fixture(scope="module")
def german() -> dict:
    return read(letters.invitation_pdf(FACTS))


def test_a_german_request_gets_one_german_page(german):
    assert len(german["pages"]) == 1
    reader = PdfReader(io.BytesIO(letters.invitation_pdf(FACTS)))
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "Einladung zum Termin – ABCD-EFGH-J" in reader.metadata.title


def test_the_letter_says_who_when_where_what_to_bring_and_how_to_cancel(german):
    text = german["text"]
    for expected in [
        "Guten Tag Ayşe Yılmaz,",
        "Einladung zu Ihrem Termin",
        "Verlängerung einer Aufenthaltserlaubnis",
        "ABCD-EFGH-J",
        "Montag, 8. Juni 2026",
        "09:30 Uhr",
        "Demo-Standort Nord (fiktiv)",
        "Musterstraße 1, 00000 Musterstadt",
        "gültigen Pass",
        "biometrisches Passfoto",
        "Originale aller Unterlagen",
        "die Gebühr: 1.093,00 €",
        "beim Termin vor Ort",
        "Bringen Sie bitte eine Person zum Übersetzen mit, wenn Sie nicht ausreichend "
        "Deutsch sprechen oder verstehen.",
        "portal.example.org/termin/",
        "7Q4M-9TXC-2K8R-4",
        "29.05.2026",
    ]:
        assert expected in text, expected
    assert "Aufenthaltsrecht begründet" not in text
    assert "Invitation" not in text


def test_the_address_lies_in_the_window(german):
    words = german["pages"][0]["words"]
    for line in ["Ayşe Yılmaz", "Äußere Laufer Gasse 1", "90403 Nürnberg"]:
        for word in in_window(words, line):
            assert inside(word, FIELD_LEFT, FIELD_RIGHT, RECIPIENT_TOP, RECIPIENT_BOTTOM), word
            assert word["size"] >= 8


@pytest.mark.parametrize("y_mm", [105, 148.5, 210])
def test_fold_and_hole_marks(german, y_mm):
    assert marks_at(german["pages"][0]["graphics"], y_mm)


def test_the_qr_code_is_printed_beside_the_cancel_text_with_sharp_modules(german):
    page = german["pages"][0]
    code = next(word for word in page["words"] if word["text"].startswith("7Q4M-9TXC-2K8R-4"))
    # One image, right of the text, near the code, 26 mm square; one pixel per
    # module, never interpolated (every module prints as a sharp square).
    images = [
        image
        for image in page["images"]
        if image["x0"] > 150 * MM and abs(image["top"] - code["top"]) < 40 * MM
    ]
    assert len(images) == 1
    image = images[0]
    assert image["x1"] < 200 * MM
    assert image["width"] == pytest.approx(26 * MM, abs=0.1)
    assert image["height"] == pytest.approx(26 * MM, abs=0.1)
    assert image["stream"].attrs["Interpolate"] is False
    assert image["srcsize"] == (len(letters.qr_matrix(letters.appointment_url())),) * 2
    assert image["tag"] == "Figure"  # tagged, with its alternative text (PDF/UA)


def test_the_qr_code_encodes_the_cancel_address(settings):
    settings.PORTAL_BASE_URL = "https://termine.example.net/"
    assert letters.appointment_url() == "https://termine.example.net/termin/"
    uri = letters.qr_data_uri(letters.appointment_url())
    assert uri.startswith("data:image/png;base64,")
    # Read the pixels back and compare with the QR code's matrix.
    matrix = letters.qr_matrix("https://termine.example.net/termin/")
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
        assert image.size == (len(matrix), len(matrix))
        pixels = image.convert("L").tobytes()
    drawn = [
        [pixels[y * len(matrix) + x] < 128 for x in range(len(matrix))] for y in range(len(matrix))
    ]
    assert drawn == matrix
    assert any(any(row) for row in matrix)
    assert not all(all(row) for row in matrix)


def test_the_default_portal_address():
    from portal import settings as portal_settings

    # The default stands once, in the settings' list of variables (PORTAL_BASE_URL unset here).
    assert portal_settings.env("PORTAL_BASE_URL") == "https://portal.example.org"
    assert letters.appointment_url() == "https://portal.example.org/termin/"


def test_family_reunification_asks_to_come_with_the_sponsor_and_a_fee_set_later():
    text = read(
        letters.invitation_pdf(
            replace(FACTS, kind="family_reunification", must_bring_sponsor=True, fee=None)
        )
    )["text"]
    assert (
        "Bitte kommen Sie zusammen mit der Person, auf die sich Ihr Aufenthaltsrecht begründet."
        in text
    )
    assert "die Gebühr: die Gebühr wird im Verfahren festgesetzt." in text
    assert "Aufenthaltserlaubnis für den Familiennachzug" in text


def test_an_english_request_gets_an_english_page_after_the_german_one():
    pdf = letters.invitation_pdf(
        replace(FACTS, language="en", must_bring_sponsor=True, address_extra="c/o Muster")
    )
    document = read(pdf)
    assert len(document["pages"]) == 2
    first, second = document["pages"]
    assert "Guten Tag Ayşe Yılmaz" in first["text"]
    for expected in [
        "Invitation to your appointment",
        "Dear Ayşe Yılmaz,",
        "Monday, 8 June 2026",
        "09:30",
        "Musterstraße 1, 00000 Musterstadt",
        "the fee: €1,093.00",
        "Please come together with the person your right of residence is based on.",
        "bring a person who can interpret",
        "7Q4M-9TXC-2K8R-4",
        "Seite 2 von 2",
    ]:
        assert expected in second["text"], expected
    # The extra address line is in the window too.
    for word in in_window(first["words"], "c/o Muster"):
        assert inside(word, FIELD_LEFT, FIELD_RIGHT, RECIPIENT_TOP, RECIPIENT_BOTTOM), word


def test_the_longest_german_letter_still_fits_one_page():
    facts = replace(
        FACTS,
        kind="blocked_account_release",
        must_bring_sponsor=True,
        address_extra="bei Familie Mustermann-Schmidt, Hinterhaus",
        location_name="Amt für Migration und Integration – Zentrale",
        given_names="Maria Fernanda Guadalupe",
        surname="Rodríguez de la Fuente",
    )
    assert len(read(letters.invitation_pdf(facts))["pages"]) == 1


def test_the_code_is_kept_as_a_keyed_digest_only():
    code = letters.appointment_code_new()
    assert code_normalise(code) == code
    digest = letters.appointment_code_digest(code)
    assert len(digest) == 64
    assert digest != letters.appointment_code_digest(letters.appointment_code_new())
    assert code not in digest


# --- The letter the task writes ----------------------------------------------------------


@pytest.mark.django_db
def test_the_stored_letter_names_the_applicant_slot_location_fee_and_its_code(letter_storage):
    location = make_location()
    application = make_application(location, fee_quote_total=Decimal("96.00"))
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        tasks.send_invitation(application.pk)
    letter = InvitationLetter.objects.get()
    document = read(stored(letter.file.name))
    text = document["text"]
    for expected in [
        "Ayşe Yılmaz",
        "Äußere Laufer Gasse 1",
        "90403 Nürnberg",
        "Montag, 8. Juni 2026",
        "08:00 Uhr",
        location.name,
        "Musterstraße 1, 00000 Musterstadt",
        "die Gebühr: 96,00 €",
        application.reference,
        "0911 000000",  # the location's phone in the information block
    ]:
        assert expected in text, expected
    for line in ["Ayşe Yılmaz", "Äußere Laufer Gasse 1", "90403 Nürnberg"]:
        for word in in_window(document["pages"][0]["words"], line):
            assert inside(word, FIELD_LEFT, FIELD_RIGHT, RECIPIENT_TOP, RECIPIENT_BOTTOM), word
    # The code in the letter is the one whose digest the appointment keeps.
    code = re.search(r"persönlichen Code ([0-9A-Z-]{16})", text).group(1)
    assert letters.appointment_code_digest(code) == Appointment.objects.get().code_digest


@pytest.mark.django_db
def test_the_letter_names_the_fee_the_caseworker_charged_not_the_quote(
    letter_storage, django_user_model
):
    from applications.models import FeeAssessment

    location = make_location()
    application = make_application(location, fee_quote_total=Decimal("96.00"))
    caseworker = django_user_model.objects.create_user("sachbearbeitung")
    for amount in ("93.50", "93.00"):  # a correction is a new row: the latest counts
        FeeAssessment.objects.create(
            application=application, amount=Decimal(amount), reason="§ 45", assessed_by=caseworker
        )
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        tasks.send_invitation(application.pk)
    text = read(stored(InvitationLetter.objects.get().file.name))["text"]
    assert "die Gebühr: 93,00 €" in text
    assert "96,00" not in text


def structure(pdf: bytes) -> list[tuple[str, str]]:
    """The tagged PDF's structure elements in reading order: (type, alternative text)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get") or "/S" not in node:
            return
        found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        if "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def test_only_the_data_tables_are_tagged_as_tables_and_the_code_follows_its_text():
    # The information block and the appointment's facts are tables; the cancel
    # text and its QR code are a block with a figure, not a table of one row.
    elements = structure(letters.invitation_pdf(FACTS))
    kinds = [kind for kind, _alt in elements]
    assert kinds.count("/Table") == 2
    figures = [index for index, (kind, _alt) in enumerate(elements) if kind == "/Figure"]
    assert len(figures) == 1
    assert letters.appointment_url() in elements[figures[0]][1]
    # After the cancel text's two paragraphs, before the closing.
    paragraphs = [index for index, kind in enumerate(kinds) if kind == "/P"]
    assert sum(index < figures[0] for index in paragraphs) >= 6
    assert any(index > figures[0] for index in paragraphs)
