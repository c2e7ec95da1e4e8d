"""The invitation task: one appointment and one letter per request, whatever happens."""

from __future__ import annotations

import importlib
import os
import threading
import time as clock
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from applications.models import Application
from appointments import services, tasks
from appointments.models import (
    Appointment,
    ClosedDay,
    InvitationJob,
    InvitationLetter,
    SlotLength,
)
from tests.appointments.building import (
    BERLIN,
    FIRST_DAY,
    FRIDAY_BEFORE_CORPUS_CHRISTI,
    letter_files,
    make_application,
    make_location,
    stored,
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=True):
        yield


# --- The task, step by step --------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_books_the_earliest_slot_and_writes_the_letter(letter_storage, friday):
    location = make_location()
    application = make_application(location)

    assert tasks.send_invitation(application.pk) == services.INVITED

    appointment = Appointment.objects.get()
    assert appointment.application == application
    assert appointment.location == location
    assert appointment.starts_at == at(FIRST_DAY, 8)
    assert appointment.ends_at == at(FIRST_DAY, 8, 30)
    assert (appointment.desk, appointment.status) == (1, "booked")
    assert len(appointment.code_digest) == 64
    letter = InvitationLetter.objects.get()
    assert (letter.application, letter.appointment, letter.kind) == (
        application,
        appointment,
        "invitation",
    )
    assert letter.language == "de"
    assert letter.printed_at is None
    assert letter.print_batch is None
    assert letter.file.name.startswith("letters/invitations/2026/05/")
    assert letter.file.name.endswith(".pdf")
    assert letter_files(letter_storage) == [letter_storage / letter.file.name]
    assert stored(letter.file.name).startswith(b"%PDF-")
    assert (letter_storage / letter.file.name).stat().st_mode & 0o777 == 0o600
    application.refresh_from_db()
    assert application.status == "invited"
    job = InvitationJob.objects.get(application=application)
    assert (job.attempts, job.last_error) == (1, "")
    assert job.done_at is not None


@pytest.mark.django_db
def test_running_the_task_twice_leaves_one_appointment_and_one_letter(letter_storage, friday):
    application = make_application(make_location())
    assert tasks.send_invitation(application.pk) == services.INVITED
    assert tasks.send_invitation(application.pk) == services.ALREADY_DONE
    assert Appointment.objects.count() == 1
    assert InvitationLetter.objects.count() == 1
    assert len(letter_files(letter_storage)) == 1
    # The second run did not count as an attempt.
    assert InvitationJob.objects.get().attempts == 1


@pytest.mark.django_db
def test_the_slot_length_of_the_kind_and_the_next_free_slot(letter_storage, friday):
    location = make_location()
    SlotLength.objects.create(location=location, kind="family_reunification", minutes=60)
    first = make_application(location, kind="family_reunification")
    second = make_application(location)
    tasks.send_invitation(first.pk)
    tasks.send_invitation(second.pk)
    assert list(Appointment.objects.values_list("starts_at", "ends_at")) == [
        (at(FIRST_DAY, 8), at(FIRST_DAY, 9)),
        (at(FIRST_DAY, 9), at(FIRST_DAY, 9, 30)),
    ]


@pytest.mark.django_db
def test_closed_days_of_the_location_and_of_all_locations_are_skipped(letter_storage, friday):
    location = make_location()
    ClosedDay.objects.create(location=location, date=FIRST_DAY, reason="Betriebsausflug")
    ClosedDay.objects.create(location=None, date=FIRST_DAY + timedelta(1), reason="Schulung")
    ClosedDay.objects.create(
        location=make_location("Anderer Standort (fiktiv)"), date=FIRST_DAY + timedelta(2)
    )
    tasks.send_invitation(make_application(location).pk)
    assert Appointment.objects.get().starts_at == at(FIRST_DAY + timedelta(2), 8)


@pytest.mark.django_db
def test_the_lead_time_is_a_setting(letter_storage, friday, settings):
    settings.INVITATION_LEAD_WORKING_DAYS = 1
    tasks.send_invitation(make_application(make_location()).pk)
    assert Appointment.objects.get().starts_at == at(date(2026, 6, 1), 8)


