"""bench/letters.py's bare render is fair: the invitation's amount of text, on as many pages."""

from __future__ import annotations

import io
import random

import pytest
from pypdf import PdfReader

from appointments import letters
from bench import letters as bench
from portal import pdf


def pages_and_words(document: bytes) -> tuple[int, int]:
    reader = PdfReader(io.BytesIO(document))
    return len(reader.pages), sum(len(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("index", [1, 3], ids=["German", "with the English page"])
def test_the_bare_letter_carries_the_invitations_text(index):
    import weasyprint

    assert (index % 10 == 3) == (bench.realistic_facts(index, random.Random(0)).language == "en")
    bare = weasyprint.HTML(string=bench.bare_html(index, random.Random(5))).write_pdf(
        font_config=pdf.font_configuration()
    )
    letter = letters.invitation_pdf(bench.realistic_facts(index, random.Random(5)))
    bare_pages, bare_words = pages_and_words(bare)
    letter_pages, letter_words = pages_and_words(letter)
    assert bare_pages == letter_pages == (2 if index == 3 else 1)
    assert bare_words == pytest.approx(letter_words, rel=0.05)
