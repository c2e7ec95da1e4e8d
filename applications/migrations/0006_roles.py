"""The roles as groups with permissions (issue "back office", item 7).

- Sachbearbeitung (caseworker): reads and works on requests, sees special
  categories of data, changes the status, reviews documents, records fees.
- Teamleitung (team lead): as caseworkers, for all locations.
- Poststelle (print staff): nothing of the requests themselves (the print
  queue comes with the letters).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASEWORKER = [
    ("applications", "view_application"),
    ("applications", "change_application"),
    ("applications", "change_workflow"),
    ("applications", "view_special_categories"),
    ("applications", "view_documentdeclaration"),
    ("applications", "change_documentdeclaration"),
    ("applications", "view_feeassessment"),
    ("applications", "add_feeassessment"),
    ("applications", "view_upload"),
]
ROLES = {
    "Sachbearbeitung": CASEWORKER,
    "Teamleitung": CASEWORKER,
    "Poststelle": [],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=code)
            for app, code in codes
        ]
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_casework"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
