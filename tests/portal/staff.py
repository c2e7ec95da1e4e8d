"""Staff accounts with a real TOTP device, and the admin login with password and code."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

STAFF_PASSWORD = "Ein-langes-Passwort-2026"


def make_staff(username: str = "eva", *, superuser: bool = False, **extra):
    model = get_user_model()
    create = model.objects.create_superuser if superuser else model.objects.create_user
    return create(username=username, password=STAFF_PASSWORD, is_staff=True, **extra)


def enrol_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=True)


def totp_token(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or ``steps_ahead`` periods later).

    A device accepts each code once; a second login within one period takes
    the next period's code (the device allows one period of drift).
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def post_admin_login(client: Client, username: str, password: str, token: str = "", **extra):
    data = {"username": username, "password": password, "next": "/admin/"}
    if token:
        data["otp_token"] = token
    return client.post("/admin/login/?next=/admin/", data, **extra)


def admin_login(client: Client, user, device: TOTPDevice, *, steps_ahead: int = 0) -> None:
    """Log ``user`` in to the admin through its login form, with password and TOTP code."""
    response = post_admin_login(
        client, user.get_username(), STAFF_PASSWORD, totp_token(device, steps_ahead=steps_ahead)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/admin/"
