"""The error summary of the family steps names each person and parent: no two links read alike."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.factories import DraftFactory, draft_open
from tests.journeys import family_answers, member, post_step

pytestmark = pytest.mark.django_db

SPOUSE = member("spouse", "Emre", "02.02.1988", sex="male")
CAN = member("child", "Can", "01.06.2015")
DENIZ = member("child", "Deniz", "15.09.2018")


def summary_links(response) -> list[str]:
    html = response.content.decode()
    summary = re.search(r'class="kern-alert kern-alert--danger error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary"
    return [
        unescape(text) for text in re.findall(r'<a class="kern-link"[^>]*>(.*?)</a>', summary[0])
    ]


def unique(links: list[str]) -> bool:
    return len(links) == len(set(links))


def test_each_child_of_a_repeating_group_is_named_in_the_error_summary(client):
    answers = family_answers("renewal", CAN, DENIZ)
    draft_open(
        client, DraftFactory(kind="renewal", at_step="children_list", at_step__answers=answers)
    )
    response = post_step(
        client,
        "renewal",
        "children_list",
        {"TOTAL_FORMS": "2", "INITIAL_FORMS": "0", "0-surname": "Yılmaz", "1-surname": "Yılmaz"},
    )
    links = summary_links(response)
    assert "Kind 2: Geben Sie „Geburtsdatum“ an." in links
    assert "Kind 1: Geben Sie „Geburtsdatum“ an." in links
    assert unique(links)


def test_both_parents_fields_are_named_in_the_error_summary(client):
    answers = family_answers("renewal")
    draft_open(client, DraftFactory(kind="renewal", at_step="parents", at_step__answers=answers))
    response = post_step(
        client, "renewal", "parents", {"father_name": "Мехмед", "mother_name": "Фатма"}
    )
    links = summary_links(response)
    assert len(links) == 2
    assert unique(links)
    assert links[0].startswith("„Vater: Familienname und Vornamen“: ")
    assert links[1].startswith("„Mutter: Familienname und Vornamen“: ")


def test_each_person_of_the_family_list_is_named_in_the_error_summary(client):
    answers = family_answers("renewal", SPOUSE, CAN)
    draft_open(
        client,
        DraftFactory(kind="renewal", at_step="family_applicants_list", at_step__answers=answers),
    )
    response = post_step(
        client, "renewal", "family_applicants_list", {"TOTAL_FORMS": "2", "INITIAL_FORMS": "0"}
    )
    links = summary_links(response)
    assert "Emre Yılmaz: Geben Sie „Reisepassnummer“ an." in links or any(
        link.startswith("Emre Yılmaz: ") for link in links
    )
    assert any(link.startswith("Can Yılmaz: ") for link in links)
    assert len(links) == 2 * 6  # passport (2), title (2), two questions, for each
    assert unique(links)
