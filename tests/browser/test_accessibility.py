"""axe-core (WCAG 2.1 A/AA) on the journeys' pages, also in their error state, in both languages."""

from __future__ import annotations

import pytest

from tests.chromium import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START_PAGES = [
    "/aufenthaltserlaubnis/erteilung/",
    "/aufenthaltserlaubnis/verlaengerung/",
    "/aufenthaltserlaubnis/auflagenaenderung/",
    "/aufenthaltserlaubnis/familiennachzug/",
    "/sperrvermerk/aufhebung/",
    "/einbuergerung/nachricht/",
    "/antrag/fortsetzen/",
    "/konto/login/",
    "/konto/signup/",
]


def use_language(page, live_server, language):
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


@pytest.mark.parametrize("language", ["de", "en"])
def test_start_and_account_pages(page, live_server, language):
    use_language(page, live_server, language)
    errors = csp_errors(page)
    for path in START_PAGES:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
    assert errors == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_forms_in_their_error_state(page, live_server, language):
    use_language(page, live_server, language)
    page.goto("/aufenthaltserlaubnis/familiennachzug/")
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_load_state()
    page.locator(".wizard-actions button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []

    page.goto("/antrag/fortsetzen/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []

    page.goto("/einbuergerung/nachricht/")
    page.locator("#contact-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []

    page.goto("/konto/signup/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
