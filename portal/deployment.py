"""Settings that choose the parts of a deployment from environment variables (pure).

Read by portal/settings.py; no Django import here, so that the settings can
use it and tests can call it with any environment.

- Files: ``FILE_STORAGE_BACKEND`` names any Django storage class and
  ``FILE_STORAGE_OPTIONS`` its keyword arguments as a JSON object. Empty:
  the local folder ``FILE_STORAGE_ROOT``. Whatever the backend, the portal
  encrypts every file before it is handed over (portal/storage.py).
- Queue: ``Q_BROKER_URL`` empty keeps django-q2's broker in the database
  (the ORM broker, for ``make run`` and a single machine); a ``redis://``,
  ``rediss://`` or ``unix://`` URL switches it to Redis.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

LOCAL_BACKEND = "portal.storage.AtomicFileSystemStorage"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class DeploymentError(ValueError):
    """An environment variable names a part the portal cannot use; the message says which."""


def file_storage(environ: Mapping[str, str], *, root) -> dict:
    """The ``STORAGES["default"]`` entry: the encrypted storage on the chosen backend."""
    backend = environ.get("FILE_STORAGE_BACKEND", "").strip()
    raw_options = environ.get("FILE_STORAGE_OPTIONS", "").strip()
    if not backend:
        if raw_options:
            raise DeploymentError("FILE_STORAGE_OPTIONS needs FILE_STORAGE_BACKEND.")
        return {
            "BACKEND": "portal.storage.EncryptedStorage",
            "OPTIONS": {
                "backend": LOCAL_BACKEND,
                "options": {"location": root, "base_url": None},
            },
        }
    if "." not in backend:
        raise DeploymentError(
            "FILE_STORAGE_BACKEND must be the dotted path of a Django storage class, for "
            "example storages.backends.s3.S3Storage."
        )
    try:
        options = json.loads(raw_options) if raw_options else {}
    except ValueError:
        raise DeploymentError("FILE_STORAGE_OPTIONS must be a JSON object.") from None
    if not isinstance(options, dict):
        raise DeploymentError("FILE_STORAGE_OPTIONS must be a JSON object.")
    return {
        "BACKEND": "portal.storage.EncryptedStorage",
        "OPTIONS": {"backend": backend, "options": options},
    }


def queue_broker(environ: Mapping[str, str]) -> dict:
    """The broker part of ``Q_CLUSTER``: ``{"orm": "default"}`` or ``{"redis": URL}``."""
    url = environ.get("Q_BROKER_URL", "").strip()
    if not url:
        return {"orm": "default"}
    if not url.startswith(REDIS_SCHEMES):
        raise DeploymentError(
            "Q_BROKER_URL must be a Redis URL (redis://host:6379/0, rediss://… or "
            "unix:///path/redis.sock), or empty for the broker in the database."
        )
    return {"redis": url}
