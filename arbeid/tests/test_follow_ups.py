from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from arbeid.tests.conftest import days, make_body
from moter.models import AgendaItem, FollowUp, Meeting, MeetingStateError

REGISTER = reverse("arbeid:follow_ups")


@pytest.fixture
def decided(db):
    """A decision at an FSU meeting 100 days ago, and the FSU's next meeting (planned)."""
    body = make_body("fsu")
    past = Meeting.objects.create(body=body, starts_at=days(-100))
    case = AgendaItem.objects.create(meeting=past, title="Rapport", decision="Vi ber om …")
    upcoming = Meeting.objects.create(body=body, starts_at=days(20))
    return {"body": body, "case": case, "meeting": upcoming}


def follow_up(decided, **fields):
    fields.setdefault("description", "Legg fram rapporten")
    return FollowUp.objects.create(item=decided["case"], **fields)


def test_it_lists_open_follow_ups_overdue_first(editor_client, decided):
    today = timezone.localdate()
    follow_up(decided, description="Seinare", due_date=today + timedelta(days=40))
    follow_up(decided, description="Forfallen", due_date=today - timedelta(days=1))
    follow_up(decided, description="Utan dato")
    done = follow_up(decided, description="Ferdig")
    done.close(AgendaItem.objects.create(meeting=decided["meeting"], title="Sak"))
    page = editor_client.get(REGISTER).content.decode()
    assert page.index("Forfallen") < page.index("Seinare") < page.index("Utan dato")
    assert "Ferdig" not in page
    assert "Ferdig" in editor_client.get(REGISTER + "?status=alle").content.decode()
    assert "Forfallen" not in editor_client.get(REGISTER + "?status=done").content.decode()


def test_it_filters_by_body_and_overdue(editor_client, decided):
    other = make_body("ou", "ou")
    follow_up(decided, description="Til OU", case_body=other)
    follow_up(decided, description="Forfallen", due_date=timezone.localdate() - timedelta(days=1))
    by_body = editor_client.get(REGISTER + "?utval=ou").content.decode()
    assert "Til OU" in by_body and "Forfallen" not in by_body
    overdue = editor_client.get(REGISTER + "?forfalne=on").content.decode()
    assert "Forfallen" in overdue and "Til OU" not in overdue


def test_it_reports_a_choice_it_cannot_use_and_shows_the_open_ones(editor_client, decided):
    follow_up(decided, description="Open sak")
    page = editor_client.get(REGISTER + "?utval=finst-ikkje").content.decode()
    assert 'role="alert"' in page and "Open sak" in page


def test_it_is_for_editors_only(member_client, decided):
    fu = follow_up(decided)
    assert member_client.get(REGISTER).status_code == 403
    assert member_client.post(reverse("arbeid:close", args=[fu.pk])).status_code == 403


@pytest.mark.parametrize("n", [2, 20])
def test_it_lists_with_the_same_queries_whatever_the_data(editor_client, decided, n,
                                                          django_assert_num_queries):  # fmt: skip
    other = make_body("ou", "ou")
    for i in range(n):
        fu = follow_up(
            decided, description=f"F {i}", owner_body=other, due_meeting=decided["meeting"]
        )
        if i % 2:
            fu.close(AgendaItem.objects.create(meeting=decided["meeting"], title=f"S {i}"))
    # session, user, bodies for the filter, count, the page's ids, those follow-ups with
    # everything joined
    with django_assert_num_queries(8):
        assert editor_client.get(REGISTER + "?status=alle").status_code == 200


def test_it_closes_a_follow_up_by_a_later_case(editor_client, editor, decided):
    fu = follow_up(decided)
    later = AgendaItem.objects.create(meeting=decided["meeting"], title="Rapporten")
    url = reverse("arbeid:close", args=[fu.pk])
    assert "Rapporten" in editor_client.get(url).content.decode()
    response = editor_client.post(url, {"case": later.pk}, follow=True)
    assert "closed by case" in response.content.decode()
    fu.refresh_from_db()
    assert fu.status == "done" and fu.closed_by == later
    assert fu.history.first().history_user == editor


def test_it_does_not_close_by_a_case_of_an_earlier_meeting(editor_client, decided):
    fu = follow_up(decided)
    earlier = Meeting.objects.create(body=decided["body"], starts_at=days(-200))
    older_case = AgendaItem.objects.create(meeting=earlier, title="Gammal")
    response = editor_client.post(reverse("arbeid:close", args=[fu.pk]), {"case": older_case.pk})
    assert response.status_code == 200  # the form again, with its message
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError):
        fu.close(older_case)
    fu.refresh_from_db()
    assert fu.status == "open" and fu.closed_by is None


