"""Helpers for the search tests: meetings, cases, plans and agreements in a few lines.

`publish` gives a meeting published minutes the quick way (a minutes document and the
status), which is what the search looks at; test_index.py also walks the real lifecycle once.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from avtaler.models import Agreement, Version
from handlingsplan.models import Area, Measure, Plan
from moter.models import AgendaItem, Meeting, MeetingDocument
from samarbeid.models import Body


def at(year, month=3, day=11):
    return timezone.make_aware(datetime.datetime(year, month, day, 9))


def publish(meeting):
    MeetingDocument.objects.create(
        meeting=meeting, kind="referat", version=1, sha256="x",
        file=ContentFile(b"%PDF-1.7", name="r.pdf"),
    )  # fmt: skip
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save(update_fields=["status"])
    return meeting


def search(client, q="", *, numbers=False, **filters):
    """The hits' titles on the search page (first page), and the page's HTML.

    Case and decision numbers ("Case 02/26: ") are left out unless `numbers`: each test
    meeting's case 1 is its approval case, so the numbers say little.
    """
    html = client.get("/sok/", {"q": q, **filters}).content.decode()
    titles = re.findall(r'class="ds-heading search-hit__title"[^>]*><a [^>]*>(.*?)</a>', html)
    titles = [re.sub(r"</?mark>", "", t) for t in titles]
    if not numbers:
        titles = [re.sub(r"^(Case|Decision in case) \d+/\d+: ", "", t) for t in titles]
    return titles, html


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so the tests read the interface's own msgids whatever the
    translations say."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ssu(db):
    body, _ = Body.objects.get_or_create(
        slug="ssu", defaults={"name_nn": "Strategisk samarbeidsutval", "kind": Body.Kind.SSU}
    )
    Body.objects.filter(pk=body.pk).update(short_name="SSU")
    body.refresh_from_db()
    return body


@pytest.fixture
def ou(db):
    body, _ = Body.objects.get_or_create(
        slug="ou-bergen", defaults={"name_nn": "Områdeutval Bergen", "kind": Body.Kind.OU}
    )
    return body


@pytest.fixture
def make_case(ssu):
    """A case in a meeting of `body` (SSU), published unless told otherwise."""

    def make(title, *, body=None, year=2026, published=True, meeting=None, **fields):
        if meeting is None:
            meeting = Meeting.objects.create(body=body or ssu, starts_at=at(year))
            meeting.items.all().delete()  # the approval case ("… referat frå førre møte")
            if published:
                publish(meeting)
        return AgendaItem.objects.create(meeting=meeting, title=title, **fields)

    return make


@pytest.fixture
def make_plan(ssu):
    def make(title="Handlingsplan 2026–2027", *, status=Plan.Status.ADOPTED, measures=()):
        plan = Plan.objects.create(
            title=title, slug=f"plan-{Plan.objects.count()}", period_from=2026, period_to=2027,
            adopted_by=ssu, status=status,
        )  # fmt: skip
        area = Area.objects.create(plan=plan, number=1, title="Samhandling")
        for measure in measures:
            Measure.objects.create(area=area, title=measure)
        return plan

    return make


@pytest.fixture
def make_agreement(ssu):
    def make(label, *, versions=(), title="Samarbeid"):
        agreement = Agreement.objects.create(
            level=Agreement.Level.SERVICE, label=label, slug=f"a-{Agreement.objects.count()}",
            title_nn=title, responsible_body=ssu,
        )  # fmt: skip
        for version_label, status, text in versions:
            Version.objects.create(
                agreement=agreement, label=version_label, status=status, text=text,
                valid_from=datetime.date(2026, 1, 1) if status == "i_kraft" else None,
            )  # fmt: skip
        return agreement

    return make
