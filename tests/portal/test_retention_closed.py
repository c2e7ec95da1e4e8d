"""Closed requests are anonymised after the retention period, files included (frozen clock)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import TestCase
from django.utils import timezone
from pypdf import PdfReader

from applications import casework
from applications.constants import Status
from applications.models import Application, Upload
from appointments import printing
from appointments import services as appointment_services
from appointments import tasks as appointment_tasks
from appointments.models import InvitationLetter
from portal.site.retention import closed_requests_anonymise
from tests.applications.requests import member_of
from tests.appointments.booking import print_staff, with_address
from tests.appointments.building import make_application, make_location
from tests.journeys import step_answers, walk

pytestmark = pytest.mark.django_db


def test_closed_requests_lose_their_personal_data_and_files_after_the_period(
    client, django_user_model
):
    walk(client, "renewal", step_answers("renewal"), upload=True)
    application = Application.objects.get()
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    files = [Upload.objects.get().file.name, application.receipt.name]
    assert all(default_storage.exists(name) for name in files)
    casework.application_transition(
        application_id=application.pk, target=Status.WITHDRAWN, by=caseworker
    )

    with time_machine.travel(timezone.now() + timedelta(days=729), tick=False):
        assert closed_requests_anonymise(days=730) == 0
    with (
        time_machine.travel(timezone.now() + timedelta(days=731), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert closed_requests_anonymise(days=730) == 1

    application.refresh_from_db()
    assert application.surname == "–"
    assert application.passport_number == ""
    assert "Yılmaz" not in str(application.answers)
    assert application.reference  # the bare record stays
    assert not Upload.objects.exists()
    assert not any(default_storage.exists(name) for name in files)


def test_open_requests_are_never_anonymised(client):
    walk(client, "renewal", step_answers("renewal"))
    with time_machine.travel(timezone.now() + timedelta(days=5000), tick=False):
        assert closed_requests_anonymise(days=730) == 0
    assert Application.objects.get().surname == "Yılmaz"


# --- Every file of the request, in every app (issue 16, item 4) -----------------------------


def test_every_app_declares_how_its_files_are_removed():
    from portal import personal_files

    assert {hooks.app for hooks in personal_files.registered()} >= {"applications", "appointments"}


# Every file field of the project and the hook that removes it (a new field must join one).
FILE_FIELDS_REMOVED_BY_RETENTION = {
    "applications.Application.receipt": "applications/retention.py",
    "applications.Application.release_declaration": "applications/retention.py",
    "applications.Upload.file": "applications/retention.py",
    "applications.FictionCertificate.file": "applications/retention.py",
    "applications.DocumentRequest.letter": "applications/retention.py",
    "appointments.InvitationLetter.file": "appointments/retention.py",
    "appointments.PrintBatch.file": "appointments/retention.py (made again)",
}


def test_every_file_field_of_the_project_has_a_retention_hook():
    from django.apps import apps
    from django.db.models import FileField

    fields = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    }
    assert fields == set(FILE_FIELDS_REMOVED_BY_RETENTION)


def stored_files(root) -> dict[str, bytes]:
    """Every file under the storage folder, by storage name, decrypted by the storage."""
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            name = path.relative_to(root).as_posix()
            with default_storage.open(name) as handle:
                files[name] = handle.read()
    return files


def readable_text(content: bytes) -> str:
    """The text of a PDF's pages (and its raw bytes, for anything else)."""
    if content.startswith(b"%PDF-"):
        reader = PdfReader(io.BytesIO(content))
        return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    return content.decode("latin-1")


