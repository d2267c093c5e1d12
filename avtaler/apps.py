from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvtalerConfig(AppConfig):
    name = "avtaler"
    verbose_name = _("Agreements")
