"""The warning before a time limit ends, and extending it, in Debian's Chromium (WCAG 2.2.1).

The limits are shortened for the test (seconds instead of minutes); the
dialog, its script and the server's extension are the real ones.
"""

from __future__ import annotations

import time

import pytest

from portal import grants
from tests.appointments.booking import BIRTH
from tests.chromium import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIALOG = "#session-dialog"


def wait_for_the_warning(page, within: float) -> None:
    page.wait_for_selector(f"{DIALOG}[open]", timeout=within * 1000)
    assert page.locator("#session-active").is_visible()


def test_an_applicant_is_warned_and_extends_the_session_with_the_keyboard(
    page, live_server, settings
):
    settings.APPLICANT_IDLE_TIMEOUT = 16  # the warning comes after 8 seconds
    page.goto("/aufenthaltserlaubnis/verlaengerung/")
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_load_state()
    step_url = page.url
    started = time.monotonic()

    wait_for_the_warning(page, within=12)
    # The button to continue has the focus: Enter is enough.
    assert page.evaluate("document.activeElement.id") == "session-extend"
    assert axe_violations(page) == []
    page.keyboard.press("Enter")
    page.locator(DIALOG).wait_for(state="hidden", timeout=5000)

    # Past the first limit, the session (and the draft in it) is still there.
    time.sleep(max(0.0, 17 - (time.monotonic() - started)))
    page.goto(step_url)
    assert page.url == step_url
    assert page.locator("main form").count() == 1


def test_without_extending_the_dialog_says_the_session_ended_and_how_to_go_on(
    page, live_server, settings
):
    settings.APPLICANT_IDLE_TIMEOUT = 6
    page.goto("/aufenthaltserlaubnis/verlaengerung/")
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_load_state()
    page.wait_for_selector("#session-ended:not([hidden])", state="visible", timeout=12000)
    assert page.locator('#session-ended a[href="/antrag/fortsetzen/"]').count() == 1


def test_the_appointment_pages_warn_before_they_close_and_stay_open_when_asked(
    page, live_server, appointment_with_code, monkeypatch
):
    application, _appointment, code = appointment_with_code
    monkeypatch.setattr(grants, "GRANT_MINUTES", 0.3)  # 18 seconds; the warning after 9
    page.goto("/termin/")
    page.locator('input[name="reference"]').fill(application.reference)
    page.locator('input[name="date_of_birth"]').fill(BIRTH.strftime("%d.%m.%Y"))
    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/termin/ihr-termin/")
    started = time.monotonic()

    first_end = page.locator("#grant-until").get_attribute("datetime")
    wait_for_the_warning(page, within=14)
    assert "Seiten geöffnet lassen" in page.locator(DIALOG).inner_text()
    page.locator("#session-extend").click()
    page.locator(DIALOG).wait_for(state="hidden", timeout=5000)
    # The page names the new closing time.
    assert page.locator("#grant-until").get_attribute("datetime") != first_end

    time.sleep(max(0.0, 19 - (time.monotonic() - started)))
    page.goto("/termin/ihr-termin/")
    assert page.url.endswith("/termin/ihr-termin/")  # still open, past the first 18 seconds
