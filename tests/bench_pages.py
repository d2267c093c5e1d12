"""The pages on the generated data set (`make bench`; figures, never assertions).

Every list, register, search, feed, dashboard and indicator page, and the detail pages with
the most rows, each requested BENCH_RUNS times (30 by default) in-process through Django's
test client with DEBUG off: p50 and p95 in milliseconds, queries and size. Then four pages
against a bare view that renders an empty page in the site layout (tests/bench_urls.py),
requested in turn in the same loop, as ratios of p50.
"""

import os
import statistics
import time

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from samarbeid.access import EDITORS

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
GOAL_MS = 100
GOAL_RATIO = 3


def percentile(times, p):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def clients():
    user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    editor = Client()
    editor.force_login(user)
    return Client(), editor


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response) if response.streaming else response.content
    return len(queries), len(body)


def timed(client, url, runs=RUNS):
    fetch(client, url)  # warm up templates and caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    queries, size = fetch(client, url)
    return times, queries, size


def pages(public, editor, detail):
    """(label, client, url) for every page in the table."""
    from moter.models import Meeting

    newest = Meeting.objects.filter(body__slug="bench-3", status="publisert").first()
    # The secretariat edits a meeting until it is published (then the screen is read-only).
    held = Meeting.objects.filter(body__slug="bench-3", status__in=["halde", "planlagd"]).last()
    oldest = Meeting.objects.filter(body__slug="bench-3").order_by("starts_at").first()
    year = newest.year
    rows = [
        ("front page", public, "/"),
        ("meetings list", public, "/mote/"),
        ("meetings list, page 200", public, "/mote/?side=200"),
        ("meetings list, body+year", public, f"/mote/?body=bench-3&year={year}"),
        ("meetings list (editor)", editor, "/mote/"),
        ("meeting schedule", public, "/mote/moteplan/"),
        ("decisions register", public, "/mote/vedtak/"),
        ("decisions register, page 500", public, "/mote/vedtak/?side=500"),
        ("decisions register, body+year", public, f"/mote/vedtak/?body=bench-3&year={year}"),
        ("decisions register, words", public, "/mote/vedtak/?q=legevakt"),
        ("decisions register (editor)", editor, "/mote/vedtak/"),
        ("iCal, all bodies", public, "/mote/kalender.ics"),
        ("iCal, one body", public, "/mote/kalender/bench-3.ics"),
        ("iCal, all bodies, whole history", public, "/mote/kalender-alle.ics"),
        ("Atom feed of minutes", public, "/mote/referat.atom"),
        ("bodies list", public, "/utval/"),
        ("body page (bench-3)", public, "/utval/bench-3/"),
        ("organisations", public, "/organisasjonar/"),
        ("plans list", public, "/handlingsplan/"),
        ("agreements list", public, "/avtalar/"),
        ("signing matrix", public, "/avtalar/signeringsoversikt/"),
        ("working groups", public, "/avtalar/arbeidsgrupper/"),
        ("search: common word", public, "/sok/?q=avtale"),
        ("search: common word (editor)", editor, "/sok/?q=avtale"),
        ("search: two words", public, "/sok/?q=tenesteavtale+beredskap"),
        ("search: spelling pair", public, "/sok/?q=sykehus"),
        ("search: rare word", public, "/sok/?q=legemiddelberedskap"),
        ("search: common word, page 50", public, "/sok/?q=helse&side=50"),
        ("search: body filter", public, "/sok/?q=avtale&utval=bench-3"),
        ("search: type and year", public, f"/sok/?q=oppfølging&type=vedtak&ar={year}"),
        ("dashboard (editor)", editor, "/arbeid/"),
        ("follow-ups, open (editor)", editor, "/arbeid/oppfolging/"),
        ("follow-ups, all (editor)", editor, "/arbeid/oppfolging/?status=alle"),
        ("follow-ups, all, page 400 (editor)", editor, "/arbeid/oppfolging/?status=alle&side=400"),
        ("indicators, default years", public, "/indikatorar/"),
        ("indicators, 20 years", public, f"/indikatorar/?year_from={year - 19}&year_to={year}"),
        ("indicators, unpublished (editor)", editor,
         f"/indikatorar/?year_from={year - 19}&year_to={year}&unpublished=on"),
        ("meeting page, newest (public)", public, newest.get_absolute_url()),
        ("meeting page, oldest (public)", public, oldest.get_absolute_url()),
        ("meeting page, live (editor)", editor, newest.get_absolute_url()),
        ("case page (public)", public, newest.items.first().get_absolute_url()),
        ("meeting screen, 14 cases (admin)", editor, f"/admin/moter/meeting/{held.pk}/change/"),
    ]  # fmt: skip
    return rows + detail