@pytest.mark.django_db
def test_a_lead_time_of_zero_books_later_today(letter_storage, friday, settings):
    settings.INVITATION_LEAD_WORKING_DAYS = 0
    tasks.send_invitation(make_application(make_location()).pk)
    # Friday 10:00: the 10:00 slot has begun; the next one is free.
    assert Appointment.objects.get().starts_at == at(date(2026, 5, 29), 10, 30)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["submitted", "in_review", "withdrawn", "invited"])
def test_a_request_that_is_not_complete_is_not_invited(letter_storage, status):
    application = make_application(make_location(), status=status)
    assert tasks.send_invitation(application.pk) == services.NOT_READY
    assert not Appointment.objects.exists()
    assert InvitationJob.objects.get().attempts == 0


@pytest.mark.django_db
def test_an_unknown_request_is_gone():
    assert tasks.send_invitation(987654) == services.GONE
    assert not InvitationJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("no_location", services.NO_LOCATION),
        ("no_hours", services.NO_FREE_SLOT),
        ("no_address", services.NO_ADDRESS),
    ],
)
def test_a_failure_is_recorded_as_a_code_without_personal_data(letter_storage, setup, code):
    location = make_location(hours=[] if setup == "no_hours" else None)
    fields = {}
    if setup == "no_address":
        fields["answers"] = {"address": {"street": " ", "postcode": "90403", "town": "Nürnberg"}}
    application = make_application(None if setup == "no_location" else location, **fields)

    with pytest.raises(tasks.InvitationFailed) as failure:
        tasks.send_invitation(application.pk)

    assert str(failure.value) == f"invitation failed: application={application.pk} error={code}"
    assert failure.value.__cause__ is None
    assert failure.value.__suppress_context__
    job = InvitationJob.objects.get()
    assert (job.attempts, job.last_error, job.done_at) == (1, code, None)
    assert not Appointment.objects.exists()
    assert letter_files(letter_storage) == []
    application.refresh_from_db()
    assert application.status == "documents_complete"


@pytest.mark.django_db
def test_a_task_that_keeps_failing_stops_after_the_maximum_attempts(letter_storage, settings):
    settings.INVITATION_MAX_ATTEMPTS = 3
    application = make_application(make_location(hours=[]))
    for _attempt in range(3):
        with pytest.raises(tasks.InvitationFailed):
            tasks.send_invitation(application.pk)
    assert tasks.send_invitation(application.pk) == services.GAVE_UP
    assert tasks.send_invitation(application.pk) == services.GAVE_UP
    job = InvitationJob.objects.get()
    assert (job.attempts, job.last_error) == (3, services.NO_FREE_SLOT)
    # The sweep leaves it alone, until staff give it new attempts.
    assert services.invitation_backlog() == []
    services.invitation_retry(application_id=application.pk)
    job.refresh_from_db()
    assert (job.attempts, job.last_error) == (0, "")


# --- Failure between writing the file and committing ---------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_file_is_written_leaves_nothing_and_a_retry_one_letter(
    letter_storage, friday, monkeypatch
):
    from applications import casework

    application = make_application(make_location())
    written = []
    real_store = services.letters.letter_store

    def store(content, *, now):
        name = real_store(content, now=now)
        written.append(name)
        assert (letter_storage / name).exists()  # the file is really there before the failure
        return name

    def fail(**kwargs):
        raise RuntimeError("Yılmaz: injected failure")

    monkeypatch.setattr(services.letters, "letter_store", store)
    monkeypatch.setattr(casework, "application_mark_invited", fail)
    with pytest.raises(tasks.InvitationFailed) as failure:
        tasks.send_invitation(application.pk)
    assert "Yılmaz" not in str(failure.value)
    assert len(written) == 1
    assert not Appointment.objects.exists()
    assert not InvitationLetter.objects.exists()
    assert letter_files(letter_storage) == []  # the rolled-back letter's file is gone
    application.refresh_from_db()
    assert application.status == "documents_complete"
    job = InvitationJob.objects.get()
    assert (job.attempts, job.last_error) == (1, "RuntimeError")

    monkeypatch.undo()
    assert tasks.send_invitation(application.pk) == services.INVITED
    letter = InvitationLetter.objects.get()
    assert Appointment.objects.count() == 1
    assert letter_files(letter_storage) == [letter_storage / letter.file.name]
    assert InvitationJob.objects.get().attempts == 2


