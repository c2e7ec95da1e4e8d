"""The print queue: letters waiting to be printed, print batches and reprints.

- ``pending_letters``: the letters not printed yet, in print order (postcode,
  then reference: the order of the post's sorting).
- ``print_batch_create``: ONE PDF of all pending letters (at most
  settings.PRINT_BATCH_MAX_LETTERS, default 1000), stored, and the letters
  marked printed, in one transaction. The letter rows are locked with
  ``select_for_update(skip_locked=True)``: two staff pressing at once get
  disjoint batches (the second usually none), never a letter twice.
- ``print_batch_reprint``: the stored batch again, with a reason; no new
  letters, a PrintReprint row and an audit event.

The batch is made from the letters' stored PDFs, not by rendering them again:
``merge_letters`` appends one file at a time to a pypdf PdfWriter (each file
is closed before the next is opened) and writes the result straight into the
batch's file, so a batch of 1,000 letters never has 1,000 rendered documents
in memory at once. The audit trail names the batch and counts, never
personal data.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from portal.audit import AuditEvent, audit

from . import letters
from .models import InvitationLetter, PrintBatch, PrintReprint, ReprintReason

logger = logging.getLogger(__name__)

# Generated names only: letters/batches/2027/01/<32 hex digits>.pdf
BATCH_FOLDER = "letters/batches"
# The post sorts by postcode; the reference makes the order total.
PRINT_ORDER = ("application__postcode", "application__reference", "pk")
DEFAULT_MAX_LETTERS = 1000

NOTE_REQUIRED = "A reprint for another reason needs a note."


class ReprintRefused(ValueError):
    """A reprint without a valid reason."""


def max_letters() -> int:
    """settings.PRINT_BATCH_MAX_LETTERS: the most letters in one batch (default 1000)."""
    return int(getattr(settings, "PRINT_BATCH_MAX_LETTERS", DEFAULT_MAX_LETTERS))


def pending_letters() -> QuerySet[InvitationLetter]:
    """The letters not printed yet, in print order."""
    return InvitationLetter.objects.filter(printed_at__isnull=True).order_by(*PRINT_ORDER)


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


def print_batch_create(*, by, request=None, now: datetime | None = None) -> PrintBatch | None:
    """Make one PDF of the pending letters, store it and mark them printed: one transaction.

    Returns the batch, or None when no letter is waiting (or all waiting
    ones are being batched by someone else right now). At most
    ``max_letters()`` letters; the rest wait for the next batch.
    """
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            rows = list(
                pending_letters()
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", "file")[: max_letters()]
            )
            if not rows:
                return None
            ids = [pk for pk, _file in rows]
            name = letters.file_store(
                batch_file_name(now),
                lambda handle: merge_letters((file for _pk, file in rows), handle),
            )
            stored.append(name)
            batch = PrintBatch.objects.create(created_by=by, count=len(rows), file=name)
            marked = InvitationLetter.objects.filter(pk__in=ids, printed_at__isnull=True).update(
                printed_at=now, print_batch=batch
            )
            if marked != len(ids):  # cannot happen while the rows are locked
                raise RuntimeError("print batch: letters changed while locked")
            audit(
                action=AuditEvent.Action.LETTER,
                request=request,
                actor=by,
                obj=batch,
                detail=f"print_batch:{len(ids)}",
            )
    except BaseException:
        for name in stored:
            letters.letter_delete(name)
        raise
    logger.info("print batch made batch=%s letters=%d by=%s", batch.pk, len(ids), by.pk)
    return batch


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
