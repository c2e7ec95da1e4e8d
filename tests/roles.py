"""The rows the data migrations write, as the migrations write them, also after a flush.

A transactional test (``django_db(transaction=True)``, ``live_server``, the
``qcluster`` fixture) ends by emptying every table: the staff roles (groups
and their permissions) and the queue's schedules that data migrations made
go with them. ``migration_data_restore()`` runs those migrations' functions
again, in the migrations' order, on the models as the migrations see them
(the project state's historical apps, built once per process; the live
registry must not be handed to them: they switch its ``models_module``).
tests/conftest.py calls it after every such test, so that no test depends on
the order the tests run in; ``ensure_roles()`` does it when the groups are
missing.
"""

from __future__ import annotations

import functools
import importlib

from django.contrib.auth.models import Group
from django.db import connection

# (migration module, function): every data migration that writes rows a fresh
# database has, in the order the migration graph runs them.
DATA_MIGRATIONS = (
    ("portal.migrations.0003_retention_schedule", "schedule"),
    ("appointments.migrations.0004_invitation_sweep_schedule", "schedule"),
    ("applications.migrations.0006_roles", "create_roles"),
    ("applications.migrations.0008_team_lead_all_locations", "grant"),
    ("appointments.migrations.0006_print_staff_permissions", "grant"),
    ("appointments.migrations.0007_print_batches_in_the_worker", "schedule"),
    ("portal.migrations.0006_closed_retention_and_audit_readers", "forwards"),
    ("applications.migrations.0013_desk_overrides_and_hand_in", "grant_override"),
    ("appointments.migrations.0009_desk_roles", "grant"),
    ("naturalisation.migrations.0002_team", "grant"),
    ("portal.migrations.0008_expired_sessions_schedule_and_no_codes_in_sessions", "schedule"),
    ("portal.migrations.0009_site_tasks", "forward"),
)
ROLES = ("Sachbearbeitung", "Teamleitung", "Poststelle", "Einbürgerung")


@functools.cache
def _historical_apps():
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection, ignore_no_migrations=True).project_state().apps


def migration_data_restore() -> None:
    """Write the data migrations' rows again (each function is idempotent)."""
    apps = _historical_apps()
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


def ensure_roles() -> None:
    if Group.objects.filter(name__in=ROLES).count() == len(ROLES):
        return
    migration_data_restore()
