"""Roles for the caseworker's desk (issue "case work", item 5).

- Teamleitung (team leads): retry failed invitations; manage locations, the
  staff's locations, opening hours, slot lengths and closed days; see every
  appointment.
- Sachbearbeitung (caseworkers): see the appointments of their locations
  (the list is limited to them; letters are on the request page).
- Poststelle (print staff) keeps names and postal addresses only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEAD = [
    ("appointments", "view_invitationjob"),
    ("appointments", "change_invitationjob"),
    ("appointments", "view_appointment"),
    ("locations", "view_location"),
    ("locations", "add_location"),
    ("locations", "change_location"),
    ("locations", "view_stafflocations"),
    ("locations", "add_stafflocations"),
    ("locations", "change_stafflocations"),
    ("locations", "delete_stafflocations"),
    ("appointments", "view_openinghours"),
    ("appointments", "add_openinghours"),
    ("appointments", "change_openinghours"),
    ("appointments", "delete_openinghours"),
    ("appointments", "view_slotlength"),
    ("appointments", "add_slotlength"),
    ("appointments", "change_slotlength"),
    ("appointments", "delete_slotlength"),
    ("appointments", "view_closedday"),
    ("appointments", "add_closedday"),
    ("appointments", "change_closedday"),
    ("appointments", "delete_closedday"),
]
CASEWORKER = [("appointments", "view_appointment")]
ROLES = {"Teamleitung": LEAD, "Sachbearbeitung": CASEWORKER}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codes
    ]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codes in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codes))


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0008_locations_moved"),
        ("applications", "0013_desk_overrides_and_hand_in"),
        ("locations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
