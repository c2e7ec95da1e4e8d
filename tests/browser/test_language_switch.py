"""The header's language switch on a page being filled in, in Debian's Chromium."""

from __future__ import annotations

import pytest

from tests.browser.pages import current_step, start_renewal
from tests.chromium import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_mid_step_keeps_the_typing_and_enter_still_continues(page):
    start_renewal(page)
    page.locator('[name="personal-surname"]').fill("Yılmaz")
    page.locator('[name="personal-given_names"]').fill("Ayşe")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert current_step(page) == "personal"
    assert page.locator('[name="personal-surname"]').input_value() == "Yılmaz"
    assert page.locator('[name="personal-given_names"]').input_value() == "Ayşe"
    assert page.locator(".error-summary").count() == 0
    assert axe_violations(page) == []

    # Enter in a field sends the step as "Continue" does (here: errors for the
    # fields not yet filled, in English), not the language button.
    page.locator('[name="personal-given_names"]').press("Enter")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".error-summary").is_visible()
    assert page.locator('[name="personal-surname"]').input_value() == "Yılmaz"

    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator('[name="personal-given_names"]').input_value() == "Ayşe"
    assert page.locator(".error-summary").count() == 0


def test_the_message_to_the_team_keeps_its_text_across_the_switch(page):
    page.goto("/einbuergerung/nachricht/")
    page.locator('[name="message"]').fill("Wann kann ich meinen Pass abholen?")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator('[name="message"]').input_value() == "Wann kann ich meinen Pass abholen?"
