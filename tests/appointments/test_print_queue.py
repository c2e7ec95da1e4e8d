"""The print queue (issue "appointments", item 4): one PDF per batch, in postcode order,
every letter printed once, reprints with a reason, and print staff who never see a request."""

from __future__ import annotations

import gc
import io
import shutil
import threading
import weakref
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_q.models import OrmQ
from pypdf import PdfReader

from applications.models import Upload
from appointments import letters, printing
from appointments.models import InvitationLetter, PrintBatch, PrintBatchStatus, PrintReprint
from portal.models import AuditEvent
from tests.appointments.booking import (
    at,
    invited,
    pdf_pages,
    print_staff,
    waiting_letter,
    with_address,
)
from tests.appointments.building import FIRST_DAY, make_location, stored
from tests.staff import staff_client
from tests.staff_links import dead_links


def slot(index: int):
    """A distinct start time for the index-th appointment (the table checks no opening hours)."""
    return at(FIRST_DAY, 8) + timedelta(minutes=30 * index)


def worker_made(batch: PrintBatch | None) -> PrintBatch:
    """What the worker does with a batch being prepared (its task, called directly)."""
    assert batch is not None
    assert batch.status == PrintBatchStatus.PREPARING
    assert printing.print_batch_make(batch.pk) == printing.READY
    batch.refresh_from_db()
    return batch


def _download(client, batch: PrintBatch) -> bytes:
    response = client.get(reverse("admin:appointments_printbatch_download", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


# --- One batch: one PDF, postcode order, letters marked printed --------------------------


@pytest.mark.django_db
def test_a_batch_is_one_pdf_of_all_waiting_letters_in_postcode_order(
    letter_storage, django_user_model, django_capture_on_commit_callbacks
):
    location = make_location()
    recipients = [  # (postcode, surname, reference): created out of order on purpose
        ("90489", "Zeller", "A"),
        ("10115", "Berger", "B"),
        ("90403", "Müller", "D"),
        ("90403", "Schulz", "C"),
    ]
    made = {}
    for hour, (postcode, surname, suffix) in enumerate(recipients, start=8):
        application, appointment, _code = invited(
            location, at(FIRST_DAY, hour), **with_address(postcode, surname)
        )
        # The reference decides within a postcode: give the two in 90403 a known order.
        application.reference = f"{suffix}{application.reference[1:]}"
        application.save(update_fields=["reference"])
        made[surname] = waiting_letter(application, appointment)
    staff = print_staff(django_user_model)
    client = staff_client(staff)
    client.cookies["portal_language"] = "en"  # the assertions read the English texts

    queue = client.get(reverse("admin:appointments_invitationletter_changelist"))
    assert queue.status_code == 200
    html = queue.content.decode()
    for surname in made:
        assert surname in html
    assert html.index("Berger") < html.index("Schulz") < html.index("Müller") < html.index("Zeller")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:appointments_invitationletter_print_batch"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:appointments_printbatch_changelist")
    batch = PrintBatch.objects.get()
    assert (batch.count, batch.created_by, batch.status) == (4, staff, "preparing")
    # The worker's task is enqueued with the batch's id only.
    queued = OrmQ.objects.get()
    assert (queued.func(), queued.args()) == ("appointments.tasks.print_batch_make", (batch.pk,))
    preparing = client.get(reverse("admin:appointments_printbatch_changelist")).content.decode()
    assert "being prepared" in preparing
    assert reverse("admin:appointments_printbatch_download", args=[batch.pk]) not in preparing
    assert not printing.pending_letters().exists()  # reserved for the batch

    batch = worker_made(batch)
    assert batch.file.name.startswith("letters/batches/")
    assert batch.status == "ready"

    pages = pdf_pages(_download(client, batch))
    assert len(pages) == 4  # one page per German letter
    order = [next(s for s in made if s in page) for page in pages]
    # 10115, then 90403 by reference (C before D), then 90489.
    assert order == ["Berger", "Schulz", "Müller", "Zeller"]

    for letter in made.values():
        letter.refresh_from_db()
        assert letter.print_batch == batch
        assert letter.printed_at is not None
    assert not printing.pending_letters().exists()

    # The batch list shows the count; the audit trail the batch, never a name.
    listing = client.get(reverse("admin:appointments_printbatch_changelist")).content.decode()
    assert reverse("admin:appointments_printbatch_download", args=[batch.pk]) in listing
    made_event = AuditEvent.objects.get(action="letter")
    assert (made_event.object_type, made_event.object_id) == (
        "appointments.printbatch",
        str(batch.pk),
    )
    assert made_event.detail == "print_batch:4"
    assert AuditEvent.objects.filter(action="download", detail="print_batch").count() == 1
    for event in AuditEvent.objects.all():
        for value in (event.detail, event.object_id, event.actor_label):
            assert not any(surname in value for surname in made)


@pytest.mark.django_db
def test_a_second_batch_right_after_contains_nothing(letter_storage, django_user_model):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 8))
    waiting_letter(application, appointment)
    staff = print_staff(django_user_model)
    first = printing.print_batch_create(by=staff)
    assert first.count == 1
    assert printing.print_batch_create(by=staff) is None
    assert PrintBatch.objects.count() == 1

    client = staff_client(staff)
    client.cookies["portal_language"] = "en"  # the assertions read the English texts
    response = client.post(reverse("admin:appointments_invitationletter_print_batch"), follow=True)
    assert PrintBatch.objects.count() == 1
    assert "No letter is waiting" in response.content.decode()