def test_after_anonymisation_the_storage_holds_nothing_of_the_request(
    client, django_user_model, letter_storage
):
    location = make_location()
    walk(client, "renewal", step_answers("renewal"), upload=True)
    request = Application.objects.get()
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    casework.documents_request(application_id=request.pk, by=caseworker)
    casework.fiction_certificate_issue(
        application_id=request.pk,
        effect="title_continues",
        valid_until=timezone.localdate() + timedelta(days=90),
        by=caseworker,
    )
    Application.objects.filter(pk=request.pk).update(status="documents_complete", location=location)
    other = make_application(location, **with_address("90489", "Zeller"))
    for application in (request, other):
        assert appointment_tasks.send_invitation(application.pk) == appointment_services.INVITED
    batch = printing.print_batch_create(by=print_staff(django_user_model))
    assert printing.print_batch_make(batch.pk) == printing.READY
    batch.refresh_from_db()
    request.refresh_from_db()

    secrets = [request.reference, "Yılmaz", "U12345678"]
    before = stored_files(letter_storage)
    # The request left files in both apps: upload, receipt, request for documents, fiction
    # certificate, invitation letter, and its pages in the print batch.
    of_request = [
        Upload.objects.get().file.name,
        request.receipt.name,
        request.document_requests.get().letter.name,
        request.fiction_certificates.get().file.name,
        InvitationLetter.objects.get(application=request).file.name,
        batch.file.name,
    ]
    assert set(of_request) <= set(before)
    for name in of_request[1:]:
        assert request.reference in readable_text(before[name]), name
    casework.application_transition(
        application_id=request.pk, target=Status.WITHDRAWN, by=caseworker
    )

    with (
        time_machine.travel(timezone.now() + timedelta(days=731), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert closed_requests_anonymise(days=730) == 1

    after = stored_files(letter_storage)
    for name, content in after.items():
        text = readable_text(content)
        for secret in secrets:
            assert secret not in text, (name, secret)
    assert not set(of_request) & set(after)
    # The other request's letter is kept, and its print batch made again without the request.
    batch.refresh_from_db()
    assert batch.file.name in after
    batch_text = readable_text(after[batch.file.name])
    assert "Zeller" in batch_text
    assert other.reference in batch_text
    other_letter = InvitationLetter.objects.get(application=other)
    assert other_letter.file.name in after
    assert InvitationLetter.objects.get(application=request).file.name == ""
    assert not printing.pending_letters().exists()  # a removed letter never waits for print


def test_a_print_batch_whose_letters_are_all_past_retention_loses_its_file(
    client, django_user_model, letter_storage
):
    location = make_location()
    walk(client, "renewal", step_answers("renewal"))
    request = Application.objects.get()
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    Application.objects.filter(pk=request.pk).update(status="documents_complete", location=location)
    assert appointment_tasks.send_invitation(request.pk) == appointment_services.INVITED
    batch = printing.print_batch_create(by=print_staff(django_user_model))
    assert printing.print_batch_make(batch.pk) == printing.READY
    batch.refresh_from_db()
    batch_file = batch.file.name
    casework.application_transition(
        application_id=request.pk, target=Status.WITHDRAWN, by=caseworker
    )

    with (
        time_machine.travel(timezone.now() + timedelta(days=731), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert closed_requests_anonymise(days=730) == 1

    batch.refresh_from_db()
    assert batch.file.name == ""
    assert batch.count == 1  # the record of what was printed stays
    assert not default_storage.exists(batch_file)
    assert not [name for name in stored_files(letter_storage) if name.startswith("letters/")]


def test_a_batch_that_cannot_be_made_again_is_tried_again_by_the_next_run(
    client, django_user_model, letter_storage, monkeypatch
):
    from appointments import retention as appointment_retention

    location = make_location()
    walk(client, "renewal", step_answers("renewal"))
    request = Application.objects.get()
    caseworker = member_of(django_user_model, "Sachbearbeitung", "cw")
    Application.objects.filter(pk=request.pk).update(status="documents_complete", location=location)
    other = make_application(location, **with_address("90489", "Zeller"))
    for application in (request, other):
        appointment_tasks.send_invitation(application.pk)
    batch = printing.print_batch_create(by=print_staff(django_user_model))
    printing.print_batch_make(batch.pk)
    batch.refresh_from_db()
    old_file = batch.file.name
    casework.application_transition(
        application_id=request.pk, target=Status.WITHDRAWN, by=caseworker
    )

    def broken_merge(names, target):
        raise OSError("disk full")

    later = timezone.now() + timedelta(days=731)
    with monkeypatch.context() as patched:
        patched.setattr(printing, "merge_letters", broken_merge)
        with (
            time_machine.travel(later, tick=False),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            assert closed_requests_anonymise(days=730) == 1
    batch.refresh_from_db()
    assert batch.file.name == old_file  # kept for now, and found again from the database
    assert list(appointment_retention.batches_with_removed_letters()) == [batch]

    with (
        time_machine.travel(later + timedelta(days=1), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert closed_requests_anonymise(days=730) == 0  # nothing new; the batch is settled
    batch.refresh_from_db()
    assert batch.file.name not in ("", old_file)
    assert not default_storage.exists(old_file)
    assert "Yılmaz" not in readable_text(stored_files(letter_storage)[batch.file.name])
