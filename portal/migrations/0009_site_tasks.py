"""The retention jobs moved to the site (portal/site/tasks.py): their schedules follow."""

from django.db import migrations

MOVED = {
    "portal.tasks.delete_expired_drafts": "portal.site.tasks.delete_expired_drafts",
    "portal.tasks.anonymise_closed_requests": "portal.site.tasks.anonymise_closed_requests",
}


def forward(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for old, new in MOVED.items():
        Schedule.objects.filter(func=old).update(func=new)


def backward(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for old, new in MOVED.items():
        Schedule.objects.filter(func=new).update(func=old)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_expired_sessions_schedule_and_no_codes_in_sessions"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forward, backward)]
