from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NaturalisationConfig(AppConfig):
    name = "naturalisation"
    verbose_name = _("Naturalisation")

    def ready(self):
        # The applications app never imports this one: its kind is registered here.
        from applications import kinds

        from . import certificate
        from .kind import NATURALISATION, STEPS

        kinds.register(NATURALISATION, steps=STEPS)
        kinds.register(certificate.CITIZENSHIP_CERTIFICATE, steps=certificate.STEPS)
