"""Where is my request? Filing, the code shown once, the status page and Leichte Sprache in
Debian's Chromium, with axe-core on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from applications import casework
from applications.constants import Status
from applications.models import Application
from appointments.models import Appointment, Location
from tests.browser.pages import CONTINUE, answer_until, fill_step, start_renewal
from tests.chromium import axe_violations
from tests.journeys import step_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIRTH = "14.03.1990"  # tests/applications/journey.py


def no_sideways_scrolling(browser, live_server, path: str, cookies=()) -> int:
    """How far a page at 390 px wide scrolls sideways (WCAG 1.4.10): 0 is right."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 800}, is_mobile=True
    )
    context.add_cookies(list(cookies))
    phone = context.new_page()
    phone.goto(path)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    return overflow


def test_file_see_the_code_once_then_follow_the_request_on_the_status_page(
    page, browser, live_server, tmp_path, django_user_model, files
):
    from appointments.demo import demo_locations_ensure

    cache.clear()
    demo_locations_ensure()
    start_renewal(page)
    answers = step_answers("renewal")
    answer_until(page, answers, "check", tmp_path)
    page.locator(CONTINUE).click()
    fill_step(page, "declaration", answers["declaration"])
    page.locator(CONTINUE).click()
    page.wait_for_url("**/antrag/*/")
    application = Application.objects.get()
    code = page.locator(".status-code").inner_text()
    assert len(code) == 16
    assert axe_violations(page) == []
    page.reload()
    assert page.locator(".status-code").count() == 0  # shown once
    assert "steht auf Ihrer Eingangsbestätigung" in page.locator("main").inner_text()

    # Another browser, as at home with the receipt: a wrong code first.
    home = browser.new_context(base_url=live_server.url).new_page()
    home.set_default_timeout(15_000)
    home.goto("/status/")
    assert home.locator("h1").count() == 1
    assert axe_violations(home) == []
    home.locator('input[name="reference"]').fill(application.reference)
    home.locator('input[name="date_of_birth"]').fill(BIRTH)
    home.locator('input[name="code"]').fill("AAAA-AAAA-AAAA-A")
    home.locator("main form button[type=submit]").click()
    home.wait_for_load_state()
    assert home.title().startswith("Fehler: ")
    assert home.locator(".error-summary").count() == 1
    assert axe_violations(home) == []

    home.locator('input[name="code"]').fill(code.lower())
    home.locator("main form button[type=submit]").click()
    home.wait_for_url("**/status/ihr-antrag/")
    main = home.locator("main").inner_text()
    assert "Wir haben Ihren Antrag erhalten" in main
    assert application.reference in main
    assert application.surname not in main
    assert axe_violations(home) == []
    cookies = home.context.cookies()
    assert no_sideways_scrolling(browser, live_server, "/status/ihr-antrag/", cookies) <= 0

    # The office asks for documents: the page lists them and leads to the hand-in.
    # (Transactional tests before this one may have emptied the role groups: no role needed.)
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    casework.documents_request(application_id=application.pk, by=caseworker)
    home.reload()
    main = home.locator("main").inner_text()
    assert "Wir brauchen noch Unterlagen von Ihnen" in main
    assert home.locator(".status-missing li").count() >= 1
    assert axe_violations(home) == []
    home.locator('main a[href="/unterlagen-nachreichen/"]').click()
    home.wait_for_url("**/unterlagen-nachreichen/")

    # Documents complete, then invited: the appointment and the way to move or cancel it.
    Application.objects.filter(pk=application.pk).update(status=Status.DOCUMENTS_COMPLETE)
    home.goto("/status/ihr-antrag/")
    assert "kann eine Weile dauern" in home.locator("main").inner_text()
    assert axe_violations(home) == []
    location = application.location or Location.objects.order_by("pk").first()
    starts_at = timezone.localtime(timezone.now() + timedelta(days=12)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    Appointment.objects.create(
        application=application,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        desk=1,
        code_digest="0" * 64,
    )
    Application.objects.filter(pk=application.pk).update(status=Status.INVITED)
    home.reload()
    main = home.locator("main").inner_text()
    assert "Wir haben Sie zu einem Termin eingeladen" in main
    assert "10:00" in main
    assert location.name in main
    assert axe_violations(home) == []
    home.locator('main a[href="/termin/"]').click()
    home.wait_for_url("**/termin/")

    # In English.
    home.context.add_cookies([{"name": "portal_language", "value": "en", "url": live_server.url}])
    home.goto("/status/ihr-antrag/")
    assert "We have invited you to an appointment" in home.locator("main").inner_text()
    assert axe_violations(home) == []
    home.context.close()


@pytest.mark.parametrize("language", ["de", "en"])
def test_leichte_sprache_from_the_header_of_any_page(page, browser, live_server, language):
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )
    page.goto("/termin/")
    page.locator("header a", has_text="Leichte Sprache").click()
    page.wait_for_url("**/leichte-sprache/")
    assert page.locator(".easy-read").get_attribute("lang") == "de"
    assert axe_violations(page) == []
    for label in (
        "So stellen Sie einen Antrag",
        "So geht es nach dem Antrag weiter",
        "So bekommen Sie Hilfe",
    ):
        page.locator(".easy-read__nav a", has_text=label).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == label
        assert axe_violations(page) == []
    for path in ("/leichte-sprache/", "/leichte-sprache/wie-es-weitergeht/"):
        assert no_sideways_scrolling(browser, live_server, path) <= 0, path
    # The accessibility statement points to it.
    page.goto("/barrierefreiheit/")
    page.locator('main a[href="/leichte-sprache/"]').click()
    page.wait_for_url("**/leichte-sprache/")
