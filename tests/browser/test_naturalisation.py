"""From the quick check to a submitted naturalisation application with two minor children."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from applications.models import Application
from tests.browser.pages import CONTINUE, answer_until, fill_step
from tests.chromium import axe_violations
from tests.journeys import CHECK, step_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quick_check_to_application_with_two_children_and_receipt(page, tmp_path):
    page.goto("/")
    page.locator('a[href="/einbuergerung/"]').click()
    fill_step_plain(page, CHECK)
    page.locator(".wizard-actions button[type=submit]").click()
    page.wait_for_load_state()
    result = page.locator("main").inner_text()
    assert "357,00" in result
    assert "Stadt Nürnberg" in result or "City of Nuremberg" in result
    assert axe_violations(page) == []

    page.locator('form[action="/einbuergerung/antrag-starten/"] button').click()
    page.wait_for_url("**/einbuergerung/beantragen/personal/")
    answers = step_answers("naturalisation", nat_children={"naturalise_children": "yes"})
    answer_until(page, answers, "nat_children_list", tmp_path)
    children = [
        {
            "surname": "Yılmaz",
            "given_names": "Can",
            "date_of_birth": "01.06.2015",
            "place_of_birth": "Nürnberg",
            "nationality": "TR",
            "own_income": "no",
        },
        {
            "surname": "Yılmaz",
            "given_names": "Deniz",
            "date_of_birth": "15.09.2018",
            "place_of_birth": "Nürnberg",
            "nationality": "TR",
            "own_income": "no",
        },
    ]
    for index, child in enumerate(children):
        if index:
            page.locator('button[name="add_row"]').click()
            page.wait_for_load_state()
        fill_step(page, f"nat_children_list-{index}", child)
    page.locator(CONTINUE).click()
    page.wait_for_load_state()
    answer_until(page, answers, "check", tmp_path)
    assert "357,00" in page.locator("main").inner_text()
    page.locator(CONTINUE).click()
    fill_step(page, "declaration", answers["declaration"])
    page.locator(CONTINUE).click()
    page.wait_for_url("**/antrag/*/")

    application = Application.objects.get()
    assert application.fee_quote_total == Decimal("357.00")
    with page.expect_download() as download:
        page.locator("a[download]").first.click()
    with open(download.value.path(), "rb") as handle:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    for expected in (application.reference, "357,00", "Can", "Deniz", "Einbürgerung"):
        assert expected in text, expected


def fill_step_plain(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]').first
        kind = field.evaluate("e => e.tagName === 'SELECT' ? 'select' : (e.type || 'text')")
        if kind == "radio":
            page.locator(f'input[name="{name}"][value="{value}"]').check()
        elif kind == "select":
            field.select_option(value)
        else:
            field.fill(value)


def test_quick_check_with_a_conviction_above_the_limit_says_neither_route_is_open(page):
    page.goto("/einbuergerung/")
    fill_step_plain(
        page,
        {
            **CHECK,
            "receives_benefits": "yes",
            "livelihood_secured": "no",
            "full_time_employed": "yes",
            "full_time_months": "24",
            "partner_full_time": "no",
            "convicted": "yes",
            "hate_motive": "no",
            "serious_sentence": "no",
            "fine_daily_rates": "150",
            "measure_ordered": "no",
        },
    )
    page.locator(".wizard-actions button[type=submit]").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Derzeit steht keiner der beiden Wege zur Einbürgerung offen" in text
    assert "§ 8 Abs. 2 StAG" in text
    # The benefits do not count: full time for 24 of the last 24 months.
    assert "24 der letzten 24 Monate" in text
    assert axe_violations(page) == []


def test_a_follow_up_question_left_out_is_named_next_to_its_field(page):
    page.goto("/einbuergerung/")
    fill_step_plain(page, {**CHECK, "convicted": "yes"})
    page.locator(".wizard-actions button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fehler:")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator('a[href^="#id_hate_motive"]').count() == 1
    assert "Verurteilung" in page.locator("#id_hate_motive-error").inner_text()
    assert axe_violations(page) == []
