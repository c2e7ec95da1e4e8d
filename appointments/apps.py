from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and letters")

    def ready(self):
        # The applications app never imports this one: it calls these hooks.
        from applications import hooks
        from portal import personal_files

        from . import desk, retention, services

        hooks.on_documents_completed(services.on_documents_completed)
        hooks.provide_appointment_facts(services.appointment_facts)
        hooks.provide_applicant_appointment(services.applicant_appointment)
        hooks.add_desk_panel(desk.appointment_panel)
        hooks.add_worklist_column(desk.APPOINTMENT_COLUMN)
        hooks.add_worklist_flag(desk.CANCELLED_FLAG)
        hooks.add_worklist_flag(desk.FAILED_FLAG)
        # Retention removes the request's letters and makes its print batches again.
        personal_files.register(
            app=self.label,
            request_files=retention.request_files_release,
            settle=retention.print_batches_settle,
        )
