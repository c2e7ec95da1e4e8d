"""Encryption at rest for special categories of personal data (SECURITY-BAR line 25).

Religion, health, convictions and pending proceedings (GDPR Art. 9 and 10)
are stored encrypted, so that a database dump, a backup or a stray SQL query
shows only ciphertext. The cipher is Fernet (AES-128-CBC with HMAC-SHA256,
from the ``cryptography`` package) behind ``MultiFernet``, so that keys can be
rotated: the first key of ``FIELD_ENCRYPTION_KEYS`` encrypts, every key
decrypts, and ``manage.py rotate_field_keys`` re-encrypts stored rows with the
first key before an old one is removed.

A JSON object keeps its other keys readable (the database can still filter on
them) and carries the encrypted ones under ``SEALED_KEY``::

    {"personal": {...}, "_sealed": "gAAAAAB..."}

``seal()`` and ``unseal()`` are pure apart from the keys; ``SealedJSONField``
(portal/fields.py) applies them on every write and read.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEALED_KEY = "_sealed"
ALL_KEYS = "__all__"


class UnreadableData(RuntimeError):
    """Stored data that none of the configured keys can decrypt.

    Raised instead of returning empty answers: losing a key must be loud, never
    look like an applicant who left the questions blank.
    """


@functools.lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), "
            "separated by commas."
        ) from exc


def cipher() -> MultiFernet:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value, *, encoder=None) -> str:
    """``value`` as JSON, encrypted with the first configured key."""
    plain = json.dumps(value, cls=encoder, sort_keys=True, separators=(",", ":"))
    return cipher().encrypt(plain.encode()).decode("ascii")


UNREADABLE = "Stored data cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS."


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return cipher().decrypt(token)
    except InvalidToken as exc:
        raise UnreadableData(UNREADABLE) from exc


def rotate_bytes(token: bytes) -> bytes:
    """The same content encrypted with the first key (key rotation)."""
    try:
        return cipher().rotate(token)
    except InvalidToken as exc:
        raise UnreadableData(UNREADABLE) from exc


def decrypt(token: str, *, decoder=None):
    try:
        raw = token.encode("ascii")
    except UnicodeEncodeError as exc:
        raise UnreadableData(UNREADABLE) from exc
    return json.loads(decrypt_bytes(raw), cls=decoder)


def seal(value, sealed: Collection[str] | str, *, encoder=None):
    """``value`` with the keys named in ``sealed`` (or all, ``ALL_KEYS``) encrypted.

    Anything but a dict, an already sealed dict and a dict without such keys
    is returned unchanged.
    """
    if not isinstance(value, dict) or SEALED_KEY in value:
        return value
    if sealed == ALL_KEYS:
        secret, plain = dict(value), {}
    else:
        secret = {key: item for key, item in value.items() if key in sealed}
        plain = {key: item for key, item in value.items() if key not in sealed}
    if not secret:
        return value
    return {**plain, SEALED_KEY: encrypt(secret, encoder=encoder)}


def unseal(value, *, decoder=None):
    """``value`` with its encrypted keys decrypted and merged back in."""
    if not isinstance(value, dict) or SEALED_KEY not in value:
        return value
    plain = {key: item for key, item in value.items() if key != SEALED_KEY}
    return {**plain, **decrypt(value[SEALED_KEY], decoder=decoder)}
