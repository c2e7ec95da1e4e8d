"""Moving an appointment online at /termin/ in Debian's Chromium, with axe-core on every page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments.models import Appointment, InvitationLetter
from tests.appointments.booking import BIRTH
from tests.chromium import axe_violations
from tests.factories import StaffFactory
from tests.staff import staff_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def use_language(page, live_server, language):
    page.context.add_cookies(
        [{"name": "portal_language", "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_open_the_appointment_and_move_it_to_another_time(
    page, live_server, appointment_with_code, language
):
    application, appointment, code = appointment_with_code
    use_language(page, live_server, language)

    page.goto("/termin/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []

    # A wrong code first: the error summary, focused, and still no violations.
    page.locator('input[name="reference"]').fill(application.reference)
    page.locator('input[name="date_of_birth"]').fill(BIRTH.strftime("%d.%m.%Y"))
    page.locator('input[name="code"]').fill("AAAA-AAAA-AAAA-A")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fehler: " if language == "de" else "Error: ")
    assert page.locator(".error-summary").count() == 1
    assert page.locator('input[name="reference"]').input_value() == application.reference
    assert axe_violations(page) == []

    page.locator('input[name="code"]').fill(code.lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/termin/ihr-termin/")
    main = page.locator("main").inner_text()
    assert appointment.location.name in main
    assert timezone.localtime(appointment.starts_at).strftime("%H:%M") in main
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []

    page.locator('main a[href="/termin/verschieben/"]').click()
    page.wait_for_url("**/termin/verschieben/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    # Nothing chosen: the error state of the question.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []

    # A day a week later (or the first day with free times after it), then a time there.
    current_day = timezone.localdate(appointment.starts_at)
    days = [
        date.fromisoformat(value)
        for value in page.locator('input[name="tag"]').evaluate_all("els => els.map(e => e.value)")
    ]
    wanted = next(day for day in days if day >= current_day + timedelta(days=7))
    page.locator(f'input[name="tag"][value="{wanted.isoformat()}"]').check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/termin/verschieben/?*tag={wanted.isoformat()}*")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    page.locator("main form button[type=submit]").click()  # no time chosen
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []

    first_choice = page.locator('input[name="slot"]').first
    chosen_label = page.locator(f'label[for="{first_choice.get_attribute("id")}"]').inner_text()
    first_choice.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/termin/bestaetigung/")

    assert page.locator("h1").count() == 1
    assert page.locator(".reference").first.inner_text() == application.reference
    new = Appointment.objects.get(application=application, status="booked")
    assert new.pk != appointment.pk
    assert timezone.localdate(new.starts_at) == wanted
    new_time = timezone.localtime(new.starts_at).strftime("%H:%M")
    assert chosen_label.endswith(new_time)
    # The caseworker's page shows the new time.
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[appointment.location])
    desk = staff_client(caseworker).get(
        reverse("admin:applications_application_change", args=[application.pk])
    )
    assert f"{wanted:%d.%m.%Y}, {new_time}" in desk.content.decode()
    main = page.locator("main").inner_text()
    assert new_time in main
    if language == "en":
        assert page.locator("h1").inner_text() == "Your appointment has been moved"
        assert "We send you a confirmation of the new time by post." in main
    assert axe_violations(page) == []

    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert InvitationLetter.objects.filter(kind="confirmation", appointment=new).count() == 1
