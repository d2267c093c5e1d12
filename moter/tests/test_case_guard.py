"""Two tabs on a case: the case screen and the meeting screen's case rows never overwrite a
newer save of the case. The second save is refused with a message; nothing of the first is
lost, and what the second editor typed stays in the form."""

import pytest
from django.urls import reverse

from moter.models import AgendaItem
from tests.adminforms import form_data


def case_url(case):
    return reverse("admin:moter_agendaitem_change", args=[case.pk])


def meeting_url(meeting):
    return reverse("admin:moter_meeting_change", args=[meeting.pk])


def stale(response):
    """The refusal, on the main form or on a case row."""
    errors = [str(e) for e in response.context["adminform"].form.non_field_errors()]
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            errors += [str(e) for e in form.non_field_errors()]
    return [e for e in errors if "since you opened this screen" in e]


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(cases=2, place="Haukeland")


@pytest.fixture
def case(meeting):
    return meeting.items.get(title="Sak 2")


def row(data, case):
    """The prefix of `case`'s row on the meeting screen."""
    for key, value in data.items():
        if key.startswith("items-") and key.endswith("-id") and str(value) == str(case.pk):
            return key.removesuffix("-id")
    raise AssertionError("no row for the case")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_second_of_two_case_screens_is_refused(editor_client, case):
    first = form_data(editor_client.get(case_url(case)))
    second = form_data(editor_client.get(case_url(case)))
    first["title"] = "Tittel frå første fane"
    assert editor_client.post(case_url(case), first).status_code == 302
    second["decision"] = "Vedtak frå andre fane"
    response = editor_client.post(case_url(case), second)
    assert response.status_code == 200
    assert stale(response)
    assert response.context["adminform"].form["decision"].value() == "Vedtak frå andre fane"
    case.refresh_from_db()
    assert case.title == "Tittel frå første fane"
    assert case.decision == ""


def test_a_case_row_on_the_meeting_screen_does_not_overwrite_the_case_screen(editor_client, case):
    meeting_tab = form_data(editor_client.get(meeting_url(case.meeting)))
    case_tab = form_data(editor_client.get(case_url(case)))
    case_tab["decision"] = "SSU sluttar seg til forslaget."
    assert editor_client.post(case_url(case), case_tab).status_code == 302
    prefix = row(meeting_tab, case)
    meeting_tab[f"{prefix}-title"] = "Ny tittel frå møteskjermen"
    response = editor_client.post(meeting_url(case.meeting), meeting_tab)
    assert response.status_code == 200
    assert stale(response)
    case.refresh_from_db()
    assert case.decision == "SSU sluttar seg til forslaget."
    assert case.title == "Sak 2"


def test_the_case_screen_does_not_overwrite_a_case_row_saved_on_the_meeting_screen(
    editor_client, case
):
    case_tab = form_data(editor_client.get(case_url(case)))
    minutes_step = reverse("admin:moter_meeting_referat", args=[case.meeting_id])
    meeting_tab = form_data(editor_client.get(minutes_step))
    meeting_tab[f"{row(meeting_tab, case)}-summary"] = "- Oppsummert på møteskjermen"
    assert editor_client.post(minutes_step, meeting_tab).status_code == 302
    case_tab["title"] = "Tittel frå saksskjermen"
    response = editor_client.post(case_url(case), case_tab)
    assert response.status_code == 200
    assert stale(response)
    case.refresh_from_db()
    assert case.summary == "- Oppsummert på møteskjermen"
    assert case.title == "Sak 2"


def test_a_meeting_screen_that_leaves_the_case_alone_still_saves(editor_client, case):
    """No false alarm: the other cases and the meeting itself may be saved."""
    meeting_tab = form_data(editor_client.get(meeting_url(case.meeting)))
    case_tab = form_data(editor_client.get(case_url(case)))
    case_tab["decision"] = "Vedteke på saksskjermen."
    assert editor_client.post(case_url(case), case_tab).status_code == 302
    meeting_tab["place"] = "Vardesenteret"
    other = AgendaItem.objects.get(meeting=case.meeting, title="Sak 1")
    meeting_tab[f"{row(meeting_tab, other)}-title"] = "Sak 1, retta"
    response = editor_client.post(meeting_url(case.meeting), meeting_tab)
    assert response.status_code == 302
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.decision == "Vedteke på saksskjermen."
    assert other.title == "Sak 1, retta"
