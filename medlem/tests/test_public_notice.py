"""Once the notice is issued, the meeting page shows the public notice to everyone: the
agenda with open case titles, exempt cases by public title and legal basis, and the notice
PDF. The link in the notice e-mail works for every recipient."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moter.models import AgendaItem, Meeting

from .conftest import in_days


@pytest.fixture
def with_exempt(meeting):
    AgendaItem.objects.create(
        meeting=meeting, title="Personalsak Hemmeleg", narrative="Hemmeleg tekst",
        access="exempt", legal_basis="offl. § 13", public_title="Personalsak",
    )  # fmt: skip
    return meeting


def notice_link(mailoutbox):
    """The meeting page's link in the notice e-mail (it also links the papers' bundle)."""
    return re.search(r"https?://[^/\s]+(/\S+/)(?:\s|$)", mailoutbox[0].body).group(1)


def test_the_notice_link_works_for_every_recipient_and_the_public(
    with_exempt, people, mailoutbox, django_capture_on_commit_callbacks, pdf_text
):
    with django_capture_on_commit_callbacks(execute=True):
        with_exempt.issue_notice()
    path = notice_link(mailoutbox)
    assert path == with_exempt.get_absolute_url()

    public = Client(headers={"Accept-Language": "en"})
    page = public.get(path)
    assert page.status_code == 200
    text = page.text
    assert "Ny tenesteavtale 3" in text
    assert "Personalsak" in text and "offl. § 13" in text
    assert "Hemmeleg" not in text  # neither the exempt title nor its text
    assert "FSU godkjenner avtalen." not in text  # no proposed decision for the public
    assert "log in to read the case papers" in text
    pdf_url = reverse("moter:notice_pdf", args=["fsu", with_exempt.year, with_exempt.number])
    assert pdf_url in text
    pdf = public.get(pdf_url)
    assert pdf.status_code == 200
    pdf_words = pdf_text(b"".join(pdf.streaming_content))
    assert "Personalsak" in pdf_words and "Hemmeleg" not in pdf_words

    # Each recipient with a login sees more: the internal agenda with the exempt title.
    for name in ("ola", "kari"):
        member = Client(headers={"Accept-Language": "en"})
        member.force_login(people[name].user)
        inside = member.get(path)
        assert inside.status_code == 200 and "Personalsak Hemmeleg" in inside.text


def test_a_meeting_without_a_notice_stays_closed_to_the_public(client, meeting):
    assert client.get(meeting.get_absolute_url()).status_code == 404
    url = reverse("moter:notice_pdf", args=["fsu", meeting.year, meeting.number])
    assert client.get(url).status_code == 404


def test_a_case_page_stays_closed_until_the_minutes_are_published(client, issued):
    item = issued.items.get(title="Ny tenesteavtale 3")
    assert client.get(item.get_absolute_url()).status_code == 404


def test_the_public_notice_page_costs_the_same_whatever_the_agenda(client, committee, people):
    counts = []
    for cases in (1, 30):
        meeting = Meeting.objects.create(body=committee, starts_at=in_days(20 + cases))
        for n in range(cases):
            AgendaItem.objects.create(meeting=meeting, title=f"Sak {n}")
        meeting.issue_notice()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    # the data's version (samarbeid/pagecache.py), meeting, documents, agenda (anonymous: no
    # session or user)
    assert counts == [4, 4]