@pytest.mark.django_db
def test_a_batch_takes_at_most_the_limit_and_the_rest_waits(
    letter_storage, django_user_model, settings
):
    settings.PRINT_BATCH_MAX_LETTERS = 2
    location = make_location()
    pdf = None
    for hour in (8, 9, 10):
        application, appointment, _code = invited(location, at(FIRST_DAY, hour))
        letter = waiting_letter(application, appointment, pdf=pdf)
        pdf = pdf or stored(letter.file.name)
    staff = print_staff(django_user_model)
    assert printing.print_batch_create(by=staff).count == 2
    assert printing.print_batch_create(by=staff).count == 1
    assert printing.print_batch_create(by=staff) is None


# --- Two staff at once -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_never_print_a_letter_twice(
    letter_storage, django_user_model, monkeypatch
):
    location = make_location()
    first_app, first_appointment, _code = invited(location, at(FIRST_DAY, 8))
    template = waiting_letter(first_app, first_appointment)
    pdf = stored(template.file.name)
    for index in range(1, 40):
        application, appointment, _code = invited(location, slot(index))
        waiting_letter(application, appointment, pdf=pdf)
    staff = [print_staff(django_user_model, f"post{number}") for number in range(4)]

    # Recording the batch takes a moment, so that every thread is inside its
    # transaction, with its letters locked, at once.
    record = printing.audit
    start = threading.Barrier(len(staff))

    def slow_audit(**kwargs):
        record(**kwargs)
        threading.Event().wait(0.3)

    monkeypatch.setattr(printing, "audit", slow_audit)
    results, errors = [], []

    def press(user):
        try:
            start.wait()
            results.append(printing.print_batch_create(by=user))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    batches = [batch for batch in results if batch is not None]
    assert batches, "at least one batch was made"
    assert sum(batch.count for batch in batches) == 40
    per_batch = {
        batch.pk: set(
            InvitationLetter.objects.filter(print_batch=batch).values_list("pk", flat=True)
        )
        for batch in batches
    }
    seen: set[int] = set()
    for batch in batches:
        ids = per_batch[batch.pk]
        assert len(ids) == batch.count
        assert not (ids & seen), "a letter in two batches"
        seen |= ids
        batch = worker_made(batch)
        assert len(PdfReader(io.BytesIO(stored(batch.file.name))).pages) == batch.count
    assert seen == set(
        InvitationLetter.objects.exclude(printed_at=None)
        .exclude(print_batch=None)
        .values_list("pk", flat=True)
    )
    assert not printing.pending_letters().exists()


