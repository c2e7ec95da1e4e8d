"""The check page as summary cards: answered values with their change links, the optional
questions left unanswered folded into one line per section, and so fewer rows."""

from __future__ import annotations

import re
from html import unescape

import pytest

from portal.answers import Row, SectionSummary, StepSummary, summary_cards
from tests.factories import DraftFactory, draft_open
from tests.journeys import step_answers, step_url

pytestmark = pytest.mark.django_db


def test_summary_cards_keep_answered_rows_and_name_each_skipped_question_once():
    sections = [
        SectionSummary(
            title="1. Personal data",
            steps=[
                StepSummary(
                    step="personal",
                    title="About you",
                    rows=[
                        Row("surname", "Surname", "Yılmaz"),
                        Row("former_names", "Former names", "Not given", skipped=True),
                    ],
                ),
                StepSummary(
                    step="voluntary",
                    title="Voluntary information",
                    rows=[Row("phone", "Phone", "Not given", skipped=True)],
                ),
            ],
        ),
        SectionSummary(
            title="4. Family",
            steps=[
                StepSummary(
                    step="children_list",
                    title="Your children",
                    items=[
                        (
                            "Child 1",
                            [
                                Row("given_names", "Given names", "Can"),
                                Row("address", "Address", "Not given", skipped=True),
                            ],
                        )
                    ],
                )
            ],
        ),
    ]
    personal, family = summary_cards(sections)
    assert personal.skipped == ["Former names", "Phone"]
    assert [step.step for step in personal.steps] == ["personal", "voluntary"]
    assert [row.label for row in personal.steps[0].rows] == ["Surname"]
    assert personal.steps[1].rows == []  # the step and its change link stay
    assert personal.single_step is None
    assert family.single_step.step == "children_list"
    assert family.skipped == ["Address (Child 1)"]
    assert [row.value for row in family.steps[0].items[0][1]] == ["Can"]


def _cards_html(html: str) -> str:
    start = html.index('class="summary-card"')
    return html[start : html.index('aria-labelledby="section-deadline"')]


def test_the_check_page_folds_skipped_optional_answers_and_keeps_every_answer(client):
    draft_open(
        client,
        DraftFactory(kind="renewal", at_step="check", at_step__answers=step_answers("renewal")),
    )
    page = client.get(step_url("renewal", "check"))
    html = page.content.decode()
    sections = page.context["sections"]
    all_rows = [row for section in sections for step in section.steps for row in step.rows]
    skipped = [row for row in all_rows if row.skipped]
    answered = [row for row in all_rows if not row.skipped]
    assert {row.label for row in skipped} >= {
        "Frühere Namen",
        "Volkszugehörigkeit",
        "Religionszugehörigkeit",
        "Telefon",
        "E-Mail",
    }

    cards = _cards_html(html)
    # Every answered value is listed; every skipped question only in its card's one line.
    for row in answered:
        assert f">{row.label}</dt>" in cards, row.label
    assert "Nicht angegeben" not in cards
    folded = [
        unescape(line)
        for line in re.findall(r'class="kern-body summary-card__skipped">(.*?)</p>', cards, re.S)
    ]
    assert folded
    assert all(
        line.startswith("<strong>Nicht beantwortet (optional):</strong> ") for line in folded
    )
    names = [name.strip() for line in folded for name in line.split("</strong>", 1)[1].split("; ")]
    assert sorted(names) == sorted(row.label for row in skipped)
    for row in skipped:
        assert cards.count(f">{row.label}</dt>") == 0
    # Measurably shorter: one row per answered question, none per skipped one.
    documents = len(page.context["documents"])
    listed = cards.count('class="kern-description-list-item"') - documents
    assert listed == len(answered)
    assert listed <= len(all_rows) - 8
    # Every step keeps its change link.
    for section in sections:
        for step in section.steps:
            assert f"/{step.step}/?return=check" in cards, step.step


def test_the_cards_markup_escapes_every_text_and_links_each_step():
    from django.utils import translation

    from portal.answers import CardStep, SummaryCard
    from portal.templatetags.portal_format import summary_cards as render_cards

    one = SummaryCard(
        title="1. <Daten>",
        steps=[
            CardStep(
                step="personal",
                title="Über & dich",
                rows=[Row("surname", "Name <x>", 'O\'Neil & "Co"')],
                items=[],
            )
        ],
        skipped=["Telefon <opt>"],
    )
    two = SummaryCard(
        title="4. Familie",
        steps=[
            CardStep(step="spouse", title="Ehe", rows=[], items=[]),
            CardStep(
                step="children_list",
                title="Kinder",
                rows=[],
                items=[("Kind 1 <a>", [Row("given_names", "Vornamen", "Can")]), ("Kind 2", [])],
            ),
        ],
        skipped=[],
    )
    with translation.override("en"):
        html = str(render_cards([one, two], "/x/<p>/"))
    assert "<Daten>" not in html
    assert "1. &lt;Daten&gt;" in html
    assert "O&#x27;Neil &amp; &quot;Co&quot;" in html
    assert ">Name &lt;x&gt;</dt>" in html
    # A card of one step: its link in the card's header, the items as h3.
    first, second = html.split('<section class="summary-card"')[1:]
    assert 'aria-labelledby="section-1"' in first
    assert 'id="section-1"' in first
    assert first.count('href="/x/&lt;p&gt;/personal/?return=check"') == 1
    assert '<span class="kern-sr-only">: Über &amp; dich</span>' in first
    assert "<strong>Not answered (optional):</strong> Telefon &lt;opt&gt;</p>" in first
    # A card of several steps: one heading and change link per step, items as h4.
    assert second.count('class="summary-step__header"') == 2
    assert 'href="/x/&lt;p&gt;/spouse/?return=check"' in second
    assert 'href="/x/&lt;p&gt;/children_list/?return=check"' in second
    item = '<h4 class="kern-body kern-body--bold summary-card__item">Kind 1 &lt;a&gt;</h4>'
    assert item in second
    assert second.count("<dl ") == 1  # an item without rows shows its heading only
    assert "summary-card__skipped" not in second
