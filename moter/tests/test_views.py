"""Who reads what: the public sees published minutes only; members their bodies' meetings."""

import pytest
from django.urls import reverse

from moter.models import AgendaItem, Attendance
from moter.tests.conftest import advance, at
from samarbeid.models import Body, Person

PERSONAS = ["client", "member_client", "other_member_client", "editor_client"]


@pytest.fixture
def ssu(demo):
    return Body.objects.get(slug="ssu")


@pytest.fixture
def draft(make_meeting, ssu):
    """An SSU meeting with notice issued, not published, with an exempt case."""
    meeting = make_meeting(at(2026, 9, 9), target=ssu)
    meeting.fill_attendance_from_seats()
    AgendaItem.objects.create(meeting=meeting, title="Open sak", decision="Vedteke.")
    AgendaItem.objects.create(meeting=meeting, title="Løyndom om Ola", access="exempt",
                              legal_basis="offl. § 13 jf. fvl. § 13", public_title="Personalsak",
                              decision="Hemmeleg vedtak.")  # fmt: skip
    return advance(meeting, "innkalla")


@pytest.fixture
def published(draft):
    advance_from_notice = ["mark_held", "start_minutes"]
    for step in advance_from_notice:
        getattr(draft, step)()
    draft.approve_minutes(in_case=None)
    draft.publish()
    return draft


def urls(meeting):
    args = [meeting.body.slug, meeting.year, meeting.number]
    exempt = meeting.items.get(access="exempt")
    return {
        "page": reverse("moter:meeting", args=args),
        "notice": reverse("moter:notice_pdf", args=args),
        "draft": reverse("moter:draft_pdf", args=args),
        "case": exempt.get_absolute_url(),
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [("client", False), ("other_member_client", False), ("member_client", True),
     ("editor_client", True)],
)  # fmt: skip
def test_it_shows_unpublished_meetings_only_to_the_bodys_members(request, draft, persona, visible):
    """Once the notice is issued, everyone gets the public notice (page and PDF); the draft
    minutes, the case pages and what the notice does not print stay with the body."""
    client = request.getfixturevalue(persona)
    public_notice = {"page", "notice"}
    for name, url in urls(draft).items():
        expected = 200 if visible or name in public_notice else 404
        assert client.get(url).status_code == expected, name
    page = client.get(urls(draft)["page"]).content.decode()
    assert "Open sak" in page and ("Personalsak" in page) != visible
    assert ("Løyndom om Ola" in page) == visible and ("Vedteke." in page) == visible
    in_list = draft.get_absolute_url() in client.get("/mote/").content.decode()
    assert in_list == visible


@pytest.mark.parametrize("persona", ["client", "other_member_client"])
def test_the_public_reads_published_minutes_without_exempt_content(request, published, persona):
    client = request.getfixturevalue(persona)
    page = client.get(urls(published)["page"]).content.decode()
    assert "Open sak" in page and "Vedteke." in page
    assert "Personalsak" in page and "offl. § 13 jf. fvl. § 13" in page
    assert "Løyndom om Ola" not in page and "Hemmeleg vedtak." not in page
    case = client.get(urls(published)["case"]).content.decode()
    assert "Personalsak" in case and "Hemmeleg vedtak." not in case
    assert client.get(urls(published)["draft"]).status_code == 404


def test_the_published_pdf_keeps_exempt_content_out(client, published, pdf_text):
    response = client.get(reverse("moter:minutes_pdf", args=[published.body.slug, published.year,
                                                             published.number, 1]))  # fmt: skip
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Open sak" in text and "Personalsak" in text
    assert "Løyndom" not in text and "Hemmeleg" not in text
    notice = pdf_text(b"".join(client.get(urls(published)["notice"]).streaming_content))
    assert "Personalsak" in notice and "Løyndom" not in notice


def test_members_see_the_exempt_case_in_full(member_client, published):
    page = member_client.get(urls(published)["page"]).content.decode()
    assert "Løyndom om Ola" in page and "Hemmeleg vedtak." in page


def test_the_public_keeps_reading_version_1_while_a_new_one_is_prepared(client, published):
    published.open_new_version(reason="Retting")
    item = published.items.get(title="Open sak")
    item.title = "Ikkje publisert endring"
    item.save()
    page = client.get(urls(published)["page"]).content.decode()
    assert "Open sak" in page and "Ikkje publisert endring" not in page
    assert client.get(item.get_absolute_url()).status_code == 404


def test_private_names_stay_out_of_the_public_minutes(client, published):
    Attendance.objects.filter(meeting=published, person__name="Evy Knutsen").update(
        status="til_stades"
    )
    published.open_new_version(reason="x")
    published.publish()
    page = client.get(urls(published)["page"]).content.decode()
    assert "Evy Knutsen" not in page
    assert "Eivind Hansen" in page


