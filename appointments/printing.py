"""The print queue: letters waiting to be printed, print batches and reprints.

- ``pending_letters``: the letters not printed yet, in print order (postcode,
  then reference: the order of the post's sorting).
- ``print_batch_create``: reserves the pending letters (at most
  settings.PRINT_BATCH_MAX_LETTERS, default 1000) for a new batch "being
  prepared" and enqueues ``print_batch_make`` for the worker; the letter rows
  are locked with ``select_for_update(skip_locked=True)``: two staff pressing
  at once get disjoint batches (the second usually none), never a letter
  twice. Merging 1,000 letters takes seconds, too long for a web request.
- ``print_batch_make`` (the worker's task): ONE PDF of the batch's letters,
  stored, the batch "ready" and its letters marked printed, in one
  transaction. It runs at least once and is idempotent; its attempts are
  counted in the batch's row, and a batch that used them all up is "failed"
  and gives its letters back to the queue. ``print_batch_sweep`` enqueues it
  again for a batch whose task was lost.
- ``print_batch_reprint``: the stored batch again, with a reason; no new
  letters, a PrintReprint row and an audit event.

The batch is made from the letters' stored PDFs, not by rendering them again:
``merge_letters`` appends one file at a time to a pypdf PdfWriter (each file
is closed before the next is opened) and writes the result into a temporary
file, which the storage encrypts and stores (letters.file_store), so a batch
of 1,000 letters never has 1,000 parsed documents in memory at once. The
audit trail names the batch and counts, never personal data.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from portal.audit import AuditEvent, audit

from . import letters, services
from .models import InvitationLetter, PrintBatch, PrintBatchStatus, PrintReprint, ReprintReason

logger = logging.getLogger(__name__)

# Generated names only: letters/batches/2027/01/<32 hex digits>.pdf
BATCH_FOLDER = "letters/batches"
# The post sorts by postcode; the reference makes the order total.
PRINT_ORDER = ("application__postcode", "application__reference", "pk")
DEFAULT_MAX_LETTERS = 1000
DEFAULT_MAX_ATTEMPTS = 3
MAKE_TASK = "appointments.tasks.print_batch_make"
# A batch still being prepared after this long has lost its task (the
# queue's retry comes after Q_RETRY, 5 minutes by default).
SWEEP_AFTER = timedelta(minutes=15)
# Outcomes of print_batch_make, stored as the queue's task results.
READY = "ready"
ALREADY_DONE = "already_done"
GAVE_UP = "gave_up"
GONE = "gone"

NOTE_REQUIRED = "A reprint for another reason needs a note."


class ReprintRefused(ValueError):
    """A reprint without a valid reason."""


class PrintBatchFailed(RuntimeError):
    """The batch's PDF could not be made; its letters are back in the queue."""


def max_letters() -> int:
    """settings.PRINT_BATCH_MAX_LETTERS: the most letters in one batch (default 1000)."""
    return int(getattr(settings, "PRINT_BATCH_MAX_LETTERS", DEFAULT_MAX_LETTERS))


def pending_letters() -> QuerySet[InvitationLetter]:
    """The letters not printed yet and in no batch being prepared, in print order.

    A letter whose file retention removed (appointments/retention.py) is never printed.
    """
    return (
        InvitationLetter.objects.filter(printed_at__isnull=True, print_batch=None)
        .exclude(file="")
        .order_by(*PRINT_ORDER)
    )


def batch_file_name(now: datetime) -> str:
    return f"{BATCH_FOLDER}/{now:%Y/%m}/{uuid.uuid4().hex}.pdf"


def merge_letters(names: Iterable[str], target: BinaryIO) -> int:
    """Append the stored letters ``names`` page by page into one PDF written to ``target``.

    Opens one stored file at a time and closes it before the next; nothing
    is rendered. After each letter the writer forgets the source document
    (its translation table and its record of merged pages), so that only
    the copied pages stay in memory, not every parsed letter besides them.
    Objects that are identical in all letters (colour profiles, the fold
    marks, often font programs) are written once. Returns the number of
    pages.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for name in names:
        with default_storage.open(name, "rb") as handle:
            _append(writer, PdfReader(handle))
        _forget_source(writer)
    pages = len(writer.pages)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    writer.write(target)
    writer.close()
    return pages


def _append(writer, reader) -> None:
    """Copy every page of ``reader`` (the copies no longer need the source document)."""
    for page in reader.pages:
        writer.add_page(page)


def _forget_source(writer) -> None:
    """Drop the writer's references to a merged document (pypdf keeps them for links)."""
    writer.reset_translation()
    merged = getattr(writer, "_merged_in_pages", None)
    if isinstance(merged, dict):
        merged.clear()


