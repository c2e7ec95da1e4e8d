"""The demo data of ``make run``: demo staff, locations, opening hours (demo mode only)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from appointments.demo import demo_locations_ensure
from appointments.demo_capacity import demo_capacity_ensure
from locations.models import StaffLocations

# Shown in the terminal and in the README. Exists only where DEMO_MODE=1,
# which the settings refuse outside DEBUG.
DEMO_CASEWORKER_USERNAME = "sachbearbeitung"
DEMO_CASEWORKER_PASSWORD = "Demo-Sachbearbeitung-2026"  # noqa: S105 (demo mode only)
CASEWORKER_GROUP = "Sachbearbeitung"
DEMO_LEAD_USERNAME = "teamleitung"
DEMO_LEAD_PASSWORD = "Demo-Teamleitung-2026"  # noqa: S105 (demo mode only)
LEAD_GROUP = "Teamleitung"
DEMO_PRINT_USERNAME = "poststelle"
DEMO_PRINT_PASSWORD = "Demo-Poststelle-2026"  # noqa: S105 (demo mode only)
PRINT_GROUP = "Poststelle"
DEMO_NATURALISATION_USERNAME = "einbuergerung"
DEMO_NATURALISATION_PASSWORD = "Demo-Einbuergerung-2026"  # noqa: S105 (demo mode only)
NATURALISATION_GROUP = "Einbürgerung"


# (user name, password, last name, group, what the account is for)
DEMO_STAFF = (
    (
        DEMO_CASEWORKER_USERNAME,
        DEMO_CASEWORKER_PASSWORD,
        "Sachbearbeitung",
        CASEWORKER_GROUP,
        "caseworker, all demo locations",
    ),
    (
        DEMO_LEAD_USERNAME,
        DEMO_LEAD_PASSWORD,
        "Teamleitung",
        LEAD_GROUP,
        "team lead: every location, overrides, failed invitations, capacity",
    ),
    (
        DEMO_PRINT_USERNAME,
        DEMO_PRINT_PASSWORD,
        "Poststelle",
        PRINT_GROUP,
        "print staff: the print queue only",
    ),
    (
        DEMO_NATURALISATION_USERNAME,
        DEMO_NATURALISATION_PASSWORD,
        "Einbürgerung",
        NATURALISATION_GROUP,
        "naturalisation team: the messages sent to it only",
    ),
)


def _demo_staff(username: str, password: str, last_name: str, group: str):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": "Demo", "last_name": last_name}
    )
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def demo_data_ensure() -> list:
    """Create or refresh the demo staff, locations and opening hours; returns the staff."""
    with transaction.atomic():
        staff = [_demo_staff(*account[:4]) for account in DEMO_STAFF]
        # Locations of the seeds plus fictional demo ones, bookable opening hours,
        # and the demo caseworker working for all of them.
        locations = demo_locations_ensure()
        demo_capacity_ensure()
        assignment, _ = StaffLocations.objects.get_or_create(user=staff[0])
        assignment.locations.add(*locations)
    return staff
