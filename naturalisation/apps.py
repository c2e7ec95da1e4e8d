from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NaturalisationConfig(AppConfig):
    name = "naturalisation"
    verbose_name = _("Naturalisation")
