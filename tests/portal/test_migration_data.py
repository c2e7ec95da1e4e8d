"""After a flush the data migrations' rows come back exactly (tests/roles.py, tests/conftest.py).

The suite runs in several processes in any order (scripts/test-suite.sh); a
test that needs the staff roles or the queue's schedules must find them even
when a transactional test emptied the tables before it in its process.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django_q.models import Schedule

from tests.roles import ROLES, migration_data_restore

pytestmark = pytest.mark.django_db

SCHEDULES = {
    "delete-expired-drafts",
    "anonymise-closed-requests",
    "invitation-sweep",
    "print-batch-sweep",
    "delete-expired-sessions",
}


def _rows():
    groups = {
        group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.all()
    }
    schedules = sorted(
        Schedule.objects.values_list("name", "func", "schedule_type", "minutes", "repeats")
    )
    return groups, schedules


def test_the_restore_writes_again_what_the_migrations_wrote():
    groups, schedules = before = _rows()
    assert set(ROLES) <= set(groups)
    assert all(groups[role] for role in ROLES)
    assert {name for name, *_rest in schedules} >= SCHEDULES

    Group.objects.all().delete()
    Schedule.objects.all().delete()
    migration_data_restore()
    assert _rows() == before

    migration_data_restore()  # idempotent: nothing twice
    assert _rows() == before
