"""`make bench`: speed and size figures, printed (never asserted).

Runs under the test settings (DEBUG off) against a throwaway database (SQLite in memory by
default, PostgreSQL when DATABASE_URL says so), loads the demo data, then each app's
bench.main(). With --big it also generates years of data (tests/bigdata.py; BENCH_YEARS,
ten by default: ≈ 250 meetings and 3,500 cases a year, with their history rows), rebuilds the
search index, runs the BIG_BENCHES and times every page (tests/bench_pages.py); `make bench`
does that on PostgreSQL, in a database named after the years (…_bench20 for 20 years).
BENCH_KEEP=1 keeps that database for the next run, which then skips generating;
BENCH_PAGES_ONLY=1 prints only the pages' table; BENCH_DATABASE_NAME names that database.
"""

import logging
import os
import statistics
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samarbeid.settings_test")

BENCHES = ["moter.bench", "handlingsplan.bench"]
BIG_BENCHES = ["arbeid.bench", "sok.bench", "indikatorar.bench"]


def median_ms(fn, runs=5):
    """Median wall time of `runs` calls of fn, in milliseconds, and fn's last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def yardstick_ms():
    """This machine's speed at plain Python: the pages' figures scale with it (seen: 49 ms on
    a machine where every page took about twice as long as on the one the goals were set on)."""
    return min(median_ms(lambda: sum(range(10**6)), runs=1)[0] for _ in range(5))


def main(big=False, years=10, keep=False):
    import django

    django.setup()
    from importlib import import_module

    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # Tasks run at once here (settings_test); their "Task id=… state=…" lines are not figures.
    logging.getLogger("django.tasks").setLevel(logging.WARNING)
    static_root = tempfile.mkdtemp(prefix="samarbeid-bench-static-")
    override_settings(STATIC_ROOT=static_root).enable()
    call_command("collectstatic", interactive=False, verbosity=0)
    if big and connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME") or (
            f"{connection.settings_dict['NAME']}{years}"
        )
    keep = keep and big and connection.vendor == "postgresql"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    try:
        from samarbeid.models import Body

        generated = Body.objects.filter(slug="bench-0").exists()
        if not generated:
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"database: {connection.vendor} ({name})")
        print(f"machine: {yardstick_ms():.1f} ms for sum(range(10**6)), best of 5 (a yardstick: "
              "compare figures from machines where it matches)")  # fmt: skip
        if not big:
            for module in BENCHES:
                print(f"\n== {module}")
                import_module(module).main()
            return
        from tests import bench_pages, bigdata

        if generated:
            print(f"\n== {years} years of generated data: kept from an earlier run")
        else:
            print(f"\n== {years} years of generated data")
            ms, _ = median_ms(lambda: bigdata.generate(log=print, years=years), runs=1)
            print(f"  generated in {ms / 1000:.1f} s")
            ms, _ = median_ms(lambda: call_command("rebuild_search_index", verbosity=0), runs=1)
            print(f"  search index rebuilt in {ms / 1000:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        if not os.environ.get("BENCH_PAGES_ONLY"):
            for module in BIG_BENCHES:
                print(f"\n== {module}")
                import_module(module).main()
        bench_pages.main(years)
    finally:
        if not keep:
            connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    import sys

    main(
        big="--big" in sys.argv,
        years=int(os.environ.get("BENCH_YEARS") or 10),
        keep=os.environ.get("BENCH_KEEP", "") not in ("", "0"),
    )
