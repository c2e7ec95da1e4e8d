"""How the appointments app removes the files of a request (retention).

Registered with portal.personal_files in AppointmentsConfig.ready():

- ``request_files_release`` (in the retention job's transaction): the
  request's invitation, confirmation and cancellation letters lose their
  files; the rows stay (kind, dates, appointment: no personal data).
- ``print_batches_settle`` (after the job's transactions): a print batch is
  ONE PDF of many requests' letters, so a batch that still holds a letter
  whose file was removed is made again from the letters it keeps, from their
  stored files as the worker makes it (appointments.printing.merge_letters),
  under a new name; the old file is deleted once the new one is recorded. A
  batch whose letters are all gone loses its file. The batch row keeps its
  count: how many letters were printed. Failing batches are logged (ids only)
  and made again by the next run, since a batch with a removed letter is
  found from the database alone.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from portal import files

from . import letters, printing
from .models import InvitationLetter, PrintBatch

logger = logging.getLogger(__name__)


def request_files_release(*, application_id: int) -> list[str]:
    """The files of the request's letters, detached from the letter rows."""
    held = InvitationLetter.objects.select_for_update().filter(application_id=application_id)
    names = list(held.exclude(file="").values_list("file", flat=True))
    held.update(file="")
    return names


def batches_with_removed_letters():
    """Batches with a stored file that still holds a letter whose file was removed."""
    return PrintBatch.objects.exclude(file="").filter(letters__file="").distinct()


def print_batches_settle(*, now: datetime | None = None) -> int:
    """Make every batch that holds a removed letter again without it; returns how many."""
    settled = 0
    for batch_id in list(batches_with_removed_letters().values_list("pk", flat=True)):
        try:
            settled += print_batch_without_removed_letters(batch_id=batch_id, now=now)
        except Exception as error:  # one bad batch must not stop the others
            logger.error(
                "retention: print batch not made again batch=%s error=%s",
                batch_id,
                type(error).__name__,
            )
    return settled


def print_batch_without_removed_letters(*, batch_id: int, now: datetime | None = None) -> int:
    """One batch made again from the letters it keeps (or without a file when none is left).

    Returns 1 when the batch changed, 0 when there was nothing to do (done by
    another run meanwhile).
    """
    now = now or timezone.now()
    stored: list[str] = []
    try:
        with transaction.atomic():
            batch = PrintBatch.objects.select_for_update().filter(pk=batch_id).first()
            if batch is None or not batch.file or not batch.letters.filter(file="").exists():
                return 0
            old = batch.file.name
            kept = list(
                InvitationLetter.objects.filter(print_batch=batch)
                .exclude(file="")
                .order_by(*printing.PRINT_ORDER)
                .values_list("file", flat=True)
            )
            new = ""
            if kept:
                new = files.store(
                    printing.batch_file_name(now),
                    lambda handle: printing.merge_letters(kept, handle),
                )
                stored.append(new)
            batch.file = new
            batch.save(update_fields=["file"])
            transaction.on_commit(lambda: letters.letter_delete(old))
    except BaseException:
        for name in stored:
            letters.letter_delete(name)
        raise
    logger.info("retention: print batch made again batch=%s letters=%d", batch_id, len(kept))
    return 1
