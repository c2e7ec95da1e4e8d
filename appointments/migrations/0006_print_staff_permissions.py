"""Print staff (group "Poststelle") work the print queue (issue "appointments", item 4).

They see the letters waiting to be printed (names and postal addresses),
make print batches, download and reprint them. Nothing of the requests
themselves: no permission of the applications app.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PRINT_STAFF = [
    ("appointments", "view_invitationletter"),
    ("appointments", "view_printbatch"),
    ("appointments", "add_printbatch"),
    ("appointments", "view_printreprint"),
    ("appointments", "add_printreprint"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Poststelle")
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app, codename=code)
            for app, code in PRINT_STAFF
        ]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Poststelle").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="appointments",
                codename__in=[code for _app, code in PRINT_STAFF],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_print_batches_and_changes"),
        ("applications", "0006_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
