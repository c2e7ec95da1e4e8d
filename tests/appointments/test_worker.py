"""End to end with a real django-q2 worker: documents complete -> letter written."""

from __future__ import annotations

import io
import time
from datetime import time as clock_time

import pytest
from django_q.models import Task

from applications import casework
from applications.models import Application
from appointments.models import Appointment, InvitationJob, InvitationLetter, OpeningHours
from appointments.services import invitation_enqueue
from tests.appointments.building import letter_files, stored
from tests.journeys import step_answers, walk

TIMEOUT = 90  # seconds: the worker renders a PDF (WeasyPrint imports on first use)


def wait_for(condition, cluster, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} not within {TIMEOUT} s; worker log:\n{cluster.log()}")


@pytest.mark.worker
def test_the_worker_invites_once_the_documents_are_complete(
    letter_storage, qcluster, client, django_user_model
):
    from appointments.demo import demo_locations_ensure

    for location in demo_locations_ensure():
        for weekday in range(5):
            OpeningHours.objects.create(
                location=location, weekday=weekday, opens=clock_time(8), closes=clock_time(16)
            )
    walk(client, "renewal", step_answers("renewal"))
    application = Application.objects.get()
    assert application.location is not None
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    for item in application.document_declarations.all():
        casework.document_review(
            application_id=application.pk, declaration_id=item.pk, state="verified", by=caseworker
        )
    application.refresh_from_db()
    assert application.status == "documents_complete"

    invitation_enqueue(application.pk)  # autocommit: on commit means now

    wait_for(
        lambda: InvitationLetter.objects.filter(application=application).exists(),
        qcluster,
        "the invitation letter",
    )
    letter = InvitationLetter.objects.get()
    appointment = Appointment.objects.get()
    assert letter.appointment == appointment
    assert appointment.location == application.location
    assert letter_files(letter_storage) == [letter_storage / letter.file.name]
    assert stored(letter.file.name).startswith(b"%PDF-")
    application.refresh_from_db()
    assert application.status == "invited"
    assert InvitationJob.objects.get().done_at is not None

    # The queue's own rows carry the id only.
    wait_for(
        lambda: Task.objects.filter(func="appointments.tasks.send_invitation").exists(),
        qcluster,
        "the task's result",
    )
    for task in Task.objects.filter(func="appointments.tasks.send_invitation"):
        assert task.name == f"invitation-{application.pk}"
        assert task.args == (application.pk,)
        assert task.result in {"invited", "already_done"}
        assert application.surname not in str(task.result)

    # Enqueued again (the sweep, a second delivery): still one appointment and one letter.
    invitation_enqueue(application.pk)
    wait_for(
        lambda: Task.objects.filter(func="appointments.tasks.send_invitation").count() >= 2,
        qcluster,
        "the second run",
    )
    assert Appointment.objects.count() == 1
    assert InvitationLetter.objects.count() == 1


@pytest.mark.worker
def test_the_worker_makes_the_print_batch(letter_storage, qcluster, django_user_model):
    from pypdf import PdfReader

    from appointments import printing
    from appointments.models import PrintBatch
    from tests.appointments.booking import at, invited, print_staff, waiting_letter
    from tests.appointments.building import FIRST_DAY, make_location

    location = make_location()
    waiting = [waiting_letter(*invited(location, at(FIRST_DAY, hour))[:2]) for hour in (8, 9, 10)]

    batch = printing.print_batch_create(by=print_staff(django_user_model))  # autocommit
    assert batch.status == "preparing"

    wait_for(
        lambda: PrintBatch.objects.filter(pk=batch.pk, status="ready").exists(),
        qcluster,
        "the print batch",
    )
    batch.refresh_from_db()
    assert len(PdfReader(io.BytesIO(stored(batch.file.name))).pages) == 3
    assert batch.attempts == 1
    for letter in waiting:
        letter.refresh_from_db()
        assert (letter.print_batch, letter.printed_at is not None) == (batch, True)
    wait_for(
        lambda: Task.objects.filter(func="appointments.tasks.print_batch_make").exists(),
        qcluster,
        "the task's result",
    )
    task = Task.objects.get(func="appointments.tasks.print_batch_make")
    assert (task.name, task.args, task.result) == (f"print-batch-{batch.pk}", (batch.pk,), "ready")
