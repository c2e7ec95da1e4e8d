from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and letters")

    def ready(self):
        from portal import personal_files

        from . import retention

        # Retention removes the request's letters and makes its print batches again.
        personal_files.register(
            app=self.label,
            request_files=retention.request_files_release,
            settle=retention.print_batches_settle,
        )
