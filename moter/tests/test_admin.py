"""The secretariat's meeting screen: one form, lifecycle buttons, no lost updates."""

import pytest
from django.urls import reverse
from django.utils import translation

from moter.models import Meeting
from moter.tests.conftest import advance


def change_url(meeting):
    return reverse("admin:moter_meeting_change", args=[meeting.pk])


def form_data(client, meeting):
    """The meeting screen's form as the browser would send it back, unchanged."""
    response = client.get(change_url(meeting))
    assert response.status_code == 200
    adminform = response.context["adminform"]
    data = {}
    for name in adminform.form.fields:
        value = adminform.form[name].value()
        if value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        prefix = fs.prefix
        data[f"{prefix}-TOTAL_FORMS"] = fs.total_form_count()
        data[f"{prefix}-INITIAL_FORMS"] = fs.initial_form_count()
        for form in fs.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[form.add_prefix(name)] = value
    data["starts_at_0"], data["starts_at_1"] = meeting.starts_at.strftime(
        "%d.%m.%Y %H:%M:%S"
    ).split()
    data.pop("starts_at", None)
    return data


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(cases=2, place="Haukeland")


def test_it_saves_the_meeting_screen(editor_client, meeting):
    data = form_data(editor_client, meeting)
    data["place"] = "Vardesenteret"
    data["items-1-title"] = "Ny tittel"
    response = editor_client.post(change_url(meeting), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.place == "Vardesenteret" and meeting.version == 2
    assert meeting.items.filter(title="Ny tittel").exists()


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(editor_client, meeting):
    first = form_data(editor_client, meeting)
    second = dict(first)
    first["place"] = "Først"
    assert editor_client.post(change_url(meeting), first).status_code == 302
    second["place"] = "Andre"
    second["items-1-title"] = "Andre sin tittel"
    response = editor_client.post(change_url(meeting), second)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert any(
        "since you opened it" in str(e) or "sidan du opna" in str(e)
        for e in form.non_field_errors()
    )
    assert form["place"].value() == "Andre"  # nothing the second editor typed is lost
    meeting.refresh_from_db()
    assert meeting.place == "Først"
    assert not meeting.items.filter(title="Andre sin tittel").exists()


def test_reordering_on_the_screen_renumbers_the_draft_agenda(editor_client, meeting):
    data = form_data(editor_client, meeting)
    data["items-1-order"], data["items-2-order"] = 3, 2
    assert editor_client.post(change_url(meeting), data).status_code == 302
    titles = list(meeting.items.order_by("sequence").values_list("title", flat=True))
    assert titles[1:] == ["Sak 2", "Sak 1"]


def test_the_lifecycle_buttons_confirm_then_act(editor_client, meeting):
    page = editor_client.get(change_url(meeting)).content.decode()
    step = reverse("admin:moter_meeting_transition", args=[meeting.pk, "issue_notice"])
    assert step in page
    confirm = editor_client.get(step)
    assert confirm.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).status == "planlagd"  # GET changes nothing
    assert editor_client.post(step).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "innkalla"


def test_a_refused_step_explains_why(editor_client, meeting):
    step = reverse("admin:moter_meeting_transition", args=[meeting.pk, "mark_held"])
    with translation.override("en"):
        response = editor_client.post(step, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "planlagd"


def test_a_new_version_asks_for_a_reason(editor_client, meeting):
    advance(meeting, "publisert")
    step = reverse("admin:moter_meeting_transition", args=[meeting.pk, "new_version"])
    assert editor_client.post(step, {"reason": ""}).status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).status == "publisert"
    assert editor_client.post(step, {"reason": "Feil namn"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).revision_reason == "Feil namn"


def test_published_minutes_are_read_only(editor_client, meeting):
    advance(meeting, "publisert")
    data = form_data(editor_client, meeting)
    data["place"] = "Endra etterpå"
    editor_client.post(change_url(meeting), data)
    meeting.refresh_from_db()
    assert meeting.place == "Haukeland"
    item = meeting.items.last()
    response = editor_client.post(
        reverse("admin:moter_agendaitem_change", args=[item.pk]), {"title": "x"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["client", "member_client"])
def test_others_cannot_take_lifecycle_steps(request, persona, meeting):
    client = request.getfixturevalue(persona)
    step = reverse("admin:moter_meeting_transition", args=[meeting.pk, "issue_notice"])
    response = client.post(step)
    assert response.status_code == 302 and reverse("admin:login") in response.url
    assert Meeting.objects.get(pk=meeting.pk).status == "planlagd"
