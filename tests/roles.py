"""The staff roles as the migrations create them, also after a transactional test's flush.

A transactional test (``django_db(transaction=True)``) ends by emptying every
table, the groups that data migrations made included. ``ensure_roles()``
runs those migrations' functions again on the live app registry, so that a
later test gets the same groups with the same permissions.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

ROLE_MIGRATIONS = (
    ("applications.migrations.0006_roles", "create_roles"),
    ("applications.migrations.0008_team_lead_all_locations", "grant"),
    ("appointments.migrations.0006_print_staff_permissions", "grant"),
    ("applications.migrations.0013_desk_overrides_and_hand_in", "grant_override"),
    ("appointments.migrations.0009_desk_roles", "grant"),
    ("naturalisation.migrations.0002_team", "grant"),
)
ROLES = ("Sachbearbeitung", "Teamleitung", "Poststelle", "Einbürgerung")


def ensure_roles() -> None:
    if Group.objects.filter(name__in=ROLES).count() == len(ROLES):
        return
    for module, function in ROLE_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
