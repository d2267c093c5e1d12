from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SokConfig(AppConfig):
    name = "sok"
    verbose_name = _("Search")

    def ready(self):
        from sok import signals

        signals.connect()
