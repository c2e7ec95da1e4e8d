"""A message to the naturalisation team on a phone (390 px) in Debian's Chromium, with axe-core."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from naturalisation.models import ContactMessage
from tests.chromium import axe_violations
from tests.journeys import CONTACT_ANSWERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEND = "#contact-form button[type=submit]"


def sideways(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_send_a_message_on_a_phone_after_correcting_an_error(browser, live_server):
    cache.clear()  # the form's rate limit lives in the database cache
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 800}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/einbuergerung/")
        page.get_by_role("link", name="Nachricht an das Einbürgerungsteam senden").click()
        page.wait_for_url("**/einbuergerung/nachricht/")
        assert "Fragen zum Bearbeitungsstand" in page.locator("main").inner_text()
        assert sideways(page) == 0
        assert axe_violations(page) == []

        for name, value in CONTACT_ANSWERS.items():
            page.fill(f"#id_{name}", value)
        page.fill("#id_phone", "bitte anrufen")
        page.locator(SEND).click()
        page.wait_for_load_state()
        assert page.title().startswith("Fehler: ")
        summary = page.locator(".error-summary")
        assert "Telefonnummer" in summary.inner_text()
        assert page.locator("#id_phone-error").is_visible()
        assert sideways(page) == 0
        assert axe_violations(page) == []
        assert page.input_value("#id_message") == CONTACT_ANSWERS["message"]  # kept
        summary.get_by_role("link").click()
        assert page.evaluate("document.activeElement.id") == "id_phone"

        page.fill("#id_phone", CONTACT_ANSWERS["phone"])
        page.locator(SEND).click()
        # The browser keeps the summary link's #id_phone across the redirect.
        page.wait_for_url(re.compile(r"/einbuergerung/nachricht/gesendet/(#id_phone)?$"))
        message = ContactMessage.objects.get()
        assert page.locator(".reference").inner_text() == message.receipt_number
        main = page.locator("main").inner_text()
        assert CONTACT_ANSWERS["message"] not in main
        assert CONTACT_ANSWERS["surname"] not in main
        assert sideways(page) == 0
        assert axe_violations(page) == []
    finally:
        context.close()
        cache.clear()
