"""Load the demo data for ``make run`` (demo mode only). Idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp import user_has_device

from portal.site.demo import DEMO_CASEWORKER_USERNAME, DEMO_STAFF, demo_data_ensure
from portal.site.demo_requests import demo_requests_ensure


class Command(BaseCommand):
    help = "Creates the demo data and the demo staff accounts (only with DEMO_MODE=1)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded with DEMO_MODE=1 (and DEBUG=1).")
        staff = demo_data_ensure()
        for request in demo_requests_ensure(caseworker=staff[0]):
            self.stdout.write(
                f"Demo request {request.reference} ({request.given_names} {request.surname}): "
                f"{request.get_status_display()}."
            )
        for username, password, _last, _group, what in DEMO_STAFF:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo account ({what}): user '{username}', password '{password}' "
                    "(demo mode only)."
                )
            )
        if settings.ADMIN_REQUIRE_2FA and not user_has_device(staff[0]):
            # The second factor is optional in DEBUG unless ADMIN_REQUIRE_2FA=1 was set.
            self.stdout.write(
                "ADMIN_REQUIRE_2FA is on: enrol an authenticator app first with "
                f"`manage.py staff_totp {DEMO_CASEWORKER_USERNAME}`."
            )
