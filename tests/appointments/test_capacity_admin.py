"""The capacity of a location in the admin: opening hours, slot lengths, closed days; jobs."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from appointments.models import ClosedDay, InvitationJob, OpeningHours, SlotLength
from tests.appointments.building import make_application, make_location
from tests.staff import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(admin_user, settings):
    """A superuser with a second factor, reading the admin in English."""
    client = staff_client(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


URL = "/admin/locations/location/{}/change/"


AHEAD = timezone.localdate() + timedelta(days=30)


def location_form(location, hours=(), lengths=(), closed=()) -> dict:
    data = {
        "name": location.name,
        "street": location.street,
        "postcode": location.postcode,
        "town": location.town,
        "phone": location.phone,
        "kinds": ["renewal"],
        "postcode_prefixes": "",
        "active": "on",
        "is_demo": "on",
    }
    for prefix, rows in (
        ("opening_hours", hours),
        ("slot_lengths", lengths),
        ("closed_days", closed),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def test_the_location_page_edits_hours_slot_lengths_and_closed_days(admin_client):
    location = make_location(hours=[])
    page = admin_client.get(URL.format(location.pk))
    assert page.status_code == 200
    for prefix in ("opening_hours", "slot_lengths", "closed_days"):
        assert f'name="{prefix}-TOTAL_FORMS"' in page.content.decode()

    response = admin_client.post(
        URL.format(location.pk),
        location_form(
            location,
            hours=[
                {"weekday": "0", "opens": "08:00", "closes": "12:00", "desks": "3"},
                {"weekday": "0", "opens": "13:00", "closes": "15:30", "desks": "2"},
            ],
            lengths=[{"kind": "family_reunification", "minutes": "60"}],
            closed=[{"date": f"{AHEAD:%Y-%m-%d}", "reason": "Betriebsausflug"}],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(location.opening_hours.values_list("weekday", "opens", "closes", "desks")) == [
        (0, time(8), time(12), 3),
        (0, time(13), time(15, 30), 2),
    ]
    assert SlotLength.objects.get().minutes == 60
    assert ClosedDay.objects.get().date == AHEAD


def test_a_closed_day_that_has_passed_is_refused_with_a_message(admin_client):
    location = make_location(hours=[])
    past = timezone.localdate() - timedelta(days=1)
    response = admin_client.post(
        URL.format(location.pk),
        location_form(location, closed=[{"date": f"{past:%Y-%m-%d}", "reason": "Zu spät"}]),
    )
    assert response.status_code == 200
    assert "This day has passed" in response.content.decode()
    assert not ClosedDay.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (
            [
                {"weekday": "1", "opens": "08:00", "closes": "12:00", "desks": "1"},
                {"weekday": "1", "opens": "11:00", "closes": "14:00", "desks": "1"},
            ],
            "Opening hours on Tuesday overlap: 08:00–12:00 and 11:00–14:00.",
        ),
        (
            [{"weekday": "1", "opens": "12:00", "closes": "08:00", "desks": "1"}],
            "The closing time must be after the opening time.",
        ),
        (
            [{"weekday": "1", "opens": "08:00", "closes": "12:00", "desks": "0"}],
            "Enter between 1 and 99 desks.",
        ),
    ],
)
def test_impossible_opening_hours_are_refused_with_a_message(admin_client, hours, message):
    location = make_location(hours=[])
    response = admin_client.post(URL.format(location.pk), location_form(location, hours=hours))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OpeningHours.objects.exists()


def test_closed_days_of_all_locations_and_invitation_jobs_are_listed(admin_client):
    ClosedDay.objects.create(location=None, date=date(2026, 12, 24), reason="Heiligabend")
    assert admin_client.get("/admin/appointments/closedday/").status_code == 200
    application = make_application(make_location())
    InvitationJob.objects.create(application=application, attempts=5, last_error="no_free_slot")
    listing = admin_client.get("/admin/appointments/invitationjob/")
    assert listing.status_code == 200
    assert "no_free_slot" in listing.content.decode()
    assert application.surname not in listing.content.decode()
    # The request by its reference, the number people use (not its database id).
    assert application.reference in listing.content.decode()
    assert "APPLICATION ID" not in listing.content.decode().upper()
    job = InvitationJob.objects.get()
    page = admin_client.get(f"/admin/appointments/invitationjob/{job.pk}/change/")
    assert page.status_code == 200
    assert application.reference in page.content.decode()


def test_staff_give_a_request_that_gave_up_new_attempts(
    admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    from appointments import services

    enqueued = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    application = make_application(make_location())
    job = InvitationJob.objects.create(
        application=application, attempts=5, last_error="no_free_slot"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/appointments/invitationjob/",
            {"action": "retry", "_selected_action": [str(job.pk)]},
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.attempts, job.last_error) == (0, "")
    assert enqueued == [application.pk]
