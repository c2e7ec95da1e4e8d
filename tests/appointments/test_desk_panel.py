"""What appointments adds to the caseworker's desk: the appointment, its letters, invite again."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.constants import Status
from appointments import reschedule, services
from appointments.models import Appointment, InvitationJob, InvitationLetter, LetterKind
from portal.models import AuditEvent
from tests.appointments.booking import at, invited, waiting_letter
from tests.appointments.building import FIRST_DAY, FRIDAY_BEFORE_CORPUS_CHRISTI, make_location
from tests.factories import ApplicationFactory, StaffFactory
from tests.sample_files import tiny_pdf
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


def page(client, application) -> str:
    response = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        yield


@pytest.fixture
def booked(friday, letter_storage):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 8))
    letter = InvitationLetter.objects.get(application=application)
    InvitationLetter.objects.filter(pk=letter.pk).delete()
    letter = waiting_letter(application, appointment, pdf=tiny_pdf(), kind=LetterKind.INVITATION)
    InvitationJob.objects.create(application=application, attempts=1, done_at=at(FIRST_DAY, 8))
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[location])
    return application, appointment, letter, caseworker


def test_the_request_page_shows_the_appointment_and_its_letters(booked):
    application, _appointment, letter, caseworker = booked
    html = page(staff_client(caseworker), application)
    assert "08.06.2026, 08:00–08:30" in html
    assert "Standort Test (fiktiv)" in html
    assert "wartet in der Druckwarteschlange" in html
    url = reverse("admin:appointments_appointment_letter", args=[letter.pk])
    assert url in html
    response = staff_client(caseworker).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="download", object_id=str(letter.pk), actor=caseworker
    ).exists()


def test_letters_are_for_the_location_s_caseworkers_only(booked):
    _application, _appointment, letter, _caseworker = booked
    url = reverse("admin:appointments_appointment_letter", args=[letter.pk])
    elsewhere = StaffFactory(role="Sachbearbeitung", locations=[make_location("Anderswo")])
    assert staff_client(elsewhere).get(url).status_code == 404
    printer = StaffFactory(role="Poststelle")
    assert staff_client(printer).get(url).status_code == 403
    assert staff_client(booked[3]).post(url).status_code == 405


def test_after_an_online_cancellation_the_caseworker_sees_it_and_invites_again(
    booked, monkeypatch, django_capture_on_commit_callbacks
):
    application, appointment, _letter, caseworker = booked
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    reschedule.appointment_cancel(application_id=application.pk, appointment_id=appointment.pk)
    client = staff_client(caseworker)
    html = page(client, application)
    assert "Termin von der antragstellenden Person abgesagt." in html
    assert "Termin online von der antragstellenden Person abgesagt" in html  # the history
    url = reverse("admin:appointments_appointment_invite_again", args=[application.pk])
    assert url in html
    listing = client.get(
        reverse("admin:applications_application_changelist"), {"flag": "cancelled"}
    )
    assert application.reference in listing.content.decode()
    # The sweep leaves it alone: the applicant may book a new time online.
    assert application.pk not in services.invitation_backlog()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert enqueued == [application.pk]
    # Waiting in the queue now; should the task be lost, the sweep finds it an hour later.
    assert application.pk not in services.invitation_backlog()
    later = timezone.now() + services.ENQUEUE_STALE + timedelta(minutes=1)
    assert application.pk in services.invitation_backlog(now=later)
    assert services.invitation_issue(application_id=application.pk) == services.INVITED
    application.refresh_from_db()
    assert application.status == Status.INVITED
    new = Appointment.objects.get(application=application, status="booked")
    assert new.pk != appointment.pk
    assert InvitationLetter.objects.filter(appointment=new, kind=LetterKind.INVITATION).exists()
    html = page(client, application)
    assert "Frühere Termine (1)" in html or "Früherer Termin (1)" in html
    assert url not in html  # nothing to invite again now


def test_invite_again_only_after_a_cancellation(booked):
    application, _appointment, _letter, caseworker = booked
    url = reverse("admin:appointments_appointment_invite_again", args=[application.pk])
    response = staff_client(caseworker).post(url, follow=True)
    assert "Erneut einladen kann man nur" in response.content.decode()
    assert Appointment.objects.filter(application=application).count() == 1


def test_a_failed_invitation_shows_why_and_team_leads_try_again(
    friday, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    application = ApplicationFactory(documents_complete=True)
    InvitationJob.objects.create(application=application, attempts=5, last_error="no_free_slot")
    caseworker = StaffFactory(role="Sachbearbeitung", locations=[application.location])
    url = reverse("admin:appointments_appointment_retry_invitation", args=[application.pk])
    html = page(staff_client(caseworker), application)
    assert "keinen freien Termin" in html
    assert url not in html
    assert staff_client(caseworker).post(url).status_code == 403

    lead = StaffFactory(role="Teamleitung")
    client = staff_client(lead)
    assert url in page(client, application)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    job = InvitationJob.objects.get(application=application)
    assert (job.attempts, job.last_error) == (0, "")
    assert enqueued == [application.pk]


def test_caseworkers_see_the_appointments_of_their_locations(booked):
    application, _appointment, _letter, caseworker = booked
    other = make_location("Anderswo")
    _other_application, _other_appointment, _code = invited(other, at(FIRST_DAY, 9))
    html = staff_client(caseworker).get(reverse("admin:appointments_appointment_changelist"))
    text = html.content.decode()
    assert application.reference in text
    assert _other_application.reference not in text
    lead = StaffFactory(role="Teamleitung")
    text = staff_client(lead).get(reverse("admin:appointments_appointment_changelist")).content
    assert _other_application.reference.encode() in text


def test_the_appointment_page_names_its_location_without_a_dead_link(booked):
    from tests.staff_links import dead_links

    _application, appointment, _letter, caseworker = booked
    client = staff_client(caseworker)
    page = client.get(reverse("admin:appointments_appointment_change", args=[appointment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert appointment.location.name in html
    assert dead_links(client, html) == []


def test_team_leads_manage_locations_hours_and_closed_days(db):
    lead = staff_client(StaffFactory(role="Teamleitung"))
    worker = staff_client(StaffFactory(role="Sachbearbeitung"))
    for name in (
        "admin:locations_location_add",
        "admin:appointments_closedday_add",
        "admin:locations_stafflocations_add",
        "admin:appointments_invitationjob_changelist",
    ):
        assert lead.get(reverse(name)).status_code == 200, name
        assert worker.get(reverse(name)).status_code == 403, name
