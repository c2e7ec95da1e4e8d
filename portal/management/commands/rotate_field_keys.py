"""Re-encrypt every encrypted field and stored file with the first key of FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.encryption import UnreadableData
from portal.fields import SealedJSONField, reseal_rows


def sealed_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SealedJSONField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Re-encrypts the special categories and the stored files with the first key of "
        "FIELD_ENCRYPTION_KEYS. "
        "Rotate a key in three steps: put the new key first (keep the old one after it), "
        "run this command, then remove the old key."
    )

    def handle(self, *args, **options):
        for model, field in sealed_fields():
            with transaction.atomic():
                count = reseal_rows(model, field.name)
            self.stdout.write(f"{model._meta.label}.{field.name}: {count} rows re-encrypted.")
        if getattr(default_storage, "encrypts", False):
            files, unreadable = 0, []
            for name in default_storage.walk():
                try:
                    default_storage.reencrypt(name)
                except UnreadableData:
                    unreadable.append(name)
                else:
                    files += 1
            self.stdout.write(f"Stored files: {files} re-encrypted.")
            if unreadable:
                raise CommandError(
                    f"{len(unreadable)} stored files open with none of the keys, so they were "
                    f"left as they are (first: {unreadable[0]}). Keep the old keys until this "
                    "is resolved."
                )
        self.stdout.write(self.style.SUCCESS("All encrypted data uses the first key now."))
