"""No sideways scrolling at 390 px (WCAG 1.4.10 Reflow) on every page of every journey.

Each journey is walked with answers that open every branch; every step is
checked as it is first shown and in its error state (submitted empty), the
documents page also for file pickers inside the column, the declaration, the
confirmation and its small form too. So are the start page, the service start
pages and the quick check with its result. A step added later is checked
without anyone remembering it.

The defects this would have caught: KERN floats a fieldset's legend, and
whatever followed it (a radio question's error, the first question of a
repeating group, a file picker) was laid out beside it, outside the column;
the fee table's three columns did not fit.
"""

from __future__ import annotations

import pytest

from applications import kinds
from tests.applications.branches import branching_answers
from tests.browser.empty_walk import (
    QUICK_CHECK,
    QUICK_CHECK_ANSWERS,
    START_PAGES,
    current_step,
    fill,
    fill_step,
    submit,
)
from tests.sample_files import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NO_ERROR_STATE = {"check"}


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


# The first elements of the main column that end beyond the viewport, for the message.
WIDE_ELEMENTS = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > limit)
    .slice(0, 5)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
}"""


def assert_fits(page, where: str) -> None:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > inner:
        wide = page.evaluate(WIDE_ELEMENTS)
        pytest.fail(f"{where}: the page is {width} px wide at {inner} px: {wide}")


def assert_hyphenates(page, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    assert page.evaluate("getComputedStyle(document.querySelector('main')).hyphens") == "auto"


def assert_pickers_in_the_column(page, where: str) -> None:
    column = page.locator("main form").bounding_box()
    pickers = page.locator("main input[type=file]").all()
    assert pickers, where
    for picker in pickers:
        box = picker.bounding_box()
        name = picker.get_attribute("name")
        assert box["x"] >= column["x"] - 1, (where, name, box, column)
        assert box["x"] + box["width"] <= column["x"] + column["width"] + 1, (where, name, box)
        # The picker takes the column's width, its button is not cut off.
        assert box["width"] >= 0.8 * (column["x"] + column["width"] - box["x"]), (where, name, box)


def in_error_state(page, where: str) -> None:
    """Submit the page empty; check the error state, then go back to the page as it was."""
    url = page.url
    submit(page)
    if page.locator(".error-summary").count():
        assert_fits(page, f"{where} (error state)")
    if page.url != url:  # every field optional: it went on
        page.goto(url)


def test_the_walk_covers_every_registered_kind():
    from applications import kinds

    assert {kind: f"/{kinds.get(kind).path}" for kind in kinds.JOURNEYS} == START_PAGES


@pytest.mark.parametrize("kind", sorted(START_PAGES))
def test_every_step_of_every_journey_fits_390_px_also_in_its_error_state(phone, tmp_path, kind):
    page = phone
    page.goto(START_PAGES[kind])
    assert_fits(page, f"{kind} start page")
    submit(page, "main form button.kern-btn--primary")
    answers = branching_answers(kind)
    seen = []
    for _guard in range(60):
        step = current_step(page)
        if step not in kinds.all_steps():
            break
        seen.append(step)
        where = f"{kind}/{step}"
        assert_fits(page, where)
        if step == "documents":
            assert_pickers_in_the_column(page, where)
            submit(page)
            assert_fits(page, f"{where} (error state)")
            assert_pickers_in_the_column(page, f"{where} (error state)")
            pdf = tmp_path / "pass.pdf"
            pdf.write_bytes(tiny_pdf())
            # The first document is uploaded (the passport where one is asked), the rest later.
            picker = page.locator('input[type=file][name^="documents-file_"]').first
            first = picker.get_attribute("name").removeprefix("documents-file_")
            picker.set_input_files(str(pdf))
            for box in page.locator('input[type=checkbox][name^="documents-later_"]').all():
                if box.get_attribute("name") != f"documents-later_{first}":
                    box.check()
        else:
            if step not in NO_ERROR_STATE:
                in_error_state(page, where)
            fill_step(page, step, answers.get(step, {}))
        submit(page)
        assert current_step(page) != step, (step, page.locator("main").inner_text()[:800])
    assert "/antrag/" in page.url, page.url  # the confirmation
    assert_fits(page, f"{kind} confirmation")
    assert_hyphenates(page, "de")
    family = page.locator("main form[action$='/familie/'] button[type=submit]")
    if family.count():
        submit(page, "main form[action$='/familie/'] button[type=submit]")
        assert page.locator(".error-summary").count()
        assert_fits(page, f"{kind} confirmation, family form (error state)")
    expected = [name for name in kinds.get(kind).steps if name in seen]
    assert seen == expected
    assert {"documents", "declaration"} <= set(seen)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_start_page_and_every_service_start_page_fit_390_px(phone, live_server, language):
    page = phone
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )
    page.goto("/")
    assert_fits(page, f"start page ({language})")
    assert_hyphenates(page, language)
    # The services by task, their details one click away: not 6,700 px of cards.
    assert (
        page.evaluate("document.documentElement.scrollHeight") < 4000
    )  # was 6,700 px when every card listed its documents and fees
    for kind, path in START_PAGES.items():
        page.goto(path)
        assert_fits(page, f"{kind} service start page ({language})")


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_quick_check_fits_390_px_empty_and_with_its_result(phone, live_server, language):
    page = phone
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )
    page.goto(QUICK_CHECK)
    assert_fits(page, "quick check")
    submit(page)
    assert page.locator(".error-summary").count()
    assert_fits(page, "quick check (error state)")
    for name, value in QUICK_CHECK_ANSWERS.items():
        if page.locator(f'[name="{name}"]').count():
            fill(page, name, value)
    submit(page)
    assert page.locator("form[action='/einbuergerung/antrag-starten/']").count()
    assert_fits(page, "quick check result")


def test_a_long_e_mail_address_in_a_message_breaks_instead_of_widening_the_page(phone):
    """After signing up, the message and the confirmation page name the address."""
    page = phone
    address = "qa.applicant.with.a.rather.long.local.part.1796654248@example.org"
    page.goto("/konto/signup/")
    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", "Sehr-langes-Passwort-2026")
    page.fill("input[name=password2]", "Sehr-langes-Passwort-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert address in page.content()
    assert_fits(page, "the page after signing up")
