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
``merge_letters`` streams one file at a time into the batch (each file is
closed before the next is opened; what it adds is written at once) and writes
into a temporary file, which the storage encrypts and stores
(files.store), so the memory a batch takes does not grow with its
letters. The
audit trail names the batch and counts, never personal data.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from portal import files
from portal.audit import AuditEvent, audit

from . import letters, services
from .models import InvitationLetter, PrintBatch, PrintBatchStatus, PrintReprint, ReprintReason

logger = logging.getLogger(__name__)

# Generated names only: letters/batches/2027/01/<32 hex digits>.pdf
BATCH_FOLDER = "letters/batches"
# The post sorts by postcode; the reference makes the order total.
PRINT_ORDER = ("application__postcode", "application__reference", "pk")
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
    return int(settings.PRINT_BATCH_MAX_LETTERS)


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
    return files.dated_name(BATCH_FOLDER, now)


def merge_letters(names: Iterable[str], target: BinaryIO) -> int:
    """Append the stored letters ``names`` page by page into one PDF written to ``target``.

    Streamed: each letter is opened, its pages and everything they use are
    written to ``target`` at once, and the letter is closed and forgotten
    before the next is opened. What stays in memory is a few numbers per
    written object (its offset, for the cross-reference table) and a digest
    per distinct object, so a batch of 1,000 letters takes no more memory than
    one of 10. Objects that are the same in all letters (the QR code, the fold
    marks, often font programs) are written once. Nothing is rendered. The
    letters' tags are not carried over (a print batch is for the printer; each
    letter's own file keeps them). Returns the number of pages.
    """
    from pypdf import PdfReader

    merged = _StreamedPDF(target)
    for name in names:
        with default_storage.open(name, "rb") as handle:
            reader = PdfReader(handle)
            merged.append(reader)
        # The parsed objects point back to their reader: dropped here, they go
        # now instead of at some later garbage collection.
        reader.resolved_objects.clear()
        reader.flattened_pages = None
        del reader  # not kept while the next letter is read
    return merged.finish()


