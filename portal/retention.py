"""Data retention: guest drafts are deleted 30 days after their last change (issue 4).

Files go with them: uploads of a draft are deleted from the storage after the
rows are gone (on commit), so a crash never leaves a row pointing at nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import Draft

logger = logging.getLogger(__name__)

DRAFT_RETENTION = timedelta(days=30)


def drafts_expired_before(now: datetime) -> datetime:
    """Drafts last changed before this moment are deleted (pure)."""
    return now - DRAFT_RETENTION


def drafts_delete_expired(*, now: datetime | None = None) -> int:
    """Delete expired drafts with their uploaded files. Returns how many drafts went."""
    from applications.models import Upload

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
            files = list(Upload.objects.filter(draft_id__in=batch).values_list("file", flat=True))
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
