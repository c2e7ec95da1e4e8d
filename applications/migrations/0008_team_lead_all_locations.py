"""Team leads work on every location's requests (issue "back office", item 7)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    lead, _created = Group.objects.get_or_create(name="Teamleitung")
    lead.permissions.add(
        Permission.objects.get(
            content_type__app_label="applications", codename="view_all_locations"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("applications", "0007_locations")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