@pytest.mark.django_db
def test_the_sweep_deletes_orphaned_letter_files_only(letter_storage, friday):
    application = make_application(make_location())
    tasks.send_invitation(application.pk)
    letter = InvitationLetter.objects.get()
    folder = (letter_storage / letter.file.name).parent
    orphan = folder / "0123456789abcdef0123456789abcdef.pdf"
    half_written = folder / ".tmp123.part"
    young = folder / "fedcba9876543210fedcba9876543210.pdf"
    for path in (orphan, half_written, young):
        path.write_bytes(b"%PDF-")
    two_hours_ago = clock.time() - 2 * 3600
    for path in (orphan, half_written, letter_storage / letter.file.name):
        os.utime(path, (two_hours_ago, two_hours_ago))

    assert services.letters_delete_orphans() == 2
    assert letter_files(letter_storage) == sorted([letter_storage / letter.file.name, young])


# --- Two requests race for the last slot ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_for_the_last_slot_get_it_and_the_next(letter_storage, friday):
    # One slot a day: 8:00-8:30 at one desk.
    location = make_location(hours=[(d, time(8), time(8, 30)) for d in range(5)])
    requests = [make_application(location), make_application(location)]
    barrier = threading.Barrier(len(requests))
    results, errors = {}, []

    def invite(application_id):
        try:
            barrier.wait(timeout=10)
            results[application_id] = tasks.send_invitation(application_id)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=invite, args=(r.pk,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert set(results.values()) == {services.INVITED}
    starts = sorted(Appointment.objects.values_list("starts_at", flat=True))
    assert starts == [at(FIRST_DAY, 8), at(FIRST_DAY + timedelta(1), 8)]
    assert InvitationLetter.objects.count() == 2
    assert len(letter_files(letter_storage)) == 2


# --- The database refuses double bookings ------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_a_second_booking_of_a_desk_and_time():
    location = make_location()
    first, second, third = (make_application(location) for _ in range(3))
    slot = {"location": location, "starts_at": at(FIRST_DAY, 8), "ends_at": at(FIRST_DAY, 8, 30)}
    Appointment.objects.create(application=first, desk=1, code_digest="x", **slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(application=second, desk=1, code_digest="y", **slot)
    # Another desk is fine, and a cancelled appointment frees its slot.
    Appointment.objects.create(application=second, desk=2, code_digest="y", **slot)
    Appointment.objects.filter(application=first).update(status="cancelled")
    Appointment.objects.create(application=third, desk=1, code_digest="z", **slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            application=make_application(location), desk=1, code_digest="w", **slot
        )


@pytest.mark.django_db
def test_one_appointment_per_request_and_one_letter_per_appointment():
    location = make_location()
    application = make_application(location)
    slot = {"location": location, "ends_at": at(FIRST_DAY, 9), "desk": 1, "code_digest": "x"}
    appointment = Appointment.objects.create(
        application=application, starts_at=at(FIRST_DAY, 8, 30), **slot
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(application=application, starts_at=at(FIRST_DAY, 8), **slot)
    letter = {"application": application, "appointment": appointment, "language": "de"}
    InvitationLetter.objects.create(file="letters/a.pdf", **letter)
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationLetter.objects.create(file="letters/b.pdf", **letter)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "values"),
    [
        ("openinghours", {"weekday": 7, "opens": time(8), "closes": time(9)}),
        ("openinghours", {"weekday": 0, "opens": time(9), "closes": time(9)}),
        ("openinghours", {"weekday": 0, "opens": time(8), "closes": time(9), "desks": 0}),
        ("slotlength", {"kind": "renewal", "minutes": 0}),
        ("slotlength", {"kind": "renewal", "minutes": 481}),
    ],
)
def test_the_database_refuses_impossible_capacity(model, values):
    location = make_location(hours=[])
    with pytest.raises(IntegrityError):
        apps.get_model("appointments", model).objects.create(location=location, **values)


@pytest.mark.django_db
def test_one_closure_per_day_and_location_or_for_all():
    location = make_location()
    ClosedDay.objects.create(location=location, date=FIRST_DAY)
    ClosedDay.objects.create(location=None, date=FIRST_DAY)
    for other in (location, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClosedDay.objects.create(location=other, date=FIRST_DAY)


# --- Enqueueing and the sweep -------------------------------------------------------------------


@pytest.mark.django_db
def test_enqueue_on_commit_passes_the_id_only(monkeypatch, django_capture_on_commit_callbacks):
    import django_q.tasks

    calls = []
    monkeypatch.setattr(django_q.tasks, "async_task", lambda *a, **kw: calls.append((a, kw)))
    application = make_application(make_location())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invitation_enqueue(application.pk)
    assert calls == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert calls == [
        (
            ("appointments.tasks.send_invitation", application.pk),
            {"task_name": f"invitation-{application.pk}"},
        )
    ]
    assert InvitationJob.objects.get().enqueued_at is not None


@pytest.mark.django_db
def test_the_sweep_enqueues_the_waiting_requests_most_urgent_first(
    monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    location = make_location()
    now = timezone.now()
    received = now - timedelta(days=3)

    def waiting(title, submitted_at=received, **fields):
        return make_application(
            location, current_title_valid_until=title, submitted_at=submitted_at, **fields
        ).pk

    no_title = waiting(None)
    no_title_older = waiting(None, submitted_at=received - timedelta(1))
    later = waiting(date(2026, 9, 1))
    soon = waiting(date(2026, 7, 1))
    soon_older = waiting(date(2026, 7, 1), submitted_at=received - timedelta(1))
    waiting(date(2026, 6, 1), status="in_review")  # not complete
    given_up = waiting(date(2026, 6, 1))
    InvitationJob.objects.create(application_id=given_up, attempts=5, last_error="x")
    in_queue = waiting(date(2026, 6, 1))  # enqueued a minute ago, no worker yet
    InvitationJob.objects.create(application_id=in_queue, enqueued_at=now - timedelta(minutes=1))
    lost = waiting(date(2026, 6, 2))  # enqueued two hours ago, never started
    InvitationJob.objects.create(application_id=lost, enqueued_at=now - timedelta(hours=2))
    failed = waiting(date(2026, 6, 3))  # started after it was enqueued, and failed
    InvitationJob.objects.create(
        application_id=failed,
        attempts=1,
        enqueued_at=now - timedelta(minutes=11),
        attempted_at=now - timedelta(minutes=10),
    )
    invited = waiting(date(2026, 6, 1))  # has its letter
    appointment = Appointment.objects.create(
        application_id=invited,
        location=location,
        starts_at=at(FIRST_DAY, 8),
        ends_at=at(FIRST_DAY, 8, 30),
        desk=1,
        code_digest="x",
    )
    InvitationLetter.objects.create(
        application_id=invited, appointment=appointment, language="de", file="letters/x.pdf"
    )

    expected = [lost, failed, soon_older, soon, later, no_title_older, no_title]
    assert services.invitation_backlog(now=now) == expected
    # The order is the one of the pure rule.
    rows = Application.objects.filter(pk__in=expected)
    by_rule = sorted(
        rows,
        key=lambda a: services.rules.invitation_order_key(
            title_valid_until=a.current_title_valid_until, submitted_at=a.submitted_at, id=a.pk
        ),
    )
    assert [a.pk for a in by_rule] == expected

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.invitation_sweep() == len(expected)
    assert enqueued == expected
    # Enqueued now: the next sweep leaves them alone while they wait in the queue.
    enqueued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.invitation_sweep() == 0
    assert enqueued == []


@pytest.mark.django_db
def test_the_sweep_is_scheduled_every_ten_minutes():
    from django_q.models import Schedule

    migration = importlib.import_module("appointments.migrations.0004_invitation_sweep_schedule")
    Schedule.objects.filter(name="invitation-sweep").delete()
    migration.schedule(apps, None)
    migration.schedule(apps, None)  # idempotent
    schedule = Schedule.objects.get(name="invitation-sweep")
    assert (schedule.func, schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        "appointments.tasks.invitation_sweep",
        Schedule.MINUTES,
        10,
        -1,
    )


# --- The slot search on the database's rows -------------------------------------------------


@pytest.mark.django_db
def test_the_slot_search_sees_only_booked_appointments_of_its_location(friday):
    location = make_location()
    other = make_location("Anderer Standort (fiktiv)")
    slot = {"starts_at": at(FIRST_DAY, 8), "ends_at": at(FIRST_DAY, 8, 30), "desk": 1}
    Appointment.objects.create(
        application=make_application(other), location=other, code_digest="x", **slot
    )
    Appointment.objects.create(
        application=make_application(location),
        location=location,
        code_digest="y",
        status="cancelled",
        **slot,
    )
    found = services.appointment_slot_find(location=location, kind="renewal", now=timezone.now())
    assert (found.starts_at, found.desk) == (at(FIRST_DAY, 8), 1)
