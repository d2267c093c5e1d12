"""The meeting's stored PDFs (notice, published minutes) and the draft minutes: served by
their views with the meeting page's rule, shown inline, never sniffed, and kept out of shared
caches while only the body's members and the secretariat may read them."""

import re

import pytest
from django.urls import reverse

from moter.models import AgendaItem
from moter.tests.conftest import advance, at
from samarbeid.models import Body


@pytest.fixture
def meeting(db, make_meeting):
    ssu = Body.objects.get_or_create(slug="ssu", defaults={"name_nn": "SSU", "kind": "ssu"})[0]
    meeting = make_meeting(at(2026, 9, 9), target=ssu)
    AgendaItem.objects.create(meeting=meeting, title="Open sak", decision="Vedteke.")
    return advance(meeting, "innkalla")


def pdf_urls(meeting):
    args = [meeting.body.slug, meeting.year, meeting.number]
    return {
        "notice": reverse("moter:notice_pdf", args=args),
        "draft": reverse("moter:draft_pdf", args=args),
        "minutes": reverse("moter:minutes_pdf", args=[*args, 1]),
    }


def test_the_notice_is_private_until_the_minutes_are_published(member_client, meeting):
    response = member_client.get(pdf_urls(meeting)["notice"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="innkalling-ssu-1-2026.pdf"'
    assert member_client.get(pdf_urls(meeting)["draft"])["Cache-Control"] == "private, no-store"


def test_published_pdfs_are_public_and_stored_under_random_names(client, meeting):
    meeting.mark_held()
    meeting.start_minutes()
    meeting.approve_minutes(in_case=None)
    meeting.publish()
    for kind in ("notice", "minutes"):
        response = client.get(pdf_urls(meeting)[kind])
        assert response.status_code == 200, kind
        assert "no-store" not in response.get("Cache-Control", ""), kind
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline; filename=")
    for document in meeting.documents.all():
        assert re.fullmatch(r"moter/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
        assert document.file.url in pdf_urls(meeting).values()
    assert client.get(pdf_urls(meeting)["draft"]).status_code == 404
