"""The secretariat's meeting screen in three steps (Saksliste, Oppmøte, Referat), each saved on
its own through the admin; the attendance grid and its explicit fill; the proposed decision
from the agenda step to the notice PDF, the case page, the members' portal and the decision."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from moter.models import AgendaItem, Attendance, Meeting, MeetingDocument, Presenter
from moter.tests.conftest import advance
from moter.tests.test_query_counts import SIZES, counted, full_meeting
from samarbeid.models import Membership
from samarbeid.tests import documents as doc

PDF = doc.plain_pdf()


@pytest.fixture(autouse=True)
def english(client):
    """Messages are read in English here; their nn/nb wording is the catalogues' business."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def step_url(meeting, step):
    return reverse(f"admin:moter_meeting_{step}", args=[meeting.pk])


def form_data(client, url):
    """The step's form as the browser would send it back, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    adminform = response.context["adminform"]
    data = {}
    for name in adminform.form.fields:
        value = adminform.form[name].value()
        if value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = fs.total_form_count()
        data[f"{fs.prefix}-INITIAL_FORMS"] = fs.initial_form_count()
        for form in fs.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[form.add_prefix(name)] = value
    if "starts_at" in adminform.form.fields:
        when = adminform.form.instance.starts_at.astimezone()
        data["starts_at_0"], data["starts_at_1"] = when.strftime("%Y-%m-%d %H:%M:%S").split()
        data.pop("starts_at", None)
    return data


def row_of(data, prefix, field, value):
    """The index of the inline row whose `field` is `value`."""
    for key, v in data.items():
        m = re.fullmatch(rf"{prefix}-(\d+)-{field}", key)
        if m and str(v) == str(value):
            return m.group(1)
    raise AssertionError(f"no row with {field}={value}")


@pytest.fixture
def meeting(make_meeting, members):
    meeting = make_meeting(cases=2, place="Haukeland")
    return meeting


def test_the_three_steps_show_their_own_part_with_the_current_step_marked(editor_client, meeting):
    parts = {
        "saksliste": ({"items"}, "proposed_decision"),
        "oppmote": ({"attendance"}, None),
        "referat": ({"items", "follow_ups"}, "summary"),
    }
    for step, (prefixes, field) in parts.items():
        response = editor_client.get(step_url(meeting, step))
        assert response.status_code == 200
        page = response.content.decode()
        nav = page.split('class="meeting-steps"', 1)[1].split("</nav>", 1)[0]
        current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
        assert current == [step_url(meeting, step)]
        for other in parts:
            assert step_url(meeting, other) in page  # the navigation names every step
        shown = {fs.formset.prefix for fs in response.context["inline_admin_formsets"]}
        assert shown == prefixes
        if field:
            assert f"items-1-{field}" in page
        # The lifecycle buttons stay on every step, and one link to the meeting's page.
        assert reverse("admin:moter_meeting_transition", args=[meeting.pk, "issue_notice"]) in page
        tools = page.split('class="object-tools"', 1)[1].split("</ul>", 1)[0]
        assert tools.count(">View on site<") == 1
    # The plain change URL is the agenda step.
    response = editor_client.get(reverse("admin:moter_meeting_change", args=[meeting.pk]))
    assert {fs.formset.prefix for fs in response.context["inline_admin_formsets"]} == {"items"}


def test_the_agenda_step_saves_cases_proposals_and_a_case_paper(editor_client, meeting):
    url = step_url(meeting, "saksliste")
    data = form_data(editor_client, url)
    row = row_of(data, "items", "title", "Sak 1")
    data[f"items-{row}-proposed_decision"] = "Utvalet sluttar seg til planen."
    data[f"items-{row}-new_paper_title"] = "Utkast til plan"
    data[f"items-{row}-new_paper"] = SimpleUploadedFile("plan.pdf", PDF)
    data["place"] = "Vardesenteret"
    data["_continue"] = "1"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response.url == url  # back to the same step
    item = meeting.items.get(title="Sak 1")
    assert item.proposed_decision == "Utvalet sluttar seg til planen."
    paper = item.attachments.get()
    assert paper.title == "Utkast til plan" and paper.file_type == "pdf"
    meeting.refresh_from_db()
    assert meeting.place == "Vardesenteret"
    page = editor_client.get(url).content.decode()
    assert paper.get_download_url() in page


def test_a_paper_that_is_not_a_document_is_refused_and_nothing_saved(editor_client, meeting):
    url = step_url(meeting, "saksliste")
    data = form_data(editor_client, url)
    row = row_of(data, "items", "title", "Sak 1")
    data[f"items-{row}-title"] = "Endra"
    data[f"items-{row}-new_paper"] = SimpleUploadedFile("virus.exe", b"MZ")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "The file must be" in response.content.decode()
    assert not meeting.items.filter(title="Endra").exists()
    assert not AgendaItem.objects.filter(attachments__isnull=False).exists()


def test_a_stale_agenda_step_is_refused(editor_client, meeting):
    url = step_url(meeting, "saksliste")
    first, second = form_data(editor_client, url), form_data(editor_client, url)
    first["place"] = "Først"
    assert editor_client.post(url, first).status_code == 302
    second["place"] = "Andre"
    response = editor_client.post(url, second)
    assert response.status_code == 200
    assert "since you opened it" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Først"


def test_a_new_meeting_has_no_attendance_until_the_fill_button(editor_client, meeting):
    assert not meeting.attendance.exists()
    url = step_url(meeting, "oppmote")
    page = editor_client.get(url).content.decode()
    # Offered once: at the top of the form while the list is empty.
    assert page.count('name="_fill_attendance"') == 1
    assert page.index('name="_fill_attendance"') < page.index('id="attendance-group"')
    data = form_data(editor_client, url)
    response = editor_client.post(url, {**data, "_fill_attendance": "1"}, follow=True)
    assert "3 members added to the attendance list" in response.content.decode()
    assert meeting.attendance.count() == 3
    data = form_data(editor_client, url)
    response = editor_client.post(url, {**data, "_fill_attendance": "1"}, follow=True)
    assert "Nobody added" in response.content.decode()
    assert meeting.attendance.count() == 3
    page = response.content.decode()  # now above the save buttons
    assert page.count('name="_fill_attendance"') == 1
    assert page.index('name="_fill_attendance"') > page.index('id="attendance-group"')


def test_the_grid_groups_people_with_one_radio_group_each(editor_client, meeting, members):
    meeting.fill_attendance_from_seats()
    page = editor_client.get(step_url(meeting, "oppmote")).content.decode()
    assert page.count('role="radiogroup"') == 3 + 1  # each person, and the empty row's template
    assert 'aria-label="Attendance of Kari Leiar"' in page
    groups = re.findall(r'<th colspan="\d+" scope="colgroup">([^<]+)</th>', page)
    assert groups == [
        "Specialist health services",
        "Observers with the right to speak and propose",
    ]


def test_apologies_then_the_named_substitute_in_one_click(editor_client, meeting, members):
    meeting.fill_attendance_from_seats()
    url = step_url(meeting, "oppmote")
    data = form_data(editor_client, url)
    ola = members["member"]
    row = row_of(data, "attendance", "person", ola.pk)
    data[f"attendance-{row}-status"] = "forfall"
    assert editor_client.post(url, {**data, "_continue": "1"}).status_code == 302
    page = editor_client.get(url).content.decode()
    match = re.search(r'name="_call_substitute" value="([\d:]+)">Call in Siri Vara<', page)
    assert match
    data = form_data(editor_client, url)
    response = editor_client.post(url, {**data, "_call_substitute": match.group(1)}, follow=True)
    assert "Siri Vara is on the attendance list as substitute." in response.content.decode()
    siri = meeting.attendance.get(person=members["substitute"])
    ola_seat = Membership.objects.get(person=ola, body=meeting.body)
    assert siri.status == "vara" and siri.substitute_for == ola and siri.seat == ola_seat
    assert "Call in Siri Vara" not in editor_client.get(url).content.decode()


def test_choosing_substitute_for_sets_the_members_seat(editor_client, meeting, members, body):
    meeting.fill_attendance_from_seats()
    url = step_url(meeting, "oppmote")
    data = form_data(editor_client, url)
    siri, ola = members["substitute"], members["member"]
    n = int(data["attendance-TOTAL_FORMS"])
    data.update({
        "attendance-TOTAL_FORMS": n + 1, f"attendance-{n}-person": siri.pk,
        f"attendance-{n}-status": "vara", f"attendance-{n}-substitute_for": ola.pk,
        f"attendance-{n}-seat": "",
    })  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    row = meeting.attendance.get(person=siri)
    assert row.seat == Membership.objects.get(person=ola, body=body)


def test_another_persons_seat_is_refused(editor_client, meeting, members, body):
    meeting.fill_attendance_from_seats()
    url = step_url(meeting, "oppmote")
    data = form_data(editor_client, url)
    row = row_of(data, "attendance", "person", members["observer"].pk)
    data[f"attendance-{row}-seat"] = Membership.objects.get(person=members["chair"]).pk
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is Kari Leiar&#x27;s seat, not Per Observatør&#x27;s" in response.content.decode()
    observer = meeting.attendance.get(person=members["observer"])
    assert observer.seat.person == members["observer"]


def test_the_minutes_step_starts_the_decision_from_the_proposal(editor_client, meeting, members):
    item = meeting.items.get(title="Sak 1")
    item.proposed_decision = "Utvalet vedtek planen."
    item.save()
    meeting.fill_attendance_from_seats()
    url = step_url(meeting, "referat")
    # Before the meeting is held the decision stays empty.
    data = form_data(editor_client, url)
    assert data[f"items-{row_of(data, 'items', 'id', item.pk)}-decision"] == ""
    advance(meeting, "halde")
    data = form_data(editor_client, url)
    row = row_of(data, "items", "id", item.pk)
    assert data[f"items-{row}-decision"] == "Utvalet vedtek planen."
    data[f"items-{row}-summary"] = "- Drøfta."
    data[f"items-{row}-new_entry_kind"] = "dissens"
    data[f"items-{row}-new_entry_person"] = members["member"].pk
    data[f"items-{row}-new_entry_text"] = "Ola Medlem røysta imot."
    data[f"items-{row}-new_presenter_name"] = "Kari Innleiar"
    data[f"items-{row}-new_presenter_title"] = "rådgjevar"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    item.refresh_from_db()
    assert item.decision == "Utvalet vedtek planen." and item.summary == "- Drøfta."
    entry = item.protocol_entries.get()
    assert entry.kind == "dissens" and entry.person == members["member"]
    assert Presenter.objects.get(item=item).title == "rådgjevar"
    page = editor_client.get(url).content.decode()
    assert "Ola Medlem røysta imot." in page and "Kari Innleiar" in page


def test_published_minutes_show_what_there_is_and_offer_nothing_to_add(editor_client, meeting):
    """Read-only once published: no empty "add a presenter / an entry" fields (shown as
    "None" under names from the code), no link to postpone a case."""
    item = meeting.items.get(title="Sak 1")
    Presenter.objects.create(item=item, name="Kari Innleiar")
    url = step_url(meeting, "referat")
    postpone = reverse("admin:moter_agendaitem_postpone", args=[item.pk])
    page = editor_client.get(url).content.decode()
    assert "add a presenter: name" in page and postpone in page  # while it can be changed
    advance(meeting, "publisert")
    page = editor_client.get(url).content.decode()
    assert "Kari Innleiar" in page and "Sak 1" in page
    for hidden in ("add a presenter", "presenter's title", "text of the entry", "New entry",
                   "New presenter", postpone):  # fmt: skip
        assert hidden not in page
    # The case's own screen says the same.
    case = editor_client.get(reverse("admin:moter_agendaitem_change", args=[item.pk]))
    assert postpone not in case.content.decode()


def test_a_half_dissent_is_refused_with_a_message(editor_client, meeting):
    url = step_url(meeting, "referat")
    data = form_data(editor_client, url)
    data["items-1-new_entry_text"] = "Usamd."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "needs its kind, the member and the text" in response.content.decode()


def test_the_notice_prints_the_proposals_but_not_an_exempt_cases(
    make_meeting, members, pdf_text, django_capture_on_commit_callbacks
):
    meeting = make_meeting()
    AgendaItem.objects.create(
        meeting=meeting, title="Open sak", proposed_decision="Utvalet **vedtek** planen."
    )
    AgendaItem.objects.create(
        meeting=meeting, title="Personalsak", proposed_decision="Hemmeleg forslag.",
        access="exempt", legal_basis="offl. § 13",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    notice = meeting.documents.get(kind=MeetingDocument.Kind.NOTICE)
    text = pdf_text(notice.file.read())
    assert "Utvalet vedtek planen." in text
    assert "Hemmeleg forslag" not in text


def test_the_case_page_shows_the_proposal_until_decided_and_hides_an_exempt_one(
    editor_client, make_meeting
):
    public = Client()
    meeting = make_meeting()
    open_case = AgendaItem.objects.create(
        meeting=meeting, title="Open sak", proposed_decision="Forslag om plan."
    )
    exempt = AgendaItem.objects.create(
        meeting=meeting, title="Personalsak", proposed_decision="Hemmeleg forslag.",
        access="exempt", legal_basis="offl. § 13",
    )  # fmt: skip
    advance(meeting, "publisert")
    assert "Forslag om plan." in public.get(open_case.get_absolute_url()).content.decode()
    assert "Hemmeleg forslag" not in public.get(exempt.get_absolute_url()).content.decode()
    assert "Hemmeleg forslag" in editor_client.get(exempt.get_absolute_url()).content.decode()
    open_case.decision = "Vedteke."
    open_case.save()
    cache.clear()
    page = public.get(open_case.get_absolute_url()).content.decode()
    assert "Vedteke." in page and "Forslag om plan." not in page  # the decision replaces it


# Whatever the number of cases and attendees: each inline's rows, their choices and selected
# labels once per page (never once per row); the agenda also its papers, the attendance the
# body's seats and the personal substitutes, the minutes the presenters, protocol entries and
# the people who may dissent, and the follow-ups.
QUERIES = {"saksliste": 11, "oppmote": 14, "referat": 16}


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("step", ["saksliste", "oppmote", "referat"])
def test_each_step_costs_the_same_queries_at_any_size(
    editor_client, make_meeting, body, django_assert_num_queries, n, step
):
    meeting = full_meeting(make_meeting, body, n, status="halde")
    meeting.fill_attendance_from_seats()
    first = meeting.attendance.order_by("pk").first()
    Attendance.objects.filter(pk=first.pk).update(status="forfall")
    counted(django_assert_num_queries, editor_client, step_url(meeting, step), QUERIES[step])


def test_a_meeting_created_on_the_add_screen_has_an_empty_attendance_list(
    editor_client, body, members
):
    response = editor_client.post(
        reverse("admin:moter_meeting_add"),
        {"body": body.pk, "language": "nn", "starts_at_0": "2026-03-11",
         "starts_at_1": "09:00:00", "items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get()
    assert not meeting.attendance.exists()