def test_it_opens_a_follow_up_again(editor_client, decided):
    fu = follow_up(decided)
    fu.close(AgendaItem.objects.create(meeting=decided["meeting"], title="Feil sak"))
    editor_client.post(reverse("arbeid:reopen", args=[fu.pk]))
    fu.refresh_from_db()
    assert fu.status == "open" and fu.closed_by is None


def test_it_refuses_a_due_meeting_before_the_decision(decided):
    earlier = Meeting.objects.create(body=decided["body"], starts_at=days(-300))
    fu = FollowUp(item=decided["case"], description="x", due_meeting=earlier)
    with pytest.raises(ValidationError) as error:
        fu.full_clean()
    assert "due_meeting" in error.value.message_dict


def test_it_knows_the_body_of_the_due_meeting(decided):
    assert follow_up(decided, due_meeting=decided["meeting"]).case_body == decided["body"]


def test_it_offers_follow_ups_aimed_at_a_new_meeting(editor_client, decided):
    other = make_body("ou", "ou")
    aimed = follow_up(decided, description="Til neste FSU-møte", case_body=decided["body"])
    at_it = follow_up(decided, description="Til dette møtet", due_meeting=decided["meeting"])
    follow_up(decided, description="Til OU", case_body=other)
    follow_up(decided, description="Utan mottakar")
    url = reverse("arbeid:offer", args=[decided["meeting"].pk])
    page = editor_client.get(url).content.decode()
    assert "Til neste FSU-møte" in page and "Til dette møtet" in page
    assert "Til OU" not in page and "Utan mottakar" not in page
    response = editor_client.post(url, {"follow_ups": [aimed.pk, at_it.pk]})
    assert response.url == reverse("admin:moter_meeting_change", args=[decided["meeting"].pk])
    cases = list(decided["meeting"].items.exclude(kind="godkjenning").order_by("order"))
    # Those due at a date first, in the order of the list they were offered in.
    assert [c.title for c in cases] == ["Til dette møtet", "Til neste FSU-møte"]
    assert decided["case"].number in cases[1].narrative
    aimed.refresh_from_db()
    assert aimed.taken_up_in == cases[1] and aimed.due_meeting == decided["meeting"]
    # Once on the agenda, they are not offered again.
    assert "Til dette møtet" not in editor_client.get(url).content.decode()


def test_it_offers_nothing_from_after_the_meeting(decided):
    later = Meeting.objects.create(body=decided["body"], starts_at=days(60))
    case = AgendaItem.objects.create(meeting=later, title="Seinare vedtak", decision="…")
    FollowUp.objects.create(item=case, description="x", case_body=decided["body"])
    assert not FollowUp.objects.aimed_at(decided["meeting"]).exists()


def test_it_puts_nothing_on_an_agenda_whose_notice_is_out(decided):
    fu = follow_up(decided, case_body=decided["body"])
    decided["meeting"].issue_notice()
    with pytest.raises(MeetingStateError):
        fu.put_on_agenda(decided["meeting"])
    fu.refresh_from_db()
    assert fu.taken_up_in is None


def add_meeting_data(client, body, when):
    """The admin's add-meeting form as the browser sends it: body and start filled in."""
    response = client.get(reverse("admin:moter_meeting_add"))
    data = {}
    for name in response.context["adminform"].form.fields:
        value = response.context["adminform"].form[name].value()
        if value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = 0
        data[f"{fs.prefix}-INITIAL_FORMS"] = 0
    data["body"] = body.pk
    local = timezone.localtime(when)
    data["starts_at_0"], data["starts_at_1"] = local.strftime("%Y-%m-%d"), local.strftime("%H:%M")
    data.pop("starts_at", None)
    return data


def test_it_offers_the_follow_ups_when_the_next_meeting_is_made(editor_client, decided):
    follow_up(decided, description="Til neste møte", case_body=decided["body"])
    data = add_meeting_data(editor_client, decided["body"], days(40))
    response = editor_client.post(reverse("admin:moter_meeting_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    new = Meeting.objects.order_by("-pk").first()
    assert response.url == reverse("arbeid:offer", args=[new.pk])
    # The meeting screen also points to them until they are on the agenda.
    screen = editor_client.get(reverse("admin:moter_meeting_change", args=[new.pk]))
    assert "1 follow-up waits for this agenda" in screen.content.decode()


def test_it_goes_to_the_meeting_screen_when_nothing_waits(editor_client, decided):
    data = add_meeting_data(editor_client, decided["body"], days(40))
    response = editor_client.post(reverse("admin:moter_meeting_add"), data)
    assert response.status_code == 302
    assert "/oppfolgingar/" not in response.url
