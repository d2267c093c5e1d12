from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedlemConfig(AppConfig):
    name = "medlem"
    verbose_name = _("Members")

    def ready(self):
        from medlem import signals  # noqa: F401 - seats that end, documents that are issued
