"""Deployment checks of the portal's own settings (``manage.py check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def admin_second_factor_check(app_configs, **kwargs):
    if settings.DEBUG or settings.ADMIN_REQUIRE_2FA:
        return []
    return [
        Warning(
            "ADMIN_REQUIRE_2FA is off: staff log in to the admin with a password alone.",
            hint="Unset ADMIN_REQUIRE_2FA (it defaults to on outside DEBUG) and enrol each "
            "staff member's authenticator app with `manage.py staff_totp USER`.",
            id="portal.W001",
        )
    ]


@register(Tags.security)
def virus_scanner_address_check(app_configs, **kwargs):
    from .virus_scan import endpoint_from_address

    if not settings.CLAMD_ADDRESS:
        return []
    try:
        endpoint_from_address(settings.CLAMD_ADDRESS)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="portal.E001")]
    return []


@register(Tags.security, deploy=True)
def virus_scanner_configured_check(app_configs, **kwargs):
    if settings.DEBUG or settings.CLAMD_ADDRESS:
        return []
    return [
        Warning(
            "CLAMD_ADDRESS is not set: uploaded files are not scanned for viruses.",
            hint="Run clamd (docker-compose.yml has a service) and set CLAMD_ADDRESS to its "
            "socket or host:port; uploads are then refused while it cannot be reached.",
            id="portal.W002",
        )
    ]
