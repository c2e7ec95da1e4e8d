"""Enrol a TOTP device (authenticator app) for a staff member: ``manage.py staff_totp USER``.

Creates a confirmed django-otp TOTP device and prints the ``otpauth://`` URL
and the secret in base32, to be entered into the person's authenticator app
(a QR code made from the URL, or the secret typed in). Shown once: the
database keeps the key, nobody can read it out again through the admin.
"""

from __future__ import annotations

from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit import AuditEvent, audit


class Command(BaseCommand):
    help = (
        "Creates a confirmed TOTP device (authenticator app) for a staff user and prints the "
        "otpauth:// URL and the secret (base32) to enrol it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="the staff member's user name")
        parser.add_argument(
            "--name", default="Authenticator-App", help="the device's name (default: %(default)s)"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the user's existing TOTP devices first (a lost or new phone)",
        )

    def handle(self, *args, username: str, name: str, replace: bool, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        if not (user.is_staff and user.is_active):
            raise CommandError(f"{username!r} is not an active staff member.")
        with transaction.atomic():
            existing = TOTPDevice.objects.select_for_update().filter(user=user)
            if existing.exists() and not replace:
                raise CommandError(
                    f"{username!r} already has a TOTP device. Use --replace to replace it "
                    "(the old app then stops working)."
                )
            replaced = existing.count()
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
            audit(
                action=AuditEvent.Action.CREATE,
                obj=user,
                detail="totp_replaced" if replaced else "totp_enrolled",
            )
        secret = b32encode(device.bin_key).decode("ascii")
        self.stdout.write(
            self.style.SUCCESS(f"TOTP device {device.name!r} created for {username!r}.")
        )
        self.stdout.write(f"otpauth URL: {device.config_url}")
        self.stdout.write(f"Secret (base32): {secret}")
        self.stdout.write(
            f"Settings: TOTP, SHA1, {device.digits} digits, {device.step} s. Give the URL "
            "(as a QR code) or the secret to the staff member over a safe channel only; it is "
            "not shown again. They log in at /admin/ with the password and the app's code."
        )
