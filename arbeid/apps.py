from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbeidConfig(AppConfig):
    name = "arbeid"
    verbose_name = _("The secretariat's workspace")