# --- Reprints --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reprint_records_its_reason_and_makes_no_new_letters(letter_storage, django_user_model):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 8))
    waiting_letter(application, appointment)
    staff = print_staff(django_user_model)
    batch = worker_made(printing.print_batch_create(by=staff))
    letters_before = InvitationLetter.objects.count()
    client = staff_client(staff)
    client.cookies["portal_language"] = "en"  # the assertions read the English texts
    url = reverse("admin:appointments_printbatch_reprint", args=[batch.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Printer fault or paper jam" in page.content.decode()

    # "Other" needs a note: refused, nothing recorded.
    refused = client.post(url, {"reason": "other", "note": "  "})
    assert refused.status_code == 400
    assert not PrintReprint.objects.exists()
    # A note too long is told so, once (not also "describe the other reason").
    too_long = client.post(url, {"reason": "other", "note": "x" * 201}).content.decode()
    assert "at most 200 characters" in too_long
    assert "Describe the other reason" not in too_long
    assert not PrintReprint.objects.exists()

    response = client.post(url, {"reason": "printer_fault", "note": "Papierstau Drucker 2"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content)
    assert content == stored(batch.file.name)

    reprint = PrintReprint.objects.get()
    assert (reprint.batch, reprint.reason, reprint.note, reprint.created_by) == (
        batch,
        "printer_fault",
        "Papierstau Drucker 2",
        staff,
    )
    event = AuditEvent.objects.get(action="letter", detail__startswith="reprint:")
    assert event.detail == f"reprint:printer_fault:{reprint.pk}"
    assert (event.object_type, event.object_id, event.actor_id) == (
        "appointments.printbatch",
        str(batch.pk),
        staff.pk,
    )
    assert "Papierstau" not in event.detail  # the note stays in its row
    assert InvitationLetter.objects.count() == letters_before
    assert PrintBatch.objects.count() == 1

    listing = client.get(reverse("admin:appointments_printbatch_changelist")).content.decode()
    assert 'class="field-reprint_count">1</td>' in listing
    detail = client.get(reverse("admin:appointments_printbatch_change", args=[batch.pk]))
    assert "Papierstau Drucker 2" in detail.content.decode()
    # Who made the batch and the reprint is named, not linked to a page print staff
    # may not open.
    assert staff.get_username() in detail.content.decode()
    assert dead_links(client, detail.content.decode()) == []


# --- Memory: merged from the stored files, one at a time -----------------------------------------


@pytest.mark.django_db
def test_a_batch_of_200_letters_is_merged_from_the_stored_files_one_at_a_time(
    letter_storage, django_user_model, monkeypatch
):
    location = make_location()
    first_app, first_appointment, _code = invited(location, at(FIRST_DAY, 8))
    template = waiting_letter(first_app, first_appointment)
    source = letter_storage / template.file.name
    for index in range(1, 200):
        application, appointment, _code = invited(location, slot(index))
        name = letters.letter_file_name(timezone.now())
        (letter_storage / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, letter_storage / name)  # a stored letter, not rendered again
        InvitationLetter.objects.create(
            application=application,
            appointment=appointment,
            kind="confirmation",
            language="de",
            file=name,
        )

    # No rendering: the batch is made from the stored PDFs.
    def no_rendering(*args, **kwargs):
        raise AssertionError("a print batch must not render letters")

    monkeypatch.setattr("portal.pdf.render_html_to_pdf", no_rendering)
    monkeypatch.setattr(letters, "invitation_pdf", no_rendering)
    monkeypatch.setattr(letters, "confirmation_pdf", no_rendering)
    # One stored letter open at a time, each closed before the next is opened.
    from django.core.files.storage import default_storage

    open_now, most_open, opened = 0, 0, []

    class Tracked:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self.handle.__enter__()

        def __exit__(self, *exc):
            nonlocal open_now
            open_now -= 1
            return self.handle.__exit__(*exc)

    # A parsed letter is let go once its pages are copied: pypdf's writer would otherwise
    # keep every source document alive until the end.
    import pypdf

    readers, most_alive = [], 0
    real_reader = pypdf.PdfReader

    def tracked_reader(*args, **kwargs):
        reader = real_reader(*args, **kwargs)
        readers.append(weakref.ref(reader))
        return reader

    monkeypatch.setattr(pypdf, "PdfReader", tracked_reader)

    class TrackingStorage:
        def open(self, name, mode="rb"):
            nonlocal open_now, most_open, most_alive
            if len(opened) % 25 == 24:
                gc.collect()
                most_alive = max(most_alive, sum(ref() is not None for ref in readers))
            opened.append(name)
            open_now += 1
            most_open = max(most_open, open_now)
            return Tracked(default_storage.open(name, mode))

    monkeypatch.setattr(printing, "default_storage", TrackingStorage())
    # The letters reach the merge lazily (a generator), not as a list of documents.
    seen_types = []
    merge = printing.merge_letters

    def spy(names, target):
        seen_types.append(type(names).__name__)
        return merge(names, target)

    monkeypatch.setattr(printing, "merge_letters", spy)

    batch = worker_made(printing.print_batch_create(by=print_staff(django_user_model)))

    assert batch.count == 200
    assert len(opened) == 200
    assert most_open == 1
    assert len(readers) == 200
    assert most_alive == 0
    assert seen_types == ["list"]  # of file names: the documents are opened one at a time
    monkeypatch.undo()
    reader = PdfReader(io.BytesIO(stored(batch.file.name)))
    assert len(reader.pages) == 200
    for page in (reader.pages[0], reader.pages[99], reader.pages[199]):
        assert first_app.surname in page.extract_text()
    # No temporary file is left next to the batch.
    folder = (letter_storage / batch.file.name).parent
    assert [path.name for path in folder.iterdir()] == [batch.file.name.rsplit("/", 1)[1]]


def test_the_merge_is_streamed_its_memory_does_not_grow_with_the_letters(tmp_path, settings):
    """Six times the letters, not much more memory (a page-by-page copy took 115-150 kB a letter).

    What stays is a number or two per written object; what is let go waits at
    most for the next garbage collection, hence some room in the bound.
    """
    import tempfile
    import tracemalloc
    from dataclasses import replace

    from tests.appointments.building import FACTS

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    english = letters.invitation_pdf(replace(FACTS, language="en"))  # two pages
    german = letters.invitation_pdf(FACTS)
    now = timezone.now()
    names = [letters.letter_store(german if i % 2 else english, now=now) for i in range(48)]

    def merged(count: int) -> tuple[int, bytes]:
        with tempfile.TemporaryFile() as target:  # as the worker: a file, not memory
            tracemalloc.start()
            pages = printing.merge_letters(iter(names[:count]), target)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert pages == count + count // 2
            target.seek(0)
            return peak, target.read()

    small_peak, _small = merged(8)
    large_peak, large = merged(48)
    assert large_peak < 2 * small_peak, (small_peak, large_peak)
    reader = PdfReader(io.BytesIO(large))
    assert len(reader.pages) == 72
    assert "Guten Tag Ayşe Yılmaz" in reader.pages[0].extract_text()
    assert "Dear Ayşe Yılmaz" in reader.pages[1].extract_text()
    assert "Guten Tag Ayşe Yılmaz" in reader.pages[71].extract_text()
    assert reader.pages[71].mediabox == reader.pages[0].mediabox
    # The QR code is the same in every letter: written once, shared by every page.
    images = {
        page["/Resources"]["/XObject"].raw_get(name).idnum
        for page in reader.pages
        if "/XObject" in page["/Resources"]
        for name in page["/Resources"]["/XObject"]
        if page["/Resources"]["/XObject"][name]["/Subtype"] == "/Image"
    }
    assert len(images) == 1
    assert len(large) < 48 * len(german)


@pytest.mark.django_db
def test_a_batch_that_cannot_be_recorded_leaves_the_letters_waiting(
    letter_storage, django_user_model, monkeypatch
):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 8))
    waiting_letter(application, appointment)

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(PrintBatch.objects, "create", broken)
    with pytest.raises(RuntimeError):
        printing.print_batch_create(by=print_staff(django_user_model))
    assert printing.pending_letters().count() == 1


def batch_files(letter_storage) -> list:
    batches = letter_storage / "letters" / "batches"
    return [path for path in batches.rglob("*") if path.is_file()] if batches.exists() else []


@pytest.mark.django_db
def test_a_batch_the_worker_cannot_make_fails_and_its_letters_wait_again(
    letter_storage, django_user_model
):
    location = make_location()
    first = waiting_letter(*invited(location, at(FIRST_DAY, 8))[:2])
    waiting_letter(*invited(location, at(FIRST_DAY, 9))[:2])
    (letter_storage / first.file.name).unlink()  # a letter's file is unreadable
    staff = print_staff(django_user_model)
    batch = printing.print_batch_create(by=staff)

    with pytest.raises(printing.PrintBatchFailed) as failed:
        printing.print_batch_make(batch.pk)

    assert str(failed.value) == f"print batch failed: batch={batch.pk} error=FileNotFoundError"
    batch.refresh_from_db()
    assert (batch.status, batch.file.name, batch.attempts) == ("failed", "", 1)
    assert printing.pending_letters().count() == 2  # back in the queue, not printed
    assert not InvitationLetter.objects.filter(print_batch=batch).exists()
    assert batch_files(letter_storage) == []
    # Delivered again (at least once): nothing more happens.
    assert printing.print_batch_make(batch.pk) == printing.ALREADY_DONE

    client = staff_client(staff)
    client.cookies["portal_language"] = "en"
    listing = client.get(reverse("admin:appointments_printbatch_changelist")).content.decode()
    assert "failed: the letters are back in the queue" in listing


@pytest.mark.django_db
def test_a_batch_made_twice_is_made_once(letter_storage, django_user_model):
    location = make_location()
    waiting_letter(*invited(location, at(FIRST_DAY, 8))[:2])
    batch = worker_made(printing.print_batch_create(by=print_staff(django_user_model)))
    assert printing.print_batch_make(batch.pk) == printing.ALREADY_DONE
    assert printing.print_batch_make(batch.pk + 1000) == printing.GONE
    assert len(batch_files(letter_storage)) == 1


@pytest.mark.django_db
def test_a_batch_whose_attempts_are_used_up_gives_its_letters_back(
    letter_storage, django_user_model, settings
):
    settings.PRINT_BATCH_MAX_ATTEMPTS = 2
    location = make_location()
    waiting_letter(*invited(location, at(FIRST_DAY, 8))[:2])
    batch = printing.print_batch_create(by=print_staff(django_user_model))
    # Two workers died in the middle of it: each used an attempt up.
    PrintBatch.objects.filter(pk=batch.pk).update(attempts=2)

    assert printing.print_batch_make(batch.pk) == printing.GAVE_UP

    batch.refresh_from_db()
    assert batch.status == "failed"
    assert printing.pending_letters().count() == 1
    assert (
        worker_made(printing.print_batch_create(by=print_staff(django_user_model, "post2"))).count
        == 1
    )


@pytest.mark.django_db
def test_the_sweep_enqueues_batches_whose_task_was_lost(letter_storage, django_user_model):
    location = make_location()
    for hour in (8, 9):
        waiting_letter(*invited(location, at(FIRST_DAY, hour))[:2])
    staff = print_staff(django_user_model)
    stuck = printing.print_batch_create(by=staff)
    PrintBatch.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - printing.SWEEP_AFTER - timedelta(minutes=1)
    )
    OrmQ.objects.all().delete()

    assert printing.print_batch_sweep() == 1
    assert [task.args() for task in OrmQ.objects.all()] == [(stuck.pk,)]
    worker_made(stuck)
    assert printing.print_batch_sweep() == 0  # a ready batch is left alone


