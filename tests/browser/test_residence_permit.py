"""Residence-permit journeys in Debian's Chromium: file a renewal, leave and resume."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from applications.models import Application
from tests.browser.pages import CONTINUE, answer_until, current_step, fill_step, start_renewal
from tests.chromium import axe_violations
from tests.journeys import step_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guest_files_a_renewal_in_german_with_an_upload_and_gets_the_receipt(page, tmp_path):
    start_renewal(page)
    assert page.locator("html").get_attribute("lang") == "de"
    answers = step_answers("renewal")
    answer_until(page, answers, "check", tmp_path)

    summary = page.locator("main").inner_text()
    assert "Yılmaz" in summary
    assert "reisepass.pdf" in summary
    assert "93,00" in summary
    assert axe_violations(page) == []

    page.locator(CONTINUE).click()
    fill_step(page, "declaration", answers["declaration"])
    page.locator(CONTINUE).click()
    page.wait_for_url("**/antrag/*/")
    reference = page.locator(".reference").inner_text()
    application = Application.objects.get()
    assert reference == application.reference
    assert axe_violations(page) == []

    with page.expect_download() as download:
        page.locator("a[download]").click()
    receipt = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(pdf_page.extract_text() for pdf_page in receipt.pages)
    for expected in (reference, "Yılmaz", "Ayşe", "Izmir", "AOK Bayern", "reisepass.pdf", "93,00"):
        assert expected in text, expected
    assert "Eingangsbestätigung" in text


def test_leave_midway_and_resume_with_the_code_in_a_new_browser(browser, live_server, tmp_path):
    first = browser.new_context(base_url=live_server.url)
    page = first.new_page()
    start_renewal(page)
    answers = step_answers("renewal")
    answer_until(page, answers, "marital", tmp_path)
    code = page.locator(".resume-code").first.inner_text()
    first.close()  # the browser is closed: the session is gone

    second = browser.new_context(base_url=live_server.url)
    page = second.new_page()
    page.goto("/aufenthaltserlaubnis/verlaengerung/")
    page.locator('a[href="/antrag/fortsetzen/"]').click()
    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit]").click()
    # Where it was left: the first unanswered step; the answers before it are kept.
    page.wait_for_url("**/marital/")
    assert current_step(page) == "marital"
    page.goto(page.url.replace("/marital/", "/personal/"))
    assert page.locator('input[name="personal-surname"]').input_value() == "Yılmaz"
    second.close()


def test_error_state_of_a_step_is_accessible_and_focuses_the_summary(page):
    start_renewal(page)
    page.locator(CONTINUE).click()
    page.wait_for_load_state()
    assert page.title().startswith("Fehler: ")
    # The browser moves the focus to an ``autofocus`` element at its next rendering
    # update, which can come after the load event on a busy machine: wait for it.
    page.wait_for_function(
        "document.activeElement && document.activeElement.classList.contains('error-summary')",
        timeout=5000,
    )
    assert axe_violations(page) == []


SLUGS = {
    "issue": "erteilung",
    "change_of_conditions": "auflagenaenderung",
    "renewal": "verlaengerung",
}


@pytest.mark.parametrize(
    ("kind", "language"),
    [("issue", "en"), ("change_of_conditions", "en"), ("renewal", "en"), ("issue", "de")],
)
def test_each_kind_can_be_filed_in_german_and_english(page, live_server, tmp_path, kind, language):
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"/aufenthaltserlaubnis/{SLUGS[kind]}/")
    assert page.locator("html").get_attribute("lang") == language
    page.locator("main form button.kern-btn--primary").click()
    page.wait_for_url("**/personal/")
    answers = step_answers(kind)
    answer_until(page, answers, "check", tmp_path)
    page.locator(CONTINUE).click()
    fill_step(page, "declaration", answers["declaration"])
    page.locator(CONTINUE).click()
    page.wait_for_url("**/antrag/*/")
    application = Application.objects.get()
    assert application.kind == kind
    assert application.language == language
    assert page.locator(".reference").inner_text() == application.reference
