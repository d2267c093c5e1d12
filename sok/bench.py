"""Figures for search: page latency for typical queries, public and secretariat, and the time
to rebuild the index, on whatever data is in the database (see tests/bench.py)."""

import time

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samarbeid.access import make_secretary
from sok.index import rebuild
from sok.models import Entry
from tests.bench import median_ms

QUERIES = [
    ("one word", {"q": "avtale"}),
    ("two words", {"q": "tenesteavtale beredskap"}),
    ("spelling pair", {"q": "sykehus"}),
    ("rare word", {"q": "legemiddelberedskap"}),
    ("with a body filter", {"q": "avtale", "utval": "ssu"}),
    ("with type and year", {"q": "oppfølging", "type": "vedtak", "ar": "2026"}),
]


def page(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sok/", params)
    assert response.status_code == 200, response.status_code
    hits = response.context["page"].paginator.count if "page" in response.context else 0
    return hits, len(queries)


def main():
    start = time.perf_counter()
    counts = rebuild()
    seconds = time.perf_counter() - start
    print(f"rebuild: {sum(counts.values())} rows in {seconds:.2f} s ({connection.vendor})")
    print("  " + ", ".join(f"{label} {n}" for label, n in counts.items()))
    public, editor = Client(), Client()
    user, _ = User.objects.get_or_create(username="bench-sok", defaults={"is_staff": True})
    make_secretary(user)
    editor.force_login(user)
    print(f"index rows: {Entry.objects.count()}; page latency, median of 5 runs:")
    for label, params in QUERIES:
        cells = []
        for who, client in (("public", public), ("editor", editor)):
            page(client, params)  # warm up
            ms, (hits, queries) = median_ms(lambda c=client, p=params: page(c, p))
            cells.append(f"{who} {ms:6.1f} ms, {hits:5} hits, {queries} queries")
        print(f"  {label:20} {' | '.join(cells)}")
