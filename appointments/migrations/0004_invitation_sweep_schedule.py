"""Schedule the invitation sweep in django-q2 every 10 minutes (idempotent).

The sweep (appointments.tasks.invitation_sweep) enqueues the invitation task
again for requests in "documents complete" that have no letter yet, should
the task enqueued on commit have been lost or have failed.
"""

from django.db import migrations

NAME = "invitation-sweep"
TASK = "appointments.tasks.invitation_sweep"


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": TASK, "schedule_type": "I", "minutes": 10, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_capacity_appointments_letters"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