class _StreamedPDF:
    """A PDF written object by object: pages appended from other documents, then closed."""

    # Inherited page attributes (ISO 32000-1, 7.7.3.4): copied onto each page,
    # since the page gets a new parent.
    INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
    # Keys that tie an object to the source's structure tree or page tree.
    DROPPED = frozenset({"/Parent", "/StructParents", "/StructParent"})

    # Digests of the objects written last, to write an object that recurs in
    # every letter (the QR code, the fold marks) once: recent ones are enough.
    SHARED_MAX = 128

    def __init__(self, target: BinaryIO):
        self.target = target
        self.written = 0
        self.offsets = array("q")  # object number - 1 -> offset in the file
        self.pages = array("q")
        self.shared: OrderedDict[bytes, int] = OrderedDict()  # digest -> object number
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.root_pages = self._reserve()

    def _write(self, data: bytes) -> None:
        self.target.write(data)
        self.written += len(data)

    def _reserve(self) -> int:
        self.offsets.append(-1)
        return len(self.offsets)

    def _emit(self, number: int, serialised: bytes) -> None:
        self.offsets[number - 1] = self.written
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, serialised))

    @staticmethod
    def _serialise(obj) -> bytes:
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        return buffer.getvalue()

    def append(self, reader) -> None:
        numbers: dict[int, int] = {}  # the source's object numbers -> ours, for this letter
        # Every page's number first: a link or an annotation may name another page.
        pages = [(page, self._reserve()) for page in reader.pages]
        for page, number in pages:
            if page.indirect_reference is not None:
                numbers[page.indirect_reference.idnum] = number
        for page, number in pages:
            copied = self._copy_dict(page, numbers)
            for key in self.INHERITED:
                if key not in copied:
                    value = self._inherited(page, key)
                    if value is not None:
                        copied[NameObject(key)] = self._copy(value, numbers)
            copied[NameObject("/Parent")] = IndirectObject(self.root_pages, 0, None)
            self._emit(number, self._serialise(copied))
            self.pages.append(number)

    @staticmethod
    def _inherited(page, key):
        node = page.get("/Parent")
        while node is not None:
            node = node.get_object()
            if key in node:
                return node[key]
            node = node.get("/Parent")
        return None

    def _copy(self, value, numbers: dict[int, int]):
        if isinstance(value, IndirectObject):
            return IndirectObject(self._copy_indirect(value, numbers), 0, None)
        if isinstance(value, StreamObject):
            if isinstance(value, EncodedStreamObject):
                copied = EncodedStreamObject()
                copied._data = value._data  # as stored: still compressed
                skipped = {"/Length"}
            else:
                copied = DecodedStreamObject()
                copied.set_data(value.get_data())
                skipped = {"/Length", "/Filter", "/DecodeParms"}
            for key, item in value.items():
                if key not in skipped and key not in self.DROPPED:
                    copied[NameObject(key)] = self._copy(item, numbers)
            return copied
        if isinstance(value, DictionaryObject):
            return self._copy_dict(value, numbers)
        if isinstance(value, ArrayObject):
            return ArrayObject(self._copy(item, numbers) for item in value)
        return value

    def _copy_dict(self, value, numbers: dict[int, int]) -> DictionaryObject:
        copied = DictionaryObject()
        for key, item in value.items():
            if key not in self.DROPPED:
                copied[NameObject(key)] = self._copy(item, numbers)
        return copied

    def _copy_indirect(self, reference, numbers: dict[int, int]) -> int:
        if reference.idnum in numbers:
            return numbers[reference.idnum]
        # Reserved before its contents are copied: a reference back to it
        # (an annotation's page, say) finds its number.
        number = self._reserve()
        numbers[reference.idnum] = number
        serialised = self._serialise(self._copy(reference.get_object(), numbers))
        digest = hashlib.sha256(serialised).digest()
        known = self.shared.get(digest)
        if known is not None and not self._referenced_while_copying(number, serialised):
            # Written before by another letter: point there, give the number back.
            self.shared.move_to_end(digest)
            numbers[reference.idnum] = known
            self._release(number)
            return known
        if known is None:
            self.shared[digest] = number
            if len(self.shared) > self.SHARED_MAX:
                self.shared.popitem(last=False)
        self._emit(number, serialised)
        return number

    def _referenced_while_copying(self, number: int, serialised: bytes) -> bool:
        # Only the last reserved number can be given back, and only when the
        # object does not point to itself.
        return number != len(self.offsets) or (
            re.search(rb"(?<![0-9])%d 0 R" % number, serialised) is not None
        )

    def _release(self, number: int) -> None:
        self.offsets.pop()

    def finish(self) -> int:
        kids = ArrayObject(IndirectObject(number, 0, None) for number in self.pages)
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): kids,
                NameObject("/Count"): NumberObject(len(self.pages)),
            }
        )
        self._emit(self.root_pages, self._serialise(pages))
        catalog = self._reserve()
        self._emit(
            catalog,
            self._serialise(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Catalog"),
                        NameObject("/Pages"): IndirectObject(self.root_pages, 0, None),
                    }
                )
            ),
        )
        start = self.written
        rows = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.offsets) + 1)]
        rows.extend(b"%010d 00000 n \n" % offset for offset in self.offsets)
        self._write(b"".join(rows))
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(self.offsets) + 1, catalog, start)
        )
        return len(self.pages)


def max_attempts() -> int:
    return int(settings.PRINT_BATCH_MAX_ATTEMPTS)


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
            letter_files = list(
                InvitationLetter.objects.filter(print_batch=batch)
                .exclude(file="")  # removed by retention meanwhile
                .order_by(*PRINT_ORDER)
                .values_list("file", flat=True)
            )
            name = files.store(
                batch_file_name(now), lambda handle: merge_letters(letter_files, handle)
            )
            stored.append(name)
            InvitationLetter.objects.filter(print_batch=batch).update(printed_at=now)
            batch.file = name
            batch.status = PrintBatchStatus.READY
            batch.ready_at = now
            batch.count = len(letter_files)
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
    logger.info("print batch ready batch=%s letters=%d", batch_id, len(letter_files))
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
