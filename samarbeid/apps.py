from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SamarbeidConfig(AppConfig):
    name = "samarbeid"
    verbose_name = _("Registry")

    def ready(self):
        from samarbeid import auth, checks  # noqa: F401 - the login signal, the deployment check
        from samarbeid.access import sync_editor_group

        post_migrate.connect(sync_editor_group, sender=self)
