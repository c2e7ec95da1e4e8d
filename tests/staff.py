"""Staff test clients: logged in, and verified with a second factor where the admin needs it."""

from __future__ import annotations

from django.test import Client


def staff_client(user) -> Client:
    from django.apps import apps

    client = Client()
    client.force_login(user)
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
