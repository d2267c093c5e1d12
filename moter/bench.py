"""Figures for meetings: PDF render time and the public meeting page (see tests/bench.py)."""

import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moter.documents import render_minutes
from moter.models import AgendaItem, Attendance, Meeting
from samarbeid.access import make_secretary
from samarbeid.models import Body, Person
from tests.bench import median_ms

SEED_TEXT = (
    "Orientering ved innleiar om status for prosjektet og planane vidare. Samhandlinga på "
    "dette fagfeltet er kompleks, med mange aktørar og møteplassar. "
) * 3


def synthetic_meeting(cases=40, attendees=60, place="Haukeland"):
    body = Body.objects.get(slug="ssu")
    start = timezone.make_aware(datetime.datetime(2030, 3, 13, 9))
    meeting = Meeting.objects.create(body=body, starts_at=start, place=place, language="nn")
    meeting.attendance.all().delete()
    for i in range(cases - 1):
        AgendaItem.objects.create(
            meeting=meeting,
            title=f"Sak om samhandling nummer {i}",
            narrative=SEED_TEXT,
            summary="- Eit punkt\n- Eit anna punkt\n- Eit tredje punkt",
            decision_label="vedtak",
            decision="- SSU sluttar seg til tilrådinga.\n- SSE følgjer opp.",
        )
    for i in range(attendees):
        person = Person.objects.create(name=f"Deltakar {i:02}")
        Attendance.objects.create(meeting=meeting, person=person, status="gjest")
    for step in ("issue_notice", "mark_held", "start_minutes"):
        getattr(meeting, step)()
    meeting.approve_minutes(in_case=None)
    meeting.publish()
    return meeting


def page(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def main():
    seed = Meeting.objects.get(body__slug="ssu", year=2026, number=1)
    synthetic = synthetic_meeting()
    public, editor = Client(), Client()
    editor.force_login(make_secretary(User.objects.create_user("bench", is_staff=True)))
    for label, meeting in (("seed SSU 1/2026", seed), ("40 cases, 60 attendees", synthetic)):
        pdf_ms, pdf = median_ms(lambda m=meeting: render_minutes(m))
        page_ms, queries = median_ms(lambda m=meeting: page(public, m))
        live_ms, live_queries = median_ms(lambda m=meeting: page(editor, m))
        print(
            f"{label:24} PDF render {pdf_ms:5.0f} ms ({len(pdf) // 1024} KiB) | "
            f"public page {page_ms:5.1f} ms, {queries} queries | "
            f"secretariat's live page {live_ms:5.1f} ms, {live_queries} queries"
        )
