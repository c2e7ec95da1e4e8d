"""Data retention: guest drafts after 30 days, closed requests after the retention period.

Files go with them, in every app: each app that stores personal files
registers in its ``AppConfig.ready()`` how they are removed
(portal/personal_files.py); the job calls that registry, never an app's file
fields. Files are deleted from the storage after the rows are changed (on
commit), so a crash never leaves a row pointing at nothing; files that mix
several requests (print batches) are made again afterwards by the app's
``settle`` step.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from portal import personal_files
from portal.models import Draft

logger = logging.getLogger(__name__)

DRAFT_RETENTION = timedelta(days=30)


def drafts_expired_before(now: datetime) -> datetime:
    """Drafts last changed before this moment are deleted (pure)."""
    return now - DRAFT_RETENTION


def drafts_delete_expired(*, now: datetime | None = None) -> int:
    """Delete expired drafts with their uploaded files. Returns how many drafts went."""
    cutoff = drafts_expired_before(now or timezone.now())
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                Draft.objects.select_for_update(skip_locked=True)
                .filter(updated_at__lt=cutoff)
                .values_list("pk", flat=True)[:500]
            )
            if not batch:
                break
            files = personal_files.release_draft_files(draft_ids=batch)
            Draft.objects.filter(pk__in=batch).delete()
            transaction.on_commit(lambda files=files: _delete_files(files))
            deleted += len(batch)
    if deleted:
        logger.info("retention: %d expired drafts deleted", deleted)
    return deleted


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("retention: could not delete a file")


# Closed requests (granted, refused, withdrawn) are anonymised after this many
# days in their final status (setting CLOSED_REQUEST_RETENTION_DAYS).
def closed_requests_cutoff(now: datetime, days: int) -> datetime:
    """Requests closed before this moment are anonymised (pure)."""
    return now - timedelta(days=days)


ANONYMISED = "–"


def closed_requests_anonymise(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete the personal data and files of long-closed requests; keep the bare record.

    What stays: reference, kind, status, dates, location, fee (statistics and
    the proof that a request existed). What goes: names, birth date, passport
    number, answers, and every file of the request in every app (uploads,
    receipts, letters, certificates, its pages in print batches).
    """
    from datetime import date

    from django.conf import settings

    from applications.constants import FINAL_STATUSES
    from applications.models import Application

    days = days if days is not None else settings.CLOSED_REQUEST_RETENTION_DAYS
    cutoff = closed_requests_cutoff(now or timezone.now(), days)
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Application.objects.select_for_update(skip_locked=True).filter(
                    status__in=FINAL_STATUSES,
                    status_changed_at__lt=cutoff,
                    answers__has_key="personal",
                )[:200]
            )
            if not batch:
                break
            files: list[str] = []
            for application in batch:
                files += personal_files.release_request_files(application_id=application.pk)
                application.surname = ANONYMISED
                application.given_names = ANONYMISED
                application.date_of_birth = date(1900, 1, 1)
                application.passport_number = ""
                application.answers = {"anonymised": True}
                application.save(
                    update_fields=[
                        "surname",
                        "given_names",
                        "date_of_birth",
                        "passport_number",
                        "answers",
                    ]
                )
            transaction.on_commit(lambda files=files: _delete_files(files))
            done += len(batch)
    # Files shared with other requests (print batches) are made again without these.
    personal_files.settle()
    if done:
        logger.info("retention: %d closed requests anonymised", done)
    return done
