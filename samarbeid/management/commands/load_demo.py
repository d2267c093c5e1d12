from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo data: the real structure of the Bergen-area health community."
    )

    def handle(self, *args, **options):
        # Each app may have a `demo` module with `load(log)`; they run in INSTALLED_APPS
        # order, so later apps can build on the registry. All or nothing. The search index
        # is not kept current row by row meanwhile: sok's demo rebuilds it once, at the end.
        from sok.signals import paused

        with transaction.atomic(), paused():
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as e:
                    if e.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
