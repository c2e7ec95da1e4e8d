"""Model fields of the portal."""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.fields.json import KeyTransform

from . import encryption


class SealedJSONField(models.JSONField):
    """A JSON object whose ``sealed`` top-level keys are stored encrypted.

    ``sealed`` names the keys (sections of the answers) to encrypt, or is
    ``encryption.ALL_KEYS`` for the whole object. The model instance always
    holds the plain object; only the database sees ciphertext. Keys that are
    not sealed stay plain JSON, so queries on them keep working; a query on a
    sealed key finds nothing (it is not in the column).
    """

    def __init__(self, *args, sealed=encryption.ALL_KEYS, **kwargs):
        self.sealed = sealed if sealed == encryption.ALL_KEYS else tuple(sorted(sealed))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sealed"] = self.sealed if self.sealed == encryption.ALL_KEYS else list(self.sealed)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform):
            return value  # one plain key read by the database
        return encryption.unseal(value, decoder=self.decoder)

    def get_prep_value(self, value):
        return super().get_prep_value(encryption.seal(value, self.sealed, encoder=self.encoder))


def reseal_rows(model, field_name: str, *, chunk_size: int = 500) -> int:
    """Write every row's ``field_name`` again: sealed with the first key.

    Used by the migration that introduced encryption (plain rows become
    sealed) and by ``manage.py rotate_field_keys`` (rows sealed with an older
    key are sealed with the newest). ``update()`` keeps ``auto_now`` dates as
    they are, so retention periods do not restart.
    """
    count = 0
    rows = model._base_manager.only("pk", field_name).order_by("pk")
    for row in rows.iterator(chunk_size=chunk_size):
        model._base_manager.filter(pk=row.pk).update(**{field_name: getattr(row, field_name)})
        count += 1
    return count


def unseal_rows(model, field_name: str) -> None:
    """Write every row's ``field_name`` back as plain JSON (reverse migration)."""
    rows = model._base_manager.only("pk", field_name).order_by("pk")
    for row in rows.iterator(chunk_size=500):
        plain = Value(getattr(row, field_name), output_field=models.JSONField())
        model._base_manager.filter(pk=row.pk).update(**{field_name: plain})
