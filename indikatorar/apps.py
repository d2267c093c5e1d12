from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndikatorarConfig(AppConfig):
    name = "indikatorar"
    verbose_name = _("Indicators")
