"""Every meeting page costs the same queries whether the meeting has 5 cases or 100: cases
with presenters who are registered people, sub-items, protocol entries and follow-ups, and as
many attendees. (A query per case would make a long meeting slow; see `make bench`.)"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from moter.models import (
    AgendaItem,
    FollowUp,
    Meeting,
    MeetingDocument,
    Presenter,
    ProtocolEntry,
    SubItem,
)
from moter.tests.conftest import advance, at
from samarbeid.models import Membership, Person

SIZES = [5, 100]
# session, user, permissions (2), the case, its meeting, … : the rows of each inline in one
# query, their autocomplete labels from the rows' own joins (moter.admin.RowsShareQueries).
CASE_SCREEN_QUERIES = 14


def full_meeting(make_meeting, body, n, status="publisert", when=None):
    """A meeting of `body` with n cases and n seats on its attendance list."""
    for i in range(n):
        Membership.objects.create(
            person=Person.objects.create(name=f"Medlem {i:03}", name_is_public=i % 2 == 0),
            body=body,
            category=Membership.Category.MUNICIPAL,
        )
    meeting = make_meeting(when or at(2026, 3, 11))
    for i in range(n):
        presenter = Person.objects.create(name=f"Innleiar {i:03}")
        item = AgendaItem.objects.create(
            meeting=meeting, title=f"Sak {i}", narrative="Orientering *ved* innleiar.",
            decision_label="vedtak", decision="- Vedteke.", access="exempt" if i == 2 else "open",
            legal_basis="offl. § 13" if i == 2 else "", public_title="Personalsak",
        )  # fmt: skip
        Presenter.objects.create(item=item, person=presenter, title="Rådgjevar")
        Presenter.objects.create(item=item, name="Gjest Gjestesen")
        SubItem.objects.create(item=item, title=f"Punkt {i}", text="Meir.")
        ProtocolEntry.objects.create(
            item=item, person=presenter, kind=ProtocolEntry.Kind.DISSENT, text="Usamd."
        )
        FollowUp.objects.create(item=item, description=f"Følg opp {i}", owner_body=body)
    return advance(meeting, status) if status != "planlagd" else meeting


def counted(django_assert_num_queries, client, url, queries):
    """The page rendered afresh: the public's copy of it (samarbeid/pagecache.py) is dropped
    after the first request has settled the session and the other caches."""
    client.get(url)
    cache.clear()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_the_public_meeting_and_case_pages(client, make_meeting, body, django_assert_num_queries,
                                           django_assert_max_num_queries, n):  # fmt: skip
    meeting = full_meeting(make_meeting, body, n)
    # 1 the data's version (samarbeid/pagecache.py), 2 the meeting, 3 its documents (the
    # page shows the frozen snapshot).
    page = counted(django_assert_num_queries, client, meeting.get_absolute_url(), 3)
    # Each case names its presenter ("Orientering ved") and the dissent's author; the exempt
    # case neither.
    assert page.count("Innleiar ") == 2 * (n - 1)
    # The next reader: the public's copy, after the data's version at most (none while
    # the version read a moment ago is kept, samarbeid/pagecache.py).
    with django_assert_max_num_queries(1):
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert page.count("Innleiar ") == 2 * (n - 1)
    case = meeting.items.get(title="Sak 3")
    # The case with its meeting; its sub-items, presenters, people, attachments, protocol
    # entries and their people (a query each, not one per row); what the decision caused.
    counted(django_assert_num_queries, client, case.get_absolute_url(), 12)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("status", ["referat_utkast", "publisert"])
def test_the_secretariats_live_meeting_page(editor_client, make_meeting, body,
                                            django_assert_num_queries, n, status):  # fmt: skip
    meeting = full_meeting(make_meeting, body, n, status)
    page = counted(django_assert_num_queries, editor_client, meeting.get_absolute_url(), 13)
    assert page.count("Innleiar ") >= n


@pytest.mark.parametrize("n", SIZES)
def test_the_admin_meeting_screen(editor_client, make_meeting, body, django_assert_num_queries,
                                  n):  # fmt: skip
    meeting = full_meeting(make_meeting, body, n, status="halde")
    url = reverse("admin:moter_meeting_change", args=[meeting.pk])
    # The plain change URL is the agenda step (the other steps: test_meeting_steps.py). The
    # rows' choices and selected labels are read once per inline, never once per row; one
    # more for the newest notice e-mail (the Notice section).
    counted(django_assert_num_queries, editor_client, url, 11)


@pytest.mark.parametrize("n", SIZES)
def test_the_meetings_list(client, editor_client, make_meeting, body, django_assert_num_queries,
                           n):  # fmt: skip
    for i in range(n):  # published as far as the list can tell, without rendering n PDFs
        meeting = make_meeting(at(2020 + i % 6, 1 + i % 12, 1 + i % 28), cases=1)
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
        MeetingDocument.objects.create(meeting=meeting, kind="referat", version=1, file="x.pdf",
                                       sha256="0" * 64, html="<p>Referat</p>")  # fmt: skip
    # `client` is `editor_client`, logged in (the fixture logs in the same client): 6 queries
    # and one for is_editor.
    counted(django_assert_num_queries, client, "/mote/", 7)
    counted(django_assert_num_queries, editor_client, "/mote/", 7)


@pytest.mark.parametrize("n", SIZES)
def test_the_public_meetings_list(client, make_meeting, django_assert_num_queries,
                                  django_assert_max_num_queries, n):  # fmt: skip
    for i in range(n):
        meeting = make_meeting(at(2020 + i % 6, 1 + i % 12, 1 + i % 28), cases=1)
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
        MeetingDocument.objects.create(meeting=meeting, kind="referat", version=1, file="x.pdf",
                                       sha256="0" * 64, html="<p>Referat</p>")  # fmt: skip
    # 1 the data's version, 2 the count, 3 the bodies for the filter, 4 the page of meetings,
    # 5 the bodies with a calendar.
    page = counted(django_assert_num_queries, client, "/mote/", 5)
    assert page.count('<td><a class="ds-link"') == min(n, 20)
    # The next reader: the public's copy, after the data's version at most (none while
    # the version read a moment ago is kept, samarbeid/pagecache.py).
    with django_assert_max_num_queries(1):
        client.get("/mote/")


@pytest.mark.parametrize("n", SIZES)
def test_the_secretariats_case_page(editor_client, make_meeting, body, django_assert_num_queries,
                                    n):  # fmt: skip
    meeting = full_meeting(make_meeting, body, n)
    case = meeting.items.get(title="Sak 2")  # the exempt one, read in full by the secretariat
    # As the public's case page, plus the session, the user and is_editor.
    page = counted(django_assert_num_queries, editor_client, case.get_absolute_url(), 15)
    assert "Innleiar 002" in page and "Usamd." in page


@pytest.mark.parametrize("n", SIZES)
def test_the_minutes_as_they_stand_pdf(editor_client, make_meeting, body, pdf_text,
                                       django_assert_num_queries, n):  # fmt: skip
    meeting = full_meeting(make_meeting, body, n, status="referat_utkast")
    url = reverse("moter:draft_pdf", args=[body.slug, meeting.year, meeting.number])
    editor_client.get("/")  # settle the session
    # 1 session, 2 user, 3 is_editor, 4 the meeting; what the minutes print, a query per
    # kind of row whatever their number: 5 attendance, 6 cases, 7 sub-items, 8 presenters,
    # 9 their people, 10 attachments, 11 protocol entries, 12 their people.
    with django_assert_num_queries(12):
        response = editor_client.get(url)
    assert response.status_code == 200
    assert pdf_text(response.content).count("Innleiar ") >= n


@pytest.mark.parametrize("n", SIZES)
def test_the_admin_case_screen(editor_client, make_meeting, body, django_assert_num_queries, n):
    """The secretariat's screen of one case: n presenters who are people, n sub-items,
    n protocol entries by people and n follow-ups cost the same as 5 of each."""
    meeting = make_meeting(at(2026, 3, 11))
    item = AgendaItem.objects.create(meeting=meeting, title="Stor sak", decision="- Vedteke.")
    for i in range(n):
        person = Person.objects.create(name=f"Innleiar {i:03}")
        Presenter.objects.create(item=item, person=person, title="Rådgjevar")
        SubItem.objects.create(item=item, title=f"Punkt {i}", text="Meir.")
        ProtocolEntry.objects.create(
            item=item, person=person, kind=ProtocolEntry.Kind.DISSENT, text="Usamd."
        )
        FollowUp.objects.create(item=item, description=f"Følg opp {i}", owner_body=body)
    url = reverse("admin:moter_agendaitem_change", args=[item.pk])
    page = counted(django_assert_num_queries, editor_client, url, CASE_SCREEN_QUERIES)
    assert page.count("Innleiar ") >= 2 * n  # each presenter and protocol entry names them


@pytest.mark.parametrize("n", SIZES)
def test_the_dashboard(editor_client, make_meeting, body, django_assert_num_queries, n):
    """A coming meeting with n cases (with presenters, sub-items, protocol entries and
    follow-ups) and n seats costs the dashboard the same queries as one with 5."""
    soon = timezone.now() + datetime.timedelta(days=20)
    meeting = full_meeting(make_meeting, body, n, status="planlagd", when=soon)
    # session, user, the editor's groups, meetings (with case counts) and their notice
    # e-mails, minutes, overdue follow-ups (with how many), plans in force, the last meeting
    # of each body (the ids, the meetings), signatures, reviews, working groups (no plan in
    # force: no query for measures)
    page = counted(django_assert_num_queries, editor_client, reverse("arbeid:dashboard"), 13)
    assert reverse("admin:moter_meeting_change", args=[meeting.pk]) in page


@pytest.mark.parametrize("n", SIZES)
def test_mine_mote(client, make_meeting, body, django_assert_num_queries, n):
    """Mine møte for a member whose coming meeting has n cases, n presenters and n seats."""
    member = Person.objects.create(
        name="Ola Medlem", user=User.objects.create_user("ola", password="pw")
    )
    Membership.objects.create(person=member, body=body, category=Membership.Category.MUNICIPAL)
    soon = timezone.now() + datetime.timedelta(days=20)
    meeting = full_meeting(make_meeting, body, n, status="innkalla", when=soon)
    client.force_login(member.user)
    # session, user, person, seats, coming meetings, + items, attachments, conflicts,
    # attendance, absences, notices; substitute calls; published minutes
    page = counted(django_assert_num_queries, client, reverse("medlem:mine"), 13)
    assert page.count(f"{meeting.get_absolute_url()}") >= 1
    assert page.count("Sak ") >= n
