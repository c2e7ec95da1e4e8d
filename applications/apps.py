from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    # Every kind of request (permits, blocked accounts, travel documents, naturalisation ...).
    verbose_name = _("Requests")

    def ready(self):
        from portal import personal_files

        from . import retention

        # Retention removes this app's files of a request or draft (portal/site/retention.py).
        personal_files.register(
            app=self.label,
            request_files=retention.request_files_release,
            draft_files=retention.draft_files_release,
        )
