"""Speed figures for the indicators (not a test), on whatever data is in the database.

Prints the median of 5 runs of the indicator page (server time through the Django test
client, and its query count) for the public and for an editor counting unpublished meetings
too, over the default years and over the whole history (at most 20 years), and the PDF report.
"""

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indikatorar.figures import year_extent
from moter.models import AgendaItem, Meeting
from samarbeid.access import make_secretary
from tests.bench import median_ms

URL = "/indikatorar/"


def page(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    return len(queries)


def main():
    public, editor = Client(), Client()
    user, _ = User.objects.get_or_create(username="bench-indikatorar", defaults={"is_staff": True})
    make_secretary(user)
    editor.force_login(user)
    first, last = year_extent(include_unpublished=True)
    if last is None:
        print("indikatorar: no held meetings in the database; nothing to measure")
        return
    everything = {"year_from": max(first, last - 19), "year_to": last}
    print(
        f"indikatorar: data {Meeting.objects.count()} meetings, "
        f"{AgendaItem.objects.count()} cases, years {first}–{last}"
    )
    runs = [
        ("public, default years", public, URL, {}),
        (f"public, {everything['year_from']}–{last}", public, URL, everything),
        ("editor, unpublished too", editor, URL, {**everything, "unpublished": "on"}),
        ("PDF report, public", public, URL + "rapport.pdf", everything),
    ]
    for label, client, url, query in runs:
        page(client, url, query)  # warm up templates and caches
        ms, queries = median_ms(lambda c=client, u=url, q=query: page(c, u, q))
        print(f"indikatorar: {label:28} {ms:7.1f} ms server time, {queries} queries")
