"""Schedule the daily deletion of expired drafts in django-q2 (idempotent)."""

from django.db import migrations

TASK = "portal.tasks.delete_expired_drafts"


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="delete-expired-drafts",
        defaults={"func": TASK, "schedule_type": "D", "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="delete-expired-drafts").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_draft"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
