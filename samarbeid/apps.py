from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SamarbeidConfig(AppConfig):
    name = "samarbeid"
    verbose_name = _("Registry")

    def ready(self):
        from samarbeid import auth, checks  # noqa: F401 - the login signal, the deployment check
        from samarbeid.access import sync_after_migrate

        # Every app's post_migrate: the receiver acts on the last one, when all permissions exist.
        post_migrate.connect(sync_after_migrate, dispatch_uid="samarbeid-editor-group")
