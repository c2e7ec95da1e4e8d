"""The naturalisation team ("Einbürgerung") reads the messages sent to it; no other role does."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEAM = "Einbürgerung"
PERMISSIONS = [("naturalisation", "view_contactmessage")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    team, _created = Group.objects.get_or_create(name=TEAM)
    team.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=code)
            for app, code in PERMISSIONS
        ]
    )


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TEAM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("naturalisation", "0001_contact_message"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
