"""Special categories encrypted at rest (portal/encryption.py); stored rows are sealed."""

from django.db import migrations

import portal.fields


def seal_stored(apps, schema_editor):
    portal.fields.reseal_rows(apps.get_model("applications", "Application"), "answers")


def unseal_stored(apps, schema_editor):
    model = apps.get_model("applications", "Application")
    portal.fields.unseal_rows(model, "answers")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0010_urgency_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="answers",
            field=portal.fields.SealedJSONField(
                default=dict,
                sealed=["convictions", "health", "legal", "legal_details", "voluntary"],
                verbose_name="answers",
            ),
        ),
        migrations.RunPython(seal_stored, unseal_stored),
    ]
