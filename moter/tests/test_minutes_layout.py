"""The minutes read as the secretariat writes them, on the meeting page and in the PDF alike:
presenters, the minute-taking body, times, sub-items, and decisions that keep their case."""

import datetime
import re

import pytest
from django.utils import timezone

from moter.documents import meeting_time, render_minutes
from moter.models import AgendaItem, Presenter, SubItem
from moter.tests.conftest import advance
from samarbeid.models import Body


def local(hour, minute=0):
    return timezone.make_aware(datetime.datetime(2026, 3, 11, hour, minute))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((9, 0), (12, 0), "kl. 09–12"),
        ((12, 30), (15, 0), "kl. 12.30–15.00"),
        ((9, 0), (11, 45), "kl. 09.00–11.45"),
        ((13, 15), None, "kl. 13.15"),
    ],
)
def test_times_print_alike_on_both_sides_of_the_dash(make_meeting, start, end, expected):
    meeting = make_meeting(when=local(*start), ends_at=local(*end) if end else None)
    assert meeting_time(meeting) == f"Onsdag 11. mars 2026, {expected}"


@pytest.fixture
def held(make_meeting, client):
    """A held meeting with a presented case, a sub-item with text and one with a title only,
    and the secretariat's body as minute-taker beside the person."""
    secretariat = Body.objects.create(slug="sse", short_name="SSE", name_nn="Sekretariatet",
                                      kind="sekretariat")  # fmt: skip
    meeting = make_meeting(when=local(12, 30), ends_at=local(15), referent_body=secretariat)
    item = AgendaItem.objects.create(meeting=meeting, title="Rapport frå prosjektet",
                                     narrative="Prosjektet er i rute.", decision="Teke til orientering.")  # fmt: skip
    Presenter.objects.create(item=item, name="Guri Prosjektleiar", title="prosjektleiar",
                             organisation="Helse Bergen")  # fmt: skip
    SubItem.objects.create(item=item, order=1, title="Økonomi", text="Innanfor budsjett.")
    SubItem.objects.create(item=item, order=2, title="Vidare arbeid")
    advance(meeting, "publisert")
    return meeting


def test_the_meeting_page_and_the_pdf_show_presenters_and_the_minute_taking_body(
    held, client, pdf_text
):
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get(held.get_absolute_url()).text).split())
    pdf = " ".join(pdf_text(render_minutes(held)).split())
    for text in (page, pdf):
        assert "Orientering ved: Guri Prosjektleiar" in text
        assert "Sekretariatet (SSE)" in text
        assert "kl. 12.30–15.00" in text
        assert "Økonomi: Innanfor budsjett." in text
        # A sub-item with a title only has no colon after it.
        assert "Vidare arbeid" in text and "Vidare arbeid:" not in text


def test_a_page_that_starts_inside_a_case_names_the_case(demo, pdf_text):
    from moter.models import Meeting

    meeting = Meeting.objects.get(body__slug="ssu", year=2026, number=1)
    pdf = render_minutes(meeting)
    pages = pdf_text(pdf).split("\f")[:-1]
    assert len(pages) >= 4
    first_case = next(i for i, page in enumerate(pages) if "01/26: Godkjenning" in page)
    for number, page in enumerate(pages[first_case + 1 :], first_case + 2):
        head = page.strip().splitlines()[0]
        assert re.match(r"\s*\d\d/26: ", head), f"page {number} starts with {head!r}"
