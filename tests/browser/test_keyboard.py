"""A whole request filed with the keyboard alone (no mouse, no direct filling)."""

from __future__ import annotations

import pytest

from applications.models import Application
from tests.browser.pages import current_step
from tests.journeys import step_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTRY_NAMES = {"TR": "Türkei"}


def tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches the JavaScript predicate ``e => …``."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate})(document.activeElement)"):
            return
    raise AssertionError(f"no focusable element matched {predicate}")


def answer_with_keyboard(page, step: str, values: dict[str, str]) -> None:
    for key, value in values.items():
        name = f"{step}-{key}"
        kind = page.locator(f'[name="{name}"]').first.evaluate(
            "e => e.tagName === 'SELECT' ? 'select' : (e.type || 'text')"
        )
        tab_to(page, f"e => e.name === {name!r}")
        if kind == "radio":
            for _move in range(10):
                if page.evaluate(f"document.activeElement.value === {value!r}"):
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            assert page.locator(f'input[name="{name}"][value="{value}"]').is_checked()
        elif kind == "checkbox":
            page.keyboard.press("Space")
        elif kind == "select":
            # Jump by the first letter, then arrow down to the country.
            page.keyboard.type(COUNTRY_NAMES.get(value, value)[0])
            for _move in range(60):
                if page.locator(f'[name="{name}"]').input_value() == value:
                    break
                page.keyboard.press("ArrowDown")
            assert page.locator(f'[name="{name}"]').input_value() == value
        else:
            page.keyboard.type(value)
    submit(page)


def submit(page) -> None:
    tab_to(page, "e => e.closest('.wizard-actions') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_change_of_conditions_filed_with_the_keyboard_alone(page):
    page.goto("/aufenthaltserlaubnis/auflagenaenderung/")
    tab_to(page, "e => e.tagName === 'BUTTON' && e.closest('main form') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/personal/")
    answers = step_answers("change_of_conditions")
    for _guard in range(15):
        step = current_step(page)
        if step == "documents":
            for box in page.locator('input[type=checkbox][name^="documents-later_"]').all():
                name = box.get_attribute("name")
                tab_to(page, f"e => e.name === {name!r}")
                page.keyboard.press("Space")
            submit(page)
        elif step in answers:
            answer_with_keyboard(page, step, answers[step])
        else:
            break
        assert page.locator(".error-summary").count() == 0, (
            step,
            page.locator("main").inner_text(),
        )
        if "/antrag/" in page.url and current_step(page) not in answers:
            break
    application = Application.objects.get()
    assert application.kind == "change_of_conditions"
    assert page.locator(".reference").inner_text() == application.reference
