"""Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.fields import SealedJSONField, reseal_rows


def sealed_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SealedJSONField):
                yield model, field


class Command(BaseCommand):
    help = (
        "Re-encrypts the special categories with the first key of FIELD_ENCRYPTION_KEYS. "
        "Rotate a key in three steps: put the new key first (keep the old one after it), "
        "run this command, then remove the old key."
    )

    def handle(self, *args, **options):
        for model, field in sealed_fields():
            with transaction.atomic():
                count = reseal_rows(model, field.name)
            self.stdout.write(f"{model._meta.label}.{field.name}: {count} rows re-encrypted.")
        self.stdout.write(self.style.SUCCESS("All encrypted fields use the first key now."))
