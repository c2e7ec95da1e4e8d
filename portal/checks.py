"""Deployment checks of the portal's own settings (``manage.py check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def admin_second_factor_check(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "ADMIN_REQUIRE_2FA", True):
        return []
    return [
        Warning(
            "ADMIN_REQUIRE_2FA is off: staff log in to the admin with a password alone.",
            hint="Unset ADMIN_REQUIRE_2FA (it defaults to on outside DEBUG) and enrol each "
            "staff member's authenticator app with `manage.py staff_totp USER`.",
            id="portal.W001",
        )
    ]
