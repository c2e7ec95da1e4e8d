"""Schedule the anonymisation of closed requests; team leads read the audit log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name="anonymise-closed-requests",
        defaults={
            "func": "portal.tasks.anonymise_closed_requests",
            "schedule_type": "D",
            "repeats": -1,
        },
    )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    lead, _created = Group.objects.get_or_create(name="Teamleitung")
    lead.permissions.add(
        Permission.objects.get(content_type__app_label="portal", codename="view_auditevent")
    )


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="anonymise-closed-requests").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_auditevent"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