def table(rows):
    print(f"{'page':<42} {'p50':>7} {'p95':>7}  queries     KiB  ({load()})")
    over = []
    for label, client, url in rows:
        try:
            times, queries, size = timed(client, url)
        except AssertionError as error:
            print(f"{label:<42} (not measured: {error})")
            continue
        p50, p95 = statistics.median(times), percentile(times, 95)
        flag = " *" if p95 > GOAL_MS else ""
        print(f"{label:<42} {p50:7.1f} {p95:7.1f}  {queries:7d} {size / 1024:7.1f}{flag}")
        if p95 > GOAL_MS:
            over.append(label)
    print(f"(ms, {RUNS} runs; * p95 over {GOAL_MS} ms: {len(over)}; {load()})")


def load():
    """The machine's load (1, 5, 15 minutes), printed with every table: the machine is shared,
    so compare only figures of one run."""
    return "load " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def ratios(rows):
    """Each page and the bare view requested in turn, RUNS times: p50 and p95 of each, and
    the ratios of the p50s and of the p95s."""
    print(f"\n{'page against a bare view':<42} {'p50':>7} {'p95':>7} {'bare p50':>8} {'p95':>7}"
          f" {'ratio p50':>9} {'p95':>6}  ({load()})")  # fmt: skip
    bare_client = Client()
    for label, client, url in rows:
        timed(client, url, runs=1)
        timed(bare_client, "/__bench__/tom/", runs=1)
        page, bare = [], []
        for _ in range(RUNS):
            page += timed(client, url, runs=1)[0]
            bare += timed(bare_client, "/__bench__/tom/", runs=1)[0]
        p, b = statistics.median(page), statistics.median(bare)
        p95, b95 = percentile(page, 95), percentile(bare, 95)
        flag = " *" if p / b > GOAL_RATIO else ""
        print(f"{label:<42} {p:7.1f} {p95:7.1f} {b:8.1f} {b95:7.1f} {p / b:8.1f}× {p95 / b95:5.1f}×"
              f"{flag}")  # fmt: skip
    print(f"(ms, {RUNS} runs in turn; * ratio of the p50s over {GOAL_RATIO}×; {load()})")


def main(years):
    from handlingsplan.models import Plan
    from moter.bench import synthetic_meeting
    from moter.models import Meeting

    public, editor = clients()
    synthetic = Meeting.objects.filter(
        body__slug="ssu", year=2030, place="Benk"
    ).first() or synthetic_meeting(cases=40, attendees=60, place="Benk")
    plan = Plan.objects.filter(slug="bench-plan").first() or bench_plan()
    detail = [
        ("meeting page, 40 cases (public)", public, synthetic.get_absolute_url()),
        ("meeting page, 40 cases, live (editor)", editor, synthetic.get_absolute_url()),
        ("plan page, 80 measures × 6 reports", public, plan.get_absolute_url()),
    ]  # fmt: skip
    with override_settings(ROOT_URLCONF="tests.bench_urls"):
        print(f"\n== pages, {years} years of data")
        table(pages(public, editor, detail))
        ratios(
            [
                ("meeting page, 40 cases (public)", public, synthetic.get_absolute_url()),
                ("meetings list", public, "/mote/"),
                ("body page (ssu)", public, "/utval/ssu/"),
                ("plan page, 80 measures × 6 reports", public, plan.get_absolute_url()),
            ]
        )


def bench_plan():
    from handlingsplan.models import Plan
    from handlingsplan.tests.helpers import fill_plan, make_plan

    plan = make_plan("bench-plan", body=Plan.objects.get(slug="2020").adopted_by)
    fill_plan(plan, 80, reports=6, areas=4)
    return plan
