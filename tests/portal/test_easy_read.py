"""Leichte Sprache: the main explanations, linked from every page (BITV 2.0 § 4, issue 20).

The rules of the Netzwerk Leichte Sprache that a program can check are
checked on every page: short sentences, one statement in each (no
semicolons, at most one comma), long words split with a hyphen, and the hard
words explained in a box. Whether the text is easy is a reader's judgement;
these checks keep it from drifting.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from portal.site.views import EASY_READ_PAGES

pytestmark = pytest.mark.django_db

PAGES = list(EASY_READ_PAGES)
MAX_WORDS_PER_SENTENCE = 15
MAX_LETTERS_WITHOUT_HYPHEN = 15
# Names the rules leave as they are (the office's and authorities' names).
NAMES = {"Digitalisierung", "Eingangsbestätigung"}


VOID = {"br", "img", "input", "hr", "meta", "link", "source", "wbr"}


class _Text(HTMLParser):
    """The text blocks of the Leichte Sprache part: each paragraph and list item."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.blocks: list[str] = []
        self.current: list[str] | None = None
        self.words_explained = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = dict(attrs).get("class") or ""
        if "easy-read" in classes.split():
            self.depth = 1
        elif self.depth:
            self.depth += 1
            if "easy-read__word" in classes.split():
                self.words_explained += 1
            if tag in ("p", "li", "h1", "h2"):
                self.current = []

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            if tag in ("p", "li", "h1", "h2") and self.current is not None:
                text = " ".join("".join(self.current).split())
                if text:
                    self.blocks.append(text)
                self.current = None

    def handle_data(self, data):
        if self.depth and self.current is not None:
            self.current.append(data)


def page_text(name: str) -> _Text:
    response = Client().get(reverse(name))
    assert response.status_code == 200, name
    parser = _Text()
    parser.feed(response.content.decode())
    assert parser.blocks, name
    return parser


@pytest.mark.parametrize("name", PAGES)
def test_each_page_is_german_and_follows_the_checkable_rules(name):
    response = Client().get(reverse(name))
    body = response.content.decode()
    assert '<div class="easy-read" lang="de">' in body
    # In English too: the pages stay German, marked as such for screen readers.
    english = Client()
    english.cookies["portal_language"] = "en"
    assert '<div class="easy-read" lang="de">' in english.get(reverse(name)).content.decode()

    for block in page_text(name).blocks:
        for sentence in re.split(r"(?<=[.?!:])\s+", block):
            words = sentence.split()
            assert len(words) <= MAX_WORDS_PER_SENTENCE, (name, sentence)
            assert ";" not in sentence, (name, sentence)
            assert sentence.count(",") <= 1, (name, sentence)
            for word in re.findall(r"[A-Za-zÄÖÜäöüß-]+", sentence):
                for part in word.split("-"):
                    if part not in NAMES:
                        assert len(part) <= MAX_LETTERS_WITHOUT_HYPHEN, (name, word)


@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        ("portal:easy-read", 3),
        ("portal:easy-read-filing", 2),
        ("portal:easy-read-next", 1),
    ],
)
def test_hard_words_are_explained(name, minimum):
    assert page_text(name).words_explained >= minimum


def test_the_pages_cover_what_bitv_asks_for():
    covered = {name: " ".join(page_text(name).blocks) for name in PAGES}
    assert "Was ist das Portal?" in covered["portal:easy-read"]
    assert "Barriere-Freiheit" in covered["portal:easy-read"]  # the accessibility statement
    assert "zurecht" in covered["portal:easy-read"]  # how to find one's way
    assert "Antrag absenden" in covered["portal:easy-read-filing"]
    for word in ("Unterlagen", "Brief", "Termin"):
        assert word in covered["portal:easy-read-next"]
    assert "+49 (0)911 231-0" in covered["portal:easy-read-help"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/hilfe/",
        "/barrierefreiheit/",
        "/status/",
        "/termin/",
        "/unterlagen-nachreichen/",
        "/aufenthaltserlaubnis/verlaengerung/",
        "/gibt-es-nicht/",
    ],
)
def test_every_page_links_it_in_the_header(url):
    body = Client().get(url).content.decode()
    header = body.split("<header", 1)[1].split("</header>", 1)[0]
    assert f'href="{reverse("portal:easy-read")}" lang="de">Leichte Sprache</a>' in header


def test_the_accessibility_statement_and_the_help_page_link_it():
    for url in (reverse("portal:accessibility"), reverse("portal:help")):
        main = Client().get(url).content.decode().split('<main id="main"', 1)[1]
        assert f'href="{reverse("portal:easy-read")}"' in main


def test_the_pages_link_each_other():
    for name in PAGES:
        body = Client().get(reverse(name)).content.decode()
        for other in PAGES:
            if other != name:
                assert f'href="{reverse(other)}"' in body, (name, other)
        assert 'aria-current="page"' in body
