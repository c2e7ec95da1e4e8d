"""Stored files of the portal: generated names, storing whole or not at all, downloads.

- ``dated_name(folder, now)``: "<folder>/YYYY/MM/<32 hex digits>.pdf", never a
  name a person chose (SECURITY-BAR 18).
- ``store(name, write)``: what ``write(handle)`` writes, whole or not at all.
- ``attachment(...)``: the one download of a stored file: as an attachment,
  ``nosniff``, audited (who, which object, a detail code); a file missing from
  the storage answers 404 and is logged, never a 500.

Files go through Django's default storage, which encrypts them
(portal/storage.py).
"""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from .audit import audit

logger = logging.getLogger(__name__)


def dated_name(folder: str, now: datetime, extension: str = "pdf") -> str:
    """A new generated storage name: "<folder>/YYYY/MM/<random>.<extension>"."""
    return f"{folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def store(name: str, write: Callable[[BinaryIO], object]) -> str:
    """Store what ``write(handle)`` writes under ``name``, whole or not at all.

    ``write`` streams into a file handle, so that a large file (a print
    batch) never has to be held in memory. On a local disk: a hidden
    temporary file in the target folder, flushed to disk, then renamed into
    place; on object storage or an encrypting storage (portal/storage.py): a
    temporary file, then one save. Returns the storage name.
    """
    storage = default_storage
    path = _local_path(storage, name)
    if path is None:
        with tempfile.TemporaryFile() as spool:
            write(spool)
            spool.seek(0)
            return storage.save(name, File(spool, name=name))
    _make_folder(path.parent, getattr(storage, "directory_permissions_mode", None))
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, getattr(storage, "file_permissions_mode", None) or 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return name


def _local_path(storage, name: str) -> Path | None:
    """Where to write ``name`` directly; None when the storage must see the content
    (object storage, or an encrypting storage, which writes whole files itself)."""
    if getattr(storage, "encrypts", False):
        return None
    try:
        return Path(storage.path(name))
    except NotImplementedError:  # Django's answer of storages without local files
        return None


def _make_folder(folder: Path, mode: int | None) -> None:
    if folder.is_dir():
        return
    if mode is None:
        folder.mkdir(parents=True, exist_ok=True)
        return
    # As FileSystemStorage does: the umask must not weaken the configured mode.
    old_umask = os.umask(0o777 & ~mode)
    try:
        os.makedirs(folder, mode, exist_ok=True)
    finally:
        os.umask(old_umask)


def attachment(
    field_file,
    *,
    filename: str,
    content_type: str = "application/pdf",
    request=None,
    obj=None,
    detail: str = "",
) -> FileResponse:
    """A stored file as a download: attachment, ``nosniff``, and an audit event.

    ``obj`` and ``detail`` name what was downloaded in the audit trail
    (``detail`` a code, never a value). A file that the storage cannot find
    answers 404 (logged with the object's id).
    """
    try:
        content = field_file.open("rb")
    except FileNotFoundError:
        logger.error("stored file missing object=%s", getattr(obj, "pk", None))
        raise Http404 from None
    if request is not None:
        audit(action="download", request=request, obj=obj, detail=detail)
    response = FileResponse(
        content, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