# --- Print staff see letters, never requests ----------------------------------------------------


def test_print_staff_have_the_print_permissions_and_nothing_of_the_requests(db):
    group = Group.objects.get(name="Poststelle")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("appointments", "view_invitationletter"),
        ("appointments", "view_printbatch"),
        ("appointments", "add_printbatch"),
        ("appointments", "view_printreprint"),
        ("appointments", "add_printreprint"),
    }


@pytest.mark.django_db
def test_print_staff_open_the_queue_and_batches_but_never_a_request(
    letter_storage, django_user_model
):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 8))
    letter = waiting_letter(application, appointment)
    upload = Upload.objects.create(
        application=application,
        requirement="passport",
        file="uploads/x.pdf",
        display_name="pass.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    staff = print_staff(django_user_model)
    client = staff_client(staff)
    client.cookies["portal_language"] = "en"  # the assertions read the English texts

    # The queue and the letter: name and postal address, no answers of the request.
    for url in (
        reverse("admin:appointments_invitationletter_changelist"),
        reverse("admin:appointments_invitationletter_change", args=[letter.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Yılmaz" in html
        assert "Äußere Laufer Gasse 1" in html
        assert "U12345678" not in html  # passport number
        assert "14.03.1990" not in html  # date of birth
        assert "/admin/applications/application/" not in html
    batch = worker_made(printing.print_batch_create(by=staff))
    assert client.get(reverse("admin:appointments_printbatch_changelist")).status_code == 200
    assert _download(client, batch).startswith(b"%PDF-")

    # The request itself, its files and letters: refused. (The change page of a request
    # answers 404 to anyone outside its locations, as if it did not exist.)
    change = reverse("admin:applications_application_change", args=[application.pk])
    assert client.get(change).status_code in (403, 404)
    assert "Yılmaz" not in client.get(change).content.decode()
    for url in (
        reverse("admin:applications_application_changelist"),
        reverse("applications:upload-download", args=[upload.pk]),
        reverse("applications:staff-letter", kwargs={"kind": "request", "pk": 1}),
        reverse("applications:release-declaration", kwargs={"reference": application.reference}),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.django_db
def test_a_caseworker_without_the_print_permission_cannot_make_a_batch(
    letter_storage, django_user_model
):
    location = make_location()
    application, appointment, _code = invited(location, at(FIRST_DAY, 8))
    waiting_letter(application, appointment)
    caseworker = django_user_model.objects.create_user("cw", password="x" * 14, is_staff=True)
    caseworker.groups.add(Group.objects.get(name="Sachbearbeitung"))
    client = staff_client(caseworker)
    assert (
        client.post(reverse("admin:appointments_invitationletter_print_batch")).status_code == 403
    )
    assert client.get(reverse("admin:appointments_invitationletter_changelist")).status_code == 403
    assert not PrintBatch.objects.exists()
    assert printing.pending_letters().count() == 1


@pytest.mark.django_db
def test_the_print_batch_button_answers_post_only(django_user_model):
    client = staff_client(print_staff(django_user_model))
    assert client.get(reverse("admin:appointments_invitationletter_print_batch")).status_code == 405


# --- The lead time counts from printing -----------------------------------------------------


def test_an_invitation_printed_too_late_is_booked_again_before_the_batch(
    letter_storage, django_user_model, monkeypatch, django_capture_on_commit_callbacks
):
    """Letters are dated when written; the lead time is counted from the day they are printed."""
    import time_machine

    from applications.constants import Status
    from appointments import services
    from appointments.models import Appointment, InvitationJob
    from tests.appointments.building import FRIDAY_BEFORE_CORPUS_CHRISTI

    enqueued: list[int] = []
    monkeypatch.setattr(services, "_async_invitation", enqueued.append)
    with time_machine.travel(FRIDAY_BEFORE_CORPUS_CHRISTI, tick=False) as traveller:
        location = make_location()
        # Written on Friday 29 May for Monday 8 June: in time then.
        late_application, late_appointment, _code = invited(location, at(FIRST_DAY, 8))
        InvitationLetter.objects.filter(application=late_application).delete()
        late_letter = waiting_letter(late_application, late_appointment, kind="invitation")
        InvitationJob.objects.create(application=late_application, done_at=timezone.now())
        # Another one far enough ahead to be printed as it is.
        fine_application, fine_appointment, _code = invited(
            location, at(FIRST_DAY + timedelta(days=14), 9)
        )
        InvitationLetter.objects.filter(application=fine_application).delete()
        fine_letter = waiting_letter(fine_application, fine_appointment, kind="invitation")

        # Printed only on Wednesday 3 June: five working days from then is Thursday 11 June.
        traveller.move_to(at(FIRST_DAY - timedelta(days=5), 9))
        with django_capture_on_commit_callbacks(execute=True):
            batch = worker_made(printing.print_batch_create(by=print_staff(django_user_model)))

        assert list(batch.letters.all()) == [fine_letter]
        assert not InvitationLetter.objects.filter(pk=late_letter.pk).exists()
        late_appointment.refresh_from_db()
        assert (late_appointment.status, late_appointment.cancelled_by) == ("cancelled", "office")
        late_application.refresh_from_db()
        assert late_application.status == Status.DOCUMENTS_COMPLETE
        assert enqueued == [late_application.pk]
        # The worker books again: from Thursday 11 June on, and a new letter waits.
        assert services.invitation_issue(application_id=late_application.pk) == services.INVITED
        new = Appointment.objects.get(application=late_application, status="booked")
        assert timezone.localdate(new.starts_at) >= FIRST_DAY + timedelta(days=3)
        assert printing.pending_letters().filter(application=late_application).count() == 1
        # Not an applicant's cancellation: nothing to "invite again".
        assert not services.appointment_facts(late_application.pk).cancelled_by_applicant
