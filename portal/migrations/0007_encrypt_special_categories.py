"""Special categories encrypted at rest (portal/encryption.py); stored rows are sealed."""

from django.db import migrations

import portal.fields


def seal_stored(apps, schema_editor):
    portal.fields.reseal_rows(apps.get_model("portal", "Draft"), "state")


def unseal_stored(apps, schema_editor):
    model = apps.get_model("portal", "Draft")
    portal.fields.unseal_rows(model, "state")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_closed_retention_and_audit_readers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="draft",
            name="state",
            field=portal.fields.SealedJSONField(
                default=dict, sealed="__all__", verbose_name="wizard state"
            ),
        ),
        migrations.RunPython(seal_stored, unseal_stored),
    ]
