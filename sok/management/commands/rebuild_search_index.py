import time

from django.core.management.base import BaseCommand

from sok.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the meetings, cases, plans and agreements."

    def handle(self, *args, **options):
        start = time.perf_counter()
        counts = rebuild()
        seconds = time.perf_counter() - start
        for name, n in counts.items():
            self.stdout.write(f"{name}: {n} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {sum(counts.values())} rows in {seconds:.1f} s."
            )
        )
