"""Measuring a letter's PDF: millimetres, the DIN 5008 fields, and where words and marks lie;
its text line by line."""

from __future__ import annotations

import io

import pdfplumber

MM = 72 / 25.4  # PDF points per millimetre


# DIN 5008 form B address field: 20 mm from the left, 45 mm from the top,
# 85 x 45 mm; return address in the upper 17.7 mm, recipient below.
FIELD_LEFT, FIELD_RIGHT = 20 * MM, 105 * MM


RETURN_TOP, RETURN_BOTTOM = 45 * MM, 62.7 * MM


RECIPIENT_TOP, RECIPIENT_BOTTOM = 62.7 * MM, 90 * MM


def words_of(words: list[dict], phrase: str) -> list[dict]:
    """The words of the first line whose consecutive words spell ``phrase``."""
    wanted = phrase.split()
    for start in range(len(words) - len(wanted) + 1):
        run = words[start : start + len(wanted)]
        if [word["text"] for word in run] == wanted and len({round(w["top"]) for w in run}) == 1:
            return run
    raise AssertionError(f"{phrase!r} not found on the page")


def inside(word: dict, left: float, right: float, top: float, bottom: float) -> bool:
    return (
        left <= word["x0"]
        and word["x1"] <= right
        and top <= word["top"]
        and word["bottom"] <= bottom
    )


def marks_at(graphics: list[dict], y_mm: float) -> list[dict]:
    """Short horizontal lines (fold or hole marks) at y_mm, within 10 mm of the left edge."""
    return [
        g
        for g in graphics
        if abs((g["top"] + g["bottom"]) / 2 - y_mm * MM) < 0.5 * MM
        and g["x0"] < 10 * MM
        and (g["x1"] - g["x0"]) <= 10 * MM
        and (g["bottom"] - g["top"]) < 1 * MM
    ]


def lines_of(pdf: bytes) -> list[str]:
    """The text of every page of ``pdf``, line by line, each line's spaces collapsed."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            " ".join(line.split())
            for page in document.pages
            for line in (page.extract_text() or "").splitlines()
        ]
