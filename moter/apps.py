from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoterConfig(AppConfig):
    name = "moter"
    verbose_name = _("Meetings")
