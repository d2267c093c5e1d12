"""Speed figures for the action plan (`make bench`; not a test).

Prints the median of 5 runs of:
- the PDF of the seed plan (Handlingsplan 2020 from the demo data);
- the PDF of a synthetic plan of 80 measures × 6 status reports;
- the plan page of that synthetic plan: server time (Django test client) and query count.

Run it with `make bench` (tests/bench.py makes a throwaway database and loads the demo).
"""

from tests.bench import median_ms


def main():
    """Called by tests/bench.py, which sets up the database and the demo data."""
    for line in measure():
        print(line)


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
    yield f"handlingsplan: PDF of the seed plan (14 measures): {median_ms(lambda: render_plan_pdf(seed))[0]:.0f} ms"
    yield (
        f"handlingsplan: PDF of 80 measures × 6 reports ({pages} KiB): "
        f"{median_ms(lambda: render_plan_pdf(big))[0]:.0f} ms"
    )
    yield (
        f"handlingsplan: plan page, 80 measures × 6 reports: "
        f"{median_ms(lambda: client.get(url))[0]:.0f} ms server time, {len(queries)} queries"
    )