def max_attempts() -> int:
    return int(getattr(settings, "PRINT_BATCH_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def print_batch_create(*, by, request=None) -> PrintBatch | None:
    """Reserve the waiting letters for a new batch and have the worker make its PDF.

    Returns the batch ("being prepared"), or None when no letter is waiting
    (or all waiting ones are being batched by someone else right now). At
    most ``max_letters()`` letters; the rest wait for the next batch. The
    task is enqueued when the transaction commits, with the batch's id only.

    First, invitations that would now be printed too late for the lead time
    are booked again (services.late_invitations_reissue): their new letters
    come with a later batch.
    """
    services.late_invitations_reissue()
    with transaction.atomic():
        ids = list(
            pending_letters()
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[: max_letters()]
        )
        if not ids:
            return None
        batch = PrintBatch.objects.create(
            created_by=by, count=len(ids), status=PrintBatchStatus.PREPARING
        )
        reserved = InvitationLetter.objects.filter(pk__in=ids, print_batch=None).update(
            print_batch=batch
        )
        if reserved != len(ids):  # cannot happen while the rows are locked
            raise RuntimeError("print batch: letters changed while locked")
        audit(
            action=AuditEvent.Action.LETTER,
            request=request,
            actor=by,
            obj=batch,
            detail=f"print_batch:{len(ids)}",
        )
        transaction.on_commit(lambda: _enqueue_make(batch.pk))
    logger.info("print batch reserved batch=%s letters=%d by=%s", batch.pk, len(ids), by.pk)
    return batch


def _enqueue_make(batch_id: int) -> None:
    from django_q.tasks import async_task

    async_task(MAKE_TASK, batch_id, task_name=f"print-batch-{batch_id}")


def print_batch_make(batch_id: int, *, now: datetime | None = None) -> str:
    """Make the batch's PDF, store it, mark the batch ready and its letters printed.

    Returns "ready", "already_done" (ready or failed before: at least once
    delivery), "gave_up" (the attempts are used up: the batch failed and its
    letters wait again) or "gone". The attempt is counted and committed
    before the work, so a worker killed half-way still used one up. An error
    (a letter's file unreadable, the disk full) fails the batch at once: the
    stored file is deleted, the letters go back to the queue, and staff
    make a new batch with the same button; ``PrintBatchFailed`` is raised
    with ids only.
    """
    with transaction.atomic():
        batch = PrintBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            return GONE
        if batch.status != PrintBatchStatus.PREPARING:
            return ALREADY_DONE
        if batch.attempts >= max_attempts():
            _give_up(batch)
            return GAVE_UP
        batch.attempts += 1
        batch.save(update_fields=["attempts"])

    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            batch = PrintBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status != PrintBatchStatus.PREPARING:
                return ALREADY_DONE  # another worker finished it while this one waited
            files = list(
                InvitationLetter.objects.filter(print_batch=batch)
                .exclude(file="")  # removed by retention meanwhile
                .order_by(*PRINT_ORDER)
                .values_list("file", flat=True)
            )
            name = letters.file_store(
                batch_file_name(now), lambda handle: merge_letters(files, handle)
            )
            stored.append(name)
            InvitationLetter.objects.filter(print_batch=batch).update(printed_at=now)
            batch.file = name
            batch.status = PrintBatchStatus.READY
            batch.ready_at = now
            batch.count = len(files)
            batch.save(update_fields=["file", "status", "ready_at", "count"])
    except Exception as error:
        for name in stored:
            letters.letter_delete(name)
        with transaction.atomic():
            batch = PrintBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status == PrintBatchStatus.PREPARING:
                _give_up(batch)
        # "from None": the queue stores the traceback; ids and the error's type only.
        raise PrintBatchFailed(
            f"print batch failed: batch={batch_id} error={type(error).__name__}"
        ) from None
    except BaseException:  # the worker is stopped: the sweep or the queue tries again
        for name in stored:
            letters.letter_delete(name)
        raise
    logger.info("print batch ready batch=%s letters=%d", batch_id, len(files))
    return READY


def _give_up(batch: PrintBatch) -> None:
    """The batch failed: its letters go back to the queue for the next batch."""
    released = InvitationLetter.objects.filter(print_batch=batch, printed_at=None).update(
        print_batch=None
    )
    batch.status = PrintBatchStatus.FAILED
    batch.save(update_fields=["status"])
    logger.error(
        "print batch failed batch=%s attempts=%d released=%d", batch.pk, batch.attempts, released
    )


def print_batch_sweep(*, now: datetime | None = None) -> int:
    """Enqueue the task again for batches still being prepared after ``SWEEP_AFTER``.

    Catches a task lost with its worker, or one the queue stopped retrying;
    a batch whose attempts are used up is given up by the task itself.
    Returns the number of batches enqueued.
    """
    now = now or timezone.now()
    stuck = list(
        PrintBatch.objects.filter(
            status=PrintBatchStatus.PREPARING, created_at__lt=now - SWEEP_AFTER
        ).values_list("pk", flat=True)
    )
    for batch_id in stuck:
        _enqueue_make(batch_id)
    return len(stuck)


def print_batch_reprint(
    *, batch_id: int, reason: str, note: str = "", by, request=None
) -> PrintReprint:
    """Record that a batch is printed again, with its reason; no new letters.

    ``reason`` is a ReprintReason; "other" needs a ``note`` (staff's words
    about the print run). The audit event keeps the reason's code, never the
    note. Returns the PrintReprint.
    """
    if reason not in ReprintReason.values:
        raise ReprintRefused(f"Unknown reason {reason!r}.")
    note = " ".join(note.split())[:200]
    if reason == ReprintReason.OTHER and not note:
        raise ReprintRefused(NOTE_REQUIRED)
    with transaction.atomic():
        batch = PrintBatch.objects.select_for_update().get(pk=batch_id)
        reprint = PrintReprint.objects.create(batch=batch, reason=reason, note=note, created_by=by)
        audit(
            action=AuditEvent.Action.LETTER,
            request=request,
            actor=by,
            obj=batch,
            detail=f"reprint:{reason}:{reprint.pk}",
        )
    logger.info("print batch reprinted batch=%s reason=%s by=%s", batch.pk, reason, by.pk)
    return reprint


def print_batch_downloaded(*, batch: PrintBatch, by, request=None) -> None:
    """Audit a download of a batch's PDF."""
    audit(
        action=AuditEvent.Action.DOWNLOAD,
        request=request,
        actor=by,
        obj=batch,
        detail="print_batch",
    )
