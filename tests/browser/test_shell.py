"""The page shell in Debian's Chromium: headings, language switch, accessibility."""

from __future__ import annotations

import pytest

from tests.chromium import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHELL_PAGES = ["/", "/hilfe/", "/datenschutz/", "/barrierefreiheit/", "/impressum/"]


def test_start_page_is_german_and_switches_to_english_and_back(page):
    # Chromium asks for English (Accept-Language en-US); the portal still
    # starts in German, the language of the procedure.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert (
        page.locator("h1").inner_text() == "Online-Dienste des Amts für Migration und Integration"
    )

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Online services of the immigration office"
    assert page.get_by_role("heading", name="Choose a service").is_visible()

    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", name="Dienst auswählen").is_visible()


def test_language_switch_keeps_the_page(page):
    page.goto("/datenschutz/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/datenschutz/")
    assert page.locator("h1").inner_text() == "Privacy notice"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Hauptinhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("path", SHELL_PAGES)
def test_shell_pages_have_no_wcag_violations_and_no_csp_errors(page, live_server, path, language):
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    assert csp_errors == []


def test_start_page_fits_a_phone_screen(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 0


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    heading = page.locator("h1").inner_text()
    context.close()
    assert heading == "Online services of the immigration office"
