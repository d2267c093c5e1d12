"""Speed figures for the action plan (`make bench`; not a test).

Prints the median of 5 runs of:
- the PDF of the seed plan (Handlingsplan 2020 from the demo data);
- the PDF of a synthetic plan of 80 measures × 6 status reports;
- the plan page of that synthetic plan: server time (Django test client) and query count.

It runs under the test settings against a throwaway test database (created here with
`create_test_db` and destroyed afterwards) and a throwaway STATIC_ROOT, so it never touches
the development data.
"""

import os
import statistics
import tempfile
import time

RUNS = 5


def median_ms(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samarbeid.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        with (
            tempfile.TemporaryDirectory() as static_root,
            override_settings(STATIC_ROOT=static_root),
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
            # Only the registry and the action plan: the other apps' demo data is not needed.
            from handlingsplan import demo
            from samarbeid import demo as registry

            registry.load(lambda line: None)
            demo.load(lambda line: None)
            for line in measure():
                print(line)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure():
    from django.db import connection
    from django.test import Client

    from handlingsplan.models import Plan
    from handlingsplan.pdf import render_plan_pdf
    from handlingsplan.tests.helpers import fill_plan, make_plan

    seed = Plan.objects.get(slug="2020")
    big = make_plan("bench", body=seed.adopted_by)
    fill_plan(big, 80, reports=6, areas=4)
    client = Client()
    url = big.get_absolute_url()
    assert client.get(url).status_code == 200  # warm up templates and caches
    render_plan_pdf(seed)
    # Counted with an execute wrapper: a request resets the query log the usual way.
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or
                                    execute(sql, *args)):  # fmt: skip
        client.get(url)
    pages = len(render_plan_pdf(big)) // 1024
    yield f"handlingsplan: PDF of the seed plan (14 measures): {median_ms(lambda: render_plan_pdf(seed)):.0f} ms"
    yield (
        f"handlingsplan: PDF of 80 measures × 6 reports ({pages} KiB): "
        f"{median_ms(lambda: render_plan_pdf(big)):.0f} ms"
    )
    yield (
        f"handlingsplan: plan page, 80 measures × 6 reports: "
        f"{median_ms(lambda: client.get(url)):.0f} ms server time, {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
