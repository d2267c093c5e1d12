"""`make bench`: speed and size figures, printed (never asserted).

Runs under the test settings against a throwaway database (SQLite in memory by default,
PostgreSQL when DATABASE_URL says so), loads the demo data, then each app's bench.main().
"""

import os
import statistics
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samarbeid.settings_test")

BENCHES = ["moter.bench", "handlingsplan.bench"]


def median_ms(fn, runs=5):
    """Median wall time of `runs` calls of fn, in milliseconds, and fn's last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main():
    import django

    django.setup()
    from importlib import import_module

    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    static_root = tempfile.mkdtemp(prefix="samarbeid-bench-static-")
    override_settings(STATIC_ROOT=static_root).enable()
    call_command("collectstatic", interactive=False, verbosity=0)
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"database: {connection.vendor} ({name})")
        for module in BENCHES:
            print(f"\n== {module}")
            import_module(module).main()
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