def test_it_filters_the_list_and_reports_bad_filters(editor_client, draft):
    ok = editor_client.get("/mote/", {"body": "ssu", "year": "2026", "status": "innkalla"})
    assert draft.get_absolute_url() in ok.content.decode()
    none = editor_client.get("/mote/", {"year": "2025"})
    assert draft.get_absolute_url() not in none.content.decode()
    bad = editor_client.get("/mote/", {"status": "tull", "year": "abc"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert 'role="alert"' in html
    assert draft.get_absolute_url() not in html


def test_it_lists_coming_meetings_in_the_schedule(client, make_meeting, ssu):
    make_meeting(at(2099, 6, 10), target=ssu, place="Vardesenteret")
    html = client.get("/mote/moteplan/").content.decode()
    assert "Vardesenteret" in html


def test_it_refuses_other_methods_and_unknown_meetings(editor_client, draft):
    assert editor_client.post(urls(draft)["page"]).status_code == 405
    assert editor_client.get("/mote/ssu/2026/99/").status_code == 404
    assert editor_client.get("/mote/finst-ikkje/2026/1/").status_code == 404


def add_cases_and_people(meeting, n):
    for i in range(n):
        item = AgendaItem.objects.create(meeting=meeting, title=f"Sak {i}", decision=f"Vedtak {i}",
                                         summary="- a\n- b")  # fmt: skip
        item.sub_items.create(title="Under", text="x")
        item.presenters.create(name=f"Innleiar {i}")
        person = Person.objects.create(name=f"Gjest {i}")
        item.protocol_entries.create(kind="dissens", person=person, text="Usamd.")
        Attendance.objects.create(meeting=meeting, person=person, status="gjest", left_after=item)


@pytest.mark.parametrize("n", [5, 40])
def test_the_meeting_page_costs_the_same_queries_however_big(
    editor_client, make_meeting, ssu, django_assert_num_queries, n
):
    meeting = make_meeting(
        at(2026, 10, 7), target=ssu, chair=Person.objects.get(name="Eivind Hansen")
    )
    add_cases_and_people(meeting, n)
    editor_client.get("/")  # settle the session
    # session, user, meeting, documents, attendance, chair's seat, items, sub-items,
    # presenters, attachments, protocol entries, their persons.
    with django_assert_num_queries(13):
        response = editor_client.get(meeting.get_absolute_url())
    html = response.content.decode()
    assert html.count('<section class="case"') == n + 1  # + case 1
    assert (
        html.count("Usamd.") == n and html.count("Gjest ") == 2 * n
    )  # attending, and in the dissent


def test_a_case_links_to_the_measures_it_put_on_the_plan(editor_client, demo):
    from django.test import Client

    from moter.models import AgendaItem

    case = AgendaItem.objects.get(body__slug="ssu", year=2026, sequence=9)
    page = editor_client.get(case.get_absolute_url()).content.decode()
    measure = case.measures.get()
    assert measure.get_absolute_url() in page
    back = editor_client.get(measure.get_absolute_url()).content.decode()
    assert case.get_absolute_url() in back
    # The 2026–2027 plan is a draft: the public sees the case, not the draft measure.
    public = Client().get(case.get_absolute_url()).content.decode()
    assert "Oppstart av FSU" not in public and measure.get_absolute_url() not in public


def test_the_publics_copy_of_the_meeting_pages_follows_every_change(client, draft):
    """The public's meeting page and list are kept between requests (samarbeid/pagecache.py);
    publishing, a new version and a withdrawn version show at once."""
    page, listing = urls(draft)["page"], "/mote/"
    assert draft.notice_issued_at is not None  # so its page is the public notice
    notice = client.get(page).content.decode()
    assert "Open sak" in notice and "Last ned referatet" not in notice
    assert draft.get_absolute_url() not in client.get(listing).content.decode()
    for step in ["mark_held", "start_minutes"]:
        getattr(draft, step)()
    draft.approve_minutes(in_case=None)
    draft.publish()
    assert "Open sak" in client.get(page).content.decode()
    assert "Open sak" in client.get(page).content.decode()  # from the copy
    assert draft.get_absolute_url() in client.get(listing).content.decode()
    draft.open_new_version(reason="Retta tittel")
    item = draft.items.get(title="Open sak")
    item.title = "Retta sak"
    item.save()
    assert "Open sak" in client.get(page).content.decode()  # version 1 until version 2 is out
    draft.publish()
    assert "Retta sak" in client.get(page).content.decode()
    draft.withdraw_published(reason="Feil namn")
    html = client.get(page).content.decode()
    assert "Open sak" in html and "Retta sak" not in html  # version 1 again
    body = draft.body
    body.name_nn = "Strategisk samarbeidsutval (nytt namn)"
    body.save()
    assert "(nytt namn)" in client.get(page).content.decode()
