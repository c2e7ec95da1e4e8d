"""Case work end to end in Debian's Chromium, with a real queue worker.

A caseworker opens a filed request, asks for a missing document by letter,
sees the online hand-in flagged, verifies the checklist and saves; the worker
books the appointment and writes the invitation, which the caseworker
downloads; print staff print it in a batch; the applicant moves the
appointment online and the caseworker sees the new time; the applicant
cancels, the caseworker sees it and invites again.
"""

from __future__ import annotations

import io
import re
import time

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from applications.constants import Status
from applications.models import Application
from appointments.demo import demo_locations_ensure
from appointments.demo_capacity import demo_capacity_ensure
from appointments.models import Appointment
from tests.browser.staff import staff_page
from tests.chromium import axe_violations
from tests.factories import StaffFactory
from tests.journeys import step_answers, walk
from tests.sample_files import tiny_pdf

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BIRTH = "14.03.1990"
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])\b")
REFERENCE_CODE = re.compile(r"Code\s*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])")


@pytest.fixture
def shared_files(settings, tmp_path, monkeypatch):
    """One folder for the live server (this process) and the qcluster (another one)."""
    root = tmp_path / "files"
    root.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.EncryptedFileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    monkeypatch.setenv("FILE_STORAGE_ROOT", str(root))
    cache.clear()
    yield root
    cache.clear()


def pdf_text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def download(page, link) -> str:
    with page.expect_download() as info:
        link.click()
    return pdf_text(info.value.path())


def reload_until(page, text: str, timeout: float = 45.0, where: str = "#content-main") -> None:
    """Reload the page until ``text`` appears in it (the worker's work shows up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.reload()
        if text in page.locator(where).inner_text():
            return
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not appear:\n{page.locator(where).inner_text()}")


def test_a_request_from_filing_to_invitation_through_the_screens(
    shared_files, browser, live_server, client, qcluster
):
    demo_locations_ensure()
    demo_capacity_ensure()
    walk(client, "renewal", step_answers("renewal"), upload=True)
    application = Application.objects.get()
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    desk = staff_page(browser, live_server, caseworker)

    # The worklist, then the request page.
    desk.goto("/admin/applications/application/")
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1280
    desk.get_by_role("link", name=application.reference).click()
    desk.wait_for_url(f"**/{application.pk}/change/")
    assert axe_violations(desk) == []

    # Ask for the missing documents by letter.
    desk.get_by_role("button", name="Brief erstellen").click()
    desk.wait_for_load_state()
    assert "Der Brief zur Nachforderung der Unterlagen wurde erstellt" in desk.inner_text("body")
    letter = download(desk, desk.get_by_role("link", name="Nachforderung von Unterlagen"))
    hand_in_code = REFERENCE_CODE.search(letter).group(1)
    application.refresh_from_db()
    assert application.status == Status.DOCUMENTS_REQUESTED

    # The applicant hands in the photo online with the letter's code.
    applicant = browser.new_context(base_url=live_server.url).new_page()
    applicant.goto("/unterlagen-nachreichen/")
    applicant.fill('input[name="reference"]', application.reference)
    applicant.fill('input[name="date_of_birth"]', BIRTH)
    applicant.fill('input[name="code"]', hand_in_code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_url("**/unterlagen-nachreichen/dateien/")
    photo = application.document_declarations.get(requirement="biometric_photo")
    upload = shared_files.parent / "foto.pdf"
    upload.write_bytes(tiny_pdf())
    applicant.set_input_files(f'input[name="file_{photo.pk}"]', str(upload))
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    assert "Vielen Dank" in applicant.inner_text("main")

    # The worklist flags it; the file is beside its checklist item.
    desk.goto("/admin/applications/application/?flag=handed_in")
    assert application.reference in desk.inner_text("#result_list")
    desk.get_by_role("link", name=application.reference).click()
    photo_row = desk.locator("tr.checklist-item", has_text="Lichtbild")
    assert "online nachgereicht" in photo_row.inner_text()

    # Verify every item and save: the worker books the appointment and writes the letter.
    for select in desk.locator("tr.checklist-item select").all():
        select.select_option("verified")
    desk.get_by_role("button", name="Sichern", exact=True).click()
    desk.wait_for_load_state()
    assert "Die Änderungen wurden gespeichert." in desk.inner_text("body")
    reload_until(desk, "Briefe zum Termin")
    application.refresh_from_db()
    assert application.status == Status.INVITED
    appointment = Appointment.objects.get(application=application, status="booked")
    invitation = download(desk, desk.get_by_role("link", name=re.compile("Herunterladen")).first)
    assert application.reference in invitation
    assert appointment.location.name in invitation
    code = CODE.search(invitation).group(1)
    # On a phone the appointment's letters are cards, a date and time on one line.
    desk.set_viewport_size({"width": 390, "height": 844})
    written = desk.locator('.desk-letters tbody td[data-label="erstellt"]').first
    assert written.evaluate(
        "cell => [getComputedStyle(cell).display, getComputedStyle(cell).whiteSpace,"
        " getComputedStyle(cell, '::before').content]"
    ) == ["block", "nowrap", '"erstellt"']
    assert desk.evaluate("document.documentElement.scrollWidth") <= 390
    desk.set_viewport_size({"width": 1280, "height": 900})

    # Print staff print it in a batch.
    printer = staff_page(browser, live_server, StaffFactory(role="Poststelle"))
    printer.goto("/admin/appointments/invitationletter/")
    assert application.surname in printer.inner_text("#result_list")
    printer.get_by_role("button", name=re.compile("als einen Stapel drucken")).click()
    printer.wait_for_url("**/printbatch/")
    reload_until(printer, "Herunterladen (PDF)", where="#result_list")
    batch = download(printer, printer.get_by_role("link", name="Herunterladen (PDF)").first)
    assert application.reference in batch

    # The applicant moves the appointment online; the caseworker sees the new time.
    applicant.goto("/termin/")
    applicant.fill('input[name="reference"]', application.reference)
    applicant.fill('input[name="date_of_birth"]', BIRTH)
    applicant.fill('input[name="code"]', code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_url("**/termin/ihr-termin/")
    applicant.locator('main a[href="/termin/verschieben/"]').click()
    applicant.wait_for_url("**/termin/verschieben/")
    applicant.locator('input[name="tag"]').nth(1).check()  # another day
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_url("**/termin/verschieben/?*tag=*")
    applicant.locator('input[name="slot"]').last.check()
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_url("**/termin/bestaetigung/")
    moved = Appointment.objects.get(application=application, status="booked")
    assert moved.pk != appointment.pk
    desk.reload()
    shown = desk.locator("#desk-appointment-heading + dl").inner_text()
    assert (
        moved.starts_at.astimezone().strftime("%H:%M") in shown
        or moved.starts_at.strftime("%d.%m.%Y") in shown
    )

    # The applicant cancels; the caseworker sees it and invites again.
    applicant.goto("/termin/absagen/")
    applicant.locator('input[name="cancel"][value="yes"]').check()
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_url("**/termin/bestaetigung/")
    desk.reload()
    assert "Termin von der antragstellenden Person abgesagt." in desk.inner_text("body")
    desk.get_by_role("button", name="Erneut einladen").click()
    desk.wait_for_load_state()
    reload_until(desk, "gebucht")
    application.refresh_from_db()
    assert application.status == Status.INVITED
    assert Appointment.objects.filter(application=application, status="booked").count() == 1
    assert axe_violations(desk) == []
