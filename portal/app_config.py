"""App configurations named in INSTALLED_APPS (loaded before the models: no model imports)."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig

from portal.apps import PortalConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with ``admin.site`` being the portal's two-factor site."""

    default_site = "portal.admin_site.PortalAdminSite"


class PortalAppConfig(PortalConfig):
    """The portal app, with the audit trail's receivers and the deployment checks."""

    def ready(self):
        super().ready()
        from portal import audit, checks  # noqa: F401  (connect receivers, register checks)
