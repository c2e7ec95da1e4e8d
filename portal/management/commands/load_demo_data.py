"""Load the demo data for ``make run`` (demo mode only). Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import user_has_device

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


class Command(BaseCommand):
    help = "Creates the demo data and the demo caseworker account (only with DEMO_MODE=1)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded with DEMO_MODE=1 (and DEBUG=1).")
        with transaction.atomic():
            group, _ = Group.objects.get_or_create(name=CASEWORKER_GROUP)
            user, created = get_user_model().objects.get_or_create(
                username=DEMO_CASEWORKER_USERNAME,
                defaults={"first_name": "Demo", "last_name": "Sachbearbeitung"},
            )
            user.is_staff = True
            user.is_active = True
            user.set_password(DEMO_CASEWORKER_PASSWORD)
            user.save()
            user.groups.add(group)
            # Locations of the seeds plus fictional demo ones, bookable opening hours,
            # and the demo caseworker working for all of them.
            locations = demo_locations_ensure()
            demo_capacity_ensure()
            assignment, _ = StaffLocations.objects.get_or_create(user=user)
            assignment.locations.add(*locations)
            # Team lead: every location, overrides, failed invitations, capacity.
            lead, _ = get_user_model().objects.get_or_create(
                username=DEMO_LEAD_USERNAME,
                defaults={"first_name": "Demo", "last_name": "Teamleitung"},
            )
            lead.is_staff = True
            lead.is_active = True
            lead.set_password(DEMO_LEAD_PASSWORD)
            lead.save()
            lead.groups.add(Group.objects.get_or_create(name=LEAD_GROUP)[0])
            # Print staff: the print queue only.
            printer, _ = get_user_model().objects.get_or_create(
                username=DEMO_PRINT_USERNAME,
                defaults={"first_name": "Demo", "last_name": "Poststelle"},
            )
            printer.is_staff = True
            printer.is_active = True
            printer.set_password(DEMO_PRINT_PASSWORD)
            printer.save()
            printer.groups.add(Group.objects.get_or_create(name=PRINT_GROUP)[0])
        verb = "created" if created else "ready"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo caseworker {verb}: user '{DEMO_CASEWORKER_USERNAME}', "
                f"password '{DEMO_CASEWORKER_PASSWORD}' (demo mode only)."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo team lead ready: user '{DEMO_LEAD_USERNAME}', "
                f"password '{DEMO_LEAD_PASSWORD}' (demo mode only)."
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo print staff ready: user '{DEMO_PRINT_USERNAME}', "
                f"password '{DEMO_PRINT_PASSWORD}' (demo mode only)."
            )
        )
        if settings.ADMIN_REQUIRE_2FA and not user_has_device(user):
            # The second factor is optional in DEBUG unless ADMIN_REQUIRE_2FA=1 was set.
            self.stdout.write(
                "ADMIN_REQUIRE_2FA is on: enrol an authenticator app first with "
                f"`manage.py staff_totp {DEMO_CASEWORKER_USERNAME}`."
            )
