"""English pages cite statutes in one English form and show dates in one format."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from applications.views import JOURNEYS
from portal.citations import cite, english_citation
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url

pytestmark = pytest.mark.django_db

CITATIONS = [
    ("§ 81 Abs. 4 Satz 1 AufenthG", "§ 81 (4) sentence 1 AufenthG"),
    ("§ 81 Abs. 3 Satz 2 AufenthG", "§ 81 (3) sentence 2 AufenthG"),
    ("§ 81 Abs. 2 Satz 2, Abs. 3 Satz 1 AufenthG", "§ 81 (2) sentence 2, (3) sentence 1 AufenthG"),
    ("§ 51 Abs. 1 Nr. 1 AufenthG", "§ 51 (1) no. 1 AufenthG"),
    ("§ 45 Nr. 2 Buchst. b AufenthV", "§ 45 no. 2 (b) AufenthV"),
    (
        "§ 10 Abs. 1 Satz 1 Nr. 3 Buchst. a bis c StAG i. d. F. BGBl. 2024 I Nr. 104",
        "§ 10 (1) sentence 1 no. 3 (a) to (c) StAG as amended by BGBl. 2024 I no. 104",
    ),
    (
        "§ 10 Abs. 1 Satz 1 Nr. 6, 7, Abs. 3 bis 5 StAG",
        "§ 10 (1) sentence 1 no. 6, 7, (3) to (5) StAG",
    ),
    ("§ 25 Abs. 1 und 2 AufenthG", "§ 25 (1) and (2) AufenthG"),
    ("§ 25 Abs. 1, 2 AufenthG", "§ 25 (1), (2) AufenthG"),
    ("§ 12a StAG", "§ 12a StAG"),
    ("no citation at all", "no citation at all"),
]


@pytest.mark.parametrize(("german", "english"), CITATIONS)
def test_english_citation(german, english):
    assert english_citation(german) == english
    with translation.override("en"):
        assert cite(german) == english
    with translation.override("de"):
        assert cite(german) == german


GERMAN_FORMS = re.compile(r"\bAbs\.|\bBuchst\.|\bSatz\b|\bNr\. \d|\bi\. ?d\. ?F\.")
# Django's English default dates ("Feb. 1, 2027", "March 31, 2026") and the numeric ones.
US_DATE = re.compile(
    r"\b(Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
)
NUMERIC_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")


def main_text(page) -> str:
    text = page.content.decode()
    start = text.index("<main")
    return re.sub(r"<[^>]+>", " ", text[start : text.index("</main>")])


def assert_english_forms(text: str) -> None:
    assert not GERMAN_FORMS.findall(text), GERMAN_FORMS.findall(text)
    assert not US_DATE.findall(text), US_DATE.findall(text)


QUICK_CHECK = {
    "identity_clarified": "yes",
    "residence_since": "01.09.2022",
    "has_right_of_residence": "yes",
    "german_level": "b1",
    "german_proof": "certificate",
    "guest_worker": "no",
    "knowledge_proof": "test",
    "test_score": "25",
    "receives_benefits": "yes",
    "full_time_employed": "no",
    "partner_full_time": "no",
    "livelihood_secured": "no",
    "convicted": "no",
    "special_integration": "yes",
    "commitment": "yes",
    "minor_children": "1",
}


def test_the_english_quick_check_result(client):
    client.cookies["portal_language"] = "en"
    page = client.post(reverse("naturalisation:quick-check"), QUICK_CHECK)
    assert page.status_code == 200
    text = main_text(page)
    assert "Legal basis: § 10 (1) sentence 1" in text
    assert_english_forms(text)
    assert NUMERIC_DATE.findall(text)  # the residence dates, as day.month.year


@pytest.mark.parametrize("kind", list(JOURNEYS))
def test_the_english_check_page(client, kind):
    client.cookies["portal_language"] = "en"
    draft_open(
        client, DraftFactory(kind=kind, at_step="check", at_step__answers=step_answers(kind))
    )
    page = client.get(step_url(kind, "check"))
    assert page.status_code == 200
    assert_english_forms(main_text(page))


@pytest.mark.parametrize("kind", list(JOURNEYS))
def test_the_english_start_page(client, kind):
    client.cookies["portal_language"] = "en"
    page = client.get(reverse(JOURNEYS[kind].start_url_name))
    assert page.status_code == 200
    assert_english_forms(main_text(page))


def test_the_english_purpose_choices(client):
    client.cookies["portal_language"] = "en"
    answers = step_answers("issue", purpose_group={"purpose_group": "education"})
    draft_open(
        client, DraftFactory(kind="issue", at_step="purpose_detail", at_step__answers=answers)
    )
    text = main_text(client.get(step_url("issue", "purpose_detail")))
    assert "§ 17 (2) AufenthG" in text
    assert_english_forms(text)
