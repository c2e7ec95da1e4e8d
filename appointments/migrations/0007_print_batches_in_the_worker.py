"""Print batches are made by the worker: status, attempts, and a sweep every 10 minutes.

Batches made before this migration were made in the request and are ready.
"""

from django.db import migrations, models

SWEEP_NAME = "print-batch-sweep"
SWEEP_TASK = "appointments.tasks.print_batch_sweep"
STATUS_CHOICES = [
    ("preparing", "being prepared"),
    ("ready", "ready to print"),
    ("failed", "failed: the letters are back in the queue"),
]


def existing_batches_are_ready(apps, schema_editor):
    PrintBatch = apps.get_model("appointments", "PrintBatch")
    PrintBatch.objects.update(status="ready", ready_at=models.F("created_at"))


def schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=SWEEP_NAME,
        defaults={"func": SWEEP_TASK, "schedule_type": "I", "minutes": 10, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SWEEP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0006_print_staff_permissions"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="printbatch",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AddField(
            model_name="printbatch",
            name="ready_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ready at"),
        ),
        migrations.AddField(
            model_name="printbatch",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="preparing", max_length=12, verbose_name="status"
            ),
        ),
        migrations.RunPython(existing_batches_are_ready, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]
