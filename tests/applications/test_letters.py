"""Letters for window envelopes (DIN 5008 form B): the bank's release declaration (seed 001)."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pdfplumber
import pytest
from django.conf import settings
from django.template import engines
from django.utils import translation
from pypdf import PdfReader

from applications.letters import format_iban, recipient_lines, release_declaration_pdf
from portal.pdf import render_html_to_pdf
from tests.letter_layout import (
    FIELD_LEFT,
    FIELD_RIGHT,
    MM,
    RECIPIENT_BOTTOM,
    RECIPIENT_TOP,
    RETURN_BOTTOM,
    RETURN_TOP,
    inside,
    marks_at,
    words_of,
)

MARKS_MM = (105, 148.5, 210)

DECLARATION = {
    "reference": "AMI-2025-000123",
    "account_holder": "Amina Okonkwo-Schmidt",
    "birth_date": date(2001, 3, 7),
    "iban": "de89 3704 0044 0532 0130 00",
    "bank_name": "Sparkasse Nürnberg",
    "bank_address_lines": ["Lorenzer Platz 12", "90402 Nürnberg"],
    "caseworker_name": "Petra Müller",
    "today": date(2025, 6, 2),
}


@pytest.fixture(scope="module")
def declaration_pdf() -> bytes:
    return release_declaration_pdf(**DECLARATION)


@pytest.fixture(scope="module")
def first_page(declaration_pdf):
    with pdfplumber.open(io.BytesIO(declaration_pdf)) as document:
        page = document.pages[0]
        words = page.extract_words(extra_attrs=["size", "fontname"])
        text = " ".join(page.extract_text().split())
        graphics = [*page.lines, *page.rects, *page.curves]
        yield {"words": words, "text": text, "graphics": graphics, "pages": len(document.pages)}


# --- The release declaration -----------------------------------------------


def test_the_declaration_is_one_german_page(declaration_pdf, first_page):
    assert first_page["pages"] == 1
    reader = PdfReader(io.BytesIO(declaration_pdf))
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "Aufhebung des Sperrvermerks" in reader.metadata.title


def test_the_bank_address_lies_in_the_window(first_page):
    words = first_page["words"]
    for line in ["Sparkasse Nürnberg", "Lorenzer Platz 12", "90402 Nürnberg"]:
        for word in words_of(words, line):
            assert inside(word, FIELD_LEFT, FIELD_RIGHT, RECIPIENT_TOP, RECIPIENT_BOTTOM), word
            assert word["size"] >= 8


def test_the_address_lines_follow_each_other_without_empty_lines(first_page):
    words = first_page["words"]
    lines = ["Sparkasse Nürnberg", "Lorenzer Platz 12", "90402 Nürnberg"]
    tops = [words_of(words, line)[0]["top"] for line in lines]
    gaps = [below - above for above, below in itertools.pairwise(tops)]
    assert all(0 < gap < 6 * MM for gap in gaps), gaps
    assert max(gaps) - min(gaps) < 0.2


def test_the_return_address_lies_above_the_recipient_in_small_print(first_page):
    words = first_page["words"]
    body_size = words_of(words, "Sehr geehrte Damen und Herren,")[0]["size"]
    office = settings.OFFICE
    return_words = [
        *words_of(words, f"{office['city']} · {office['name']}"),
        *words_of(words, f"{office['street']} · {office['postcode']} {office['town']}"),
    ]
    for word in return_words:
        assert inside(word, FIELD_LEFT, FIELD_RIGHT, RETURN_TOP, RETURN_BOTTOM), word
        assert 6 <= word["size"] < body_size
    assert body_size >= 10


def test_the_information_block_stands_right_of_the_address_field(first_page):
    # Above the body (98.5 mm): the letterhead, the address field and the block.
    words = [word for word in first_page["words"] if word["top"] < 95 * MM]
    block = [
        *words_of(words, "Unser Zeichen AMI-2025-000123"),
        *words_of(words, "Bearbeitung Petra Müller"),
        *words_of(words, "Datum 02.06.2025"),
    ]
    for word in block:
        assert word["x0"] >= 120 * MM
        assert 45 * MM <= word["top"] < 95 * MM
    assert min(word["top"] for word in block) == pytest.approx(45 * MM, abs=3 * MM)


def test_the_body_starts_below_the_address_field(first_page):
    subject = words_of(first_page["words"], "Aufhebung des Sperrvermerks")
    assert subject[0]["fontname"].endswith("Bold")
    assert 96 * MM <= subject[0]["top"] <= 102 * MM
    assert subject[0]["x0"] == pytest.approx(25 * MM, abs=0.5)


@pytest.mark.parametrize("y_mm", MARKS_MM)
def test_fold_and_hole_marks(first_page, y_mm):
    assert marks_at(first_page["graphics"], y_mm), f"no mark at {y_mm} mm"


def test_the_text_names_account_holder_account_and_consent(first_page):
    text = first_page["text"]
    for expected in [
        "Amina Okonkwo-Schmidt",
        "07.03.2001",
        "DE89 3704 0044 0532 0130 00",
        "AMI-2025-000123",
        "Sperrvermerk",
        "stimmt das Amt für Migration und Integration der Stadt Nürnberg hiermit der "
        "Aufhebung des Sperrvermerks auf diesem Konto zu",
        "Amina Okonkwo-Schmidt kann ab dem Datum dieser Erklärung, dem 02.06.2025, "
        "frei über das Guthaben verfügen",
        "02.06.2025",
        "Im Auftrag",
        "Petra Müller",
        "elektronisch erstellt",
    ]:
        assert expected in text, expected


def test_the_declaration_is_german_whatever_language_is_active():
    with translation.override("en"):
        pdf = release_declaration_pdf(**DECLARATION)
        assert translation.get_language() == "en"
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_an_address_that_does_not_fit_the_window_is_refused():
    with pytest.raises(ValueError, match="at most 6 lines"):
        release_declaration_pdf(
            **{**DECLARATION, "bank_address_lines": [f"Zeile {n}" for n in range(1, 7)]}
        )
    with pytest.raises(ValueError, match="recipient"):
        recipient_lines(" ", "")


def test_recipient_lines_drop_empty_lines_and_extra_spaces():
    assert recipient_lines("Sparkasse  Nürnberg", "", "  Lorenzer Platz 12 ", "\t") == [
        "Sparkasse Nürnberg",
        "Lorenzer Platz 12",
    ]


# --- IBAN ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("de89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
        (" DE89\u00a03704 00440532013000 ", "DE89 3704 0044 0532 0130 00"),
        ("AT611904300234573201", "AT61 1904 3002 3457 3201"),
        ("NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("", ""),
    ],
)
def test_format_iban(raw, formatted):
    assert format_iban(raw) == formatted


# --- The layout, reused by other letters ------------------------------------

LONG_LETTER = """{% extends "pdf/letters/din5008.html" %}
{% block title %}Einladung{% endblock %}
{% block subject %}Einladung zur Vorsprache{% endblock %}
{% block body %}{% for n in paragraphs %}<p>Absatz {{ n }}: Bitte bringen Sie Ihren Pass,
Ihren Aufenthaltstitel mit Zusatzblatt und ein aktuelles biometrisches Passfoto mit.
Der Termin dauert etwa dreißig Minuten.</p>{% endfor %}{% endblock %}
"""


def test_the_layout_takes_recipient_lines_and_marks_every_page():
    html = (
        engines["django"]
        .from_string(LONG_LETTER)
        .render(
            {
                "office": settings.OFFICE,
                "reference": "AMI-2025-000124",
                "today": date(2025, 6, 2),
                "recipient_lines": ["Herrn", "Kwame Mensah", "Fürther Str. 100", "90429 Nürnberg"],
                "paragraphs": range(1, 41),
            }
        )
    )
    pdf = render_html_to_pdf(html)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 2
        first, second = document.pages[0], document.pages[1]
        words = first.extract_words()
        for line in ["Herrn", "Kwame Mensah", "Fürther Str. 100", "90429 Nürnberg"]:
            for word in words_of(words, line):
                assert inside(word, FIELD_LEFT, FIELD_RIGHT, RECIPIENT_TOP, RECIPIENT_BOTTOM)
        for page in [first, second]:
            graphics = [*page.lines, *page.rects, *page.curves]
            for y_mm in MARKS_MM:
                assert marks_at(graphics, y_mm), (page.page_number, y_mm)
        assert "Seite" not in first.extract_text()
        assert f"Seite 2 von {len(document.pages)}" in second.extract_text()
        # Later pages have no letterhead: the text starts at the top margin.
        assert min(word["top"] for word in second.extract_words()) < 25 * MM
