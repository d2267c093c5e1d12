"""The decision page in the admin: from a case's decision, one step to what it causes.

Who may do what: the secretariat's editors take every step; a staff login outside the
editors' group is refused (403); members and the public are sent to the admin's login.
Every step works on a case in published (frozen) minutes, as decisions are acted on after
the meeting.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from avtaler.models import Agreement, Signature, Version, WorkingGroup
from avtaler.tests.helpers import make_agreement, make_parties, make_version
from handlingsplan.models import Area, Measure
from handlingsplan.tests.helpers import make_plan
from moter.models import AgendaItem, FollowUp, Meeting
from moter.tests.conftest import at
from samarbeid.models import Body

V = Version.Status


@pytest.fixture(autouse=True)
def in_english(settings):
    """The assertions read the English messages (the nn/nb catalogues are tested apart)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ssu(db):
    return Body.objects.create(slug="ssu", short_name="SSU", name_nn="Strategisk samarbeidsutval",
                               kind=Body.Kind.SSU)  # fmt: skip


@pytest.fixture
def case(ssu):
    """SSU 02/26 with a two-point decision, in published minutes; June's meeting planned."""
    march = Meeting.objects.create(body=ssu, starts_at=at(2026, 3, 11))
    item = AgendaItem.objects.create(
        meeting=march, title="Særavtale om legemiddelberedskap",
        decision="- Arbeidsgruppe blir sett ned.\n- Sak til SSU i juni.",
    )  # fmt: skip
    Meeting.objects.filter(pk=march.pk).update(status=Meeting.Status.PUBLISHED)
    Meeting.objects.create(body=ssu, starts_at=at(2026, 6, 10))
    return AgendaItem.objects.get(pk=item.pk)


@pytest.fixture
def area(ssu):
    return Area.objects.create(plan=make_plan("2026", body=ssu), number=1, title="Beredskap")


@pytest.fixture
def outsider_client(client, db):
    """Staff, but not in the editors' group: may log in to the admin, may not act."""
    client.force_login(User.objects.create_user("stab", password="pw", is_staff=True))
    return client


def decision_url(item):
    return reverse("admin:moter_agendaitem_decision", args=[item.pk])


def step_url(item, step):
    return reverse("admin:moter_agendaitem_decision_step", args=[item.pk, step])


def get(client, url, **kwargs):
    return client.get(url, headers={"accept-language": "en"}, **kwargs)


def post(client, url, data=None, **kwargs):
    return client.post(url, data or {}, headers={"accept-language": "en"}, **kwargs)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def add_form_data(client, url):
    """A pre-filled admin add form as the browser would send it back, unchanged."""
    response = get(client, url)
    assert response.status_code == 200
    data = {}
    for name, field in response.context["adminform"].form.fields.items():
        value = response.context["adminform"].form[name].value()
        if value not in (None, ""):
            data[name] = value
        del field
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = 0
        data[f"{fs.prefix}-INITIAL_FORMS"] = 0
    return data


# --- The page ----------------------------------------------------------------------------


def test_the_case_and_the_meeting_screen_lead_to_the_decision_page(editor_client, case):
    change = get(editor_client, reverse("admin:moter_agendaitem_change", args=[case.pk]))
    assert decision_url(case) in change.content.decode()
    meeting = get(editor_client, reverse("admin:moter_meeting_referat", args=[case.meeting_id]))
    assert decision_url(case) in meeting.content.decode()


def test_the_decision_page_shows_the_decision_and_every_step(editor_client, case):
    html = get(editor_client, decision_url(case)).content.decode()
    assert "Arbeidsgruppe blir sett ned." in html
    for step in ("nytt-tiltak", "tiltak", "avtaleversjon", "arbeidsgruppe",
                 "endre-arbeidsgruppe", "utval", "oppfolging"):  # fmt: skip
        assert step_url(case, step) in html
    assert 'value="approve"' in html and 'value="send"' in html
    assert "Nothing yet." in html


def test_a_case_without_a_decision_offers_no_steps(editor_client, case):
    AgendaItem.objects.filter(pk=case.pk).update(decision="")
    html = get(editor_client, decision_url(case)).content.decode()
    assert "no decision yet" in html and step_url(case, "tiltak") not in html
    response = get(editor_client, step_url(case, "nytt-tiltak"), follow=True)
    assert any("no decision yet" in m for m in messages_of(response))
    meeting = get(editor_client, reverse("admin:moter_meeting_referat", args=[case.meeting_id]))
    assert decision_url(case) not in meeting.content.decode()


@pytest.mark.parametrize("step", [None, "tiltak", "avtaleversjon", "arbeidsgruppe",
                                  "endre-arbeidsgruppe", "nytt-tiltak", "utval", "oppfolging"])  # fmt: skip
def test_only_editors_take_the_steps(request, case, step):
    url = step_url(case, step) if step else decision_url(case)
    for persona in ("client", "member_client"):
        response = post(request.getfixturevalue(persona), url)
        assert response.status_code == 302 and reverse("admin:login") in response.url
    assert post(request.getfixturevalue("outsider_client"), url).status_code == 403
    assert not Measure.objects.exists() and not WorkingGroup.objects.exists()


def test_an_unknown_case_is_404(editor_client, db):
    assert get(editor_client, decision_url(AgendaItem(pk=999))).status_code == 404


# --- Measures ----------------------------------------------------------------------------


def test_a_new_measure_opens_pre_filled_and_comes_back_linked(editor_client, case, area):
    response = get(editor_client, step_url(case, "nytt-tiltak"))
    assert response.status_code == 302
    add = response.url
    assert add.startswith(reverse("admin:handlingsplan_measure_add"))
    form = get(editor_client, add).context["adminform"].form
    assert form["title"].value() == "Særavtale om legemiddelberedskap"
    assert form["sub_actions"].value() == "Arbeidsgruppe blir sett ned.\nSak til SSU i juni."
    assert form["cases"].value() == [str(case.pk)]
    assert "Plan 2026 – 1. Beredskap" in str(form["area"])  # the plan is in the choice
    data = add_form_data(editor_client, add) | {"area": area.pk, "status": "ikkje_starta"}
    saved = post(editor_client, add, data, follow=True)
    measure = Measure.objects.get()
    assert list(measure.cases.all()) == [case]
    assert saved.redirect_chain[-1][0] == decision_url(case)
    assert any("is linked to case SSU 02/26" in m for m in messages_of(saved))


def test_a_measure_saved_without_the_case_says_so(editor_client, case, area):
    add = get(editor_client, step_url(case, "nytt-tiltak")).url
    data = add_form_data(editor_client, add) | {"area": area.pk, "status": "ikkje_starta"}
    del data["cases"]
    saved = post(editor_client, add, data, follow=True)
    assert not Measure.objects.get().cases.exists()
    assert any("not linked to case SSU 02/26" in m for m in messages_of(saved))


def test_it_links_the_case_to_a_measure_that_exists_and_opens_it(editor_client, case, area):
    measure = Measure.objects.create(area=area, title="Tiltak som finst")
    response = post(editor_client, step_url(case, "tiltak"), {"measure": measure.pk})
    assert response.url == reverse("admin:handlingsplan_measure_change", args=[measure.pk])
    assert list(measure.cases.all()) == [case]
    # Linked already: no longer offered, and a second try is refused with a message.
    again = post(editor_client, step_url(case, "tiltak"), {"measure": measure.pk}, follow=True)
    assert any("valid choice" in m for m in messages_of(again))
    assert measure.cases.count() == 1


def test_linking_without_a_measure_is_refused_with_a_message(editor_client, case):
    response = post(editor_client, step_url(case, "tiltak"), {}, follow=True)
    assert response.redirect_chain[-1][0] == decision_url(case)
    assert any("required" in m for m in messages_of(response))


def test_a_get_of_a_post_step_changes_nothing(editor_client, case, area):
    measure = Measure.objects.create(area=area, title="Tiltak")
    response = get(editor_client, step_url(case, "tiltak") + f"?measure={measure.pk}")
    assert response.url == decision_url(case) and not measure.cases.exists()


# --- Agreement versions ------------------------------------------------------------------


def test_it_approves_a_version_in_the_case(editor_client, case):
    version = make_version(make_agreement(), status=V.CONSULTATION,
                           consultation_deadline=datetime.date(2026, 3, 1))  # fmt: skip
    response = post(editor_client, step_url(case, "avtaleversjon"),
                    {"version": version.pk, "step": "approve"}, follow=True)  # fmt: skip
    version.refresh_from_db()
    assert (version.status, version.approved_in, version.sent_in) == (V.APPROVED, case, None)
    assert response.redirect_chain[-1][0] == reverse("admin:avtaler_version_change",
                                                     args=[version.pk])  # fmt: skip
    assert any("is approved in case SSU 02/26" in m for m in messages_of(response))


def test_it_sends_a_version_for_signing_with_a_row_per_party(editor_client, case):
    make_parties(4)
    version = make_version(make_agreement(), status=V.FOR_APPROVAL)
    response = post(editor_client, step_url(case, "avtaleversjon"),
                    {"version": version.pk, "step": "send"}, follow=True)  # fmt: skip
    version.refresh_from_db()
    assert (version.status, version.approved_in, version.sent_in) == (V.SENT, case, case)
    assert version.signatures.filter(status=Signature.Status.SENT).count() == 4
    assert any("sent to 4 parties" in m for m in messages_of(response))


def test_a_version_that_cannot_be_sent_is_refused_and_nothing_is_saved(editor_client, case):
    agreement = make_agreement(rule=Agreement.Parties.LISTED)  # and no parties listed
    version = make_version(agreement, status=V.DRAFT)
    response = post(editor_client, step_url(case, "avtaleversjon"),
                    {"version": version.pk, "step": "send"}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == decision_url(case)
    assert any("no parties to send it to" in m for m in messages_of(response))
    version.refresh_from_db()
    assert (version.status, version.approved_in, version.sent_in) == (V.DRAFT, None, None)
    assert not Signature.objects.exists()


def test_a_version_approved_in_another_case_is_not_approved_again(editor_client, case):
    other = AgendaItem.objects.create(meeting=case.meeting, title="Anna sak", decision="Ja.")
    version = make_version(make_agreement(), status=V.APPROVED, approved_in=other)
    response = post(editor_client, step_url(case, "avtaleversjon"),
                    {"version": version.pk, "step": "approve"}, follow=True)  # fmt: skip
    assert any(f"already approved in case {other.number}" in m for m in messages_of(response))
    version.refresh_from_db()
    assert version.approved_in == other


def test_a_sent_version_is_not_offered(editor_client, case):
    make_parties(1)
    version = make_version(make_agreement())
    version.send_to_parties(on=datetime.date(2026, 3, 11))
    response = post(editor_client, step_url(case, "avtaleversjon"),
                    {"version": version.pk, "step": "send"}, follow=True)  # fmt: skip
    assert any("valid choice" in m for m in messages_of(response))
    version.refresh_from_db()
    assert version.sent_in is None


# --- Working groups ----------------------------------------------------------------------


def test_it_sets_up_a_working_group_reporting_to_the_deciding_body(editor_client, case, ssu):
    form = get(editor_client, step_url(case, "arbeidsgruppe")).context["form"]
    assert form["reports_to"].value() == ssu.pk
    assert "Arbeidsgruppe blir sett ned." in form["mandate"].value()
    data = {"name_nn": "Arbeidsgruppe for legemiddelberedskap", "reports_to": ssu.pk,
            "mandate": "Lag eit utkast.", "deadline": "2026-12-01"}  # fmt: skip
    response = post(editor_client, step_url(case, "arbeidsgruppe"), data, follow=True)
    group = WorkingGroup.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:avtaler_workinggroup_change",
                                                     args=[group.pk])  # fmt: skip
    assert (group.set_up_in, group.reports_to, group.deadline) == (
        case,
        ssu,
        datetime.date(2026, 12, 1),
    )
    body = group.body
    assert (body.kind, body.parent, body.slug) == (
        Body.Kind.WORKING_GROUP,
        ssu,
        "arbeidsgruppe-for-legemiddelberedskap",
    )
    assert body.active_from == datetime.date(2026, 3, 11) and body.mandate == "Lag eit utkast."
    assert any("is set up in case SSU 02/26" in m for m in messages_of(response))


def test_a_taken_web_address_sets_up_nothing(editor_client, case, ssu):
    data = {"name_nn": "Gruppe", "slug": "ssu", "reports_to": ssu.pk}
    response = post(editor_client, step_url(case, "arbeidsgruppe"), data)
    assert response.status_code == 200
    assert "Another body has this web address." in response.content.decode()
    assert not WorkingGroup.objects.exists()
    assert not Body.objects.filter(kind=Body.Kind.WORKING_GROUP).exists()


def test_it_records_a_change_of_a_group_and_opens_it(editor_client, case, ssu):
    earlier = Meeting.objects.create(body=ssu, starts_at=at(2026, 1, 15))
    set_up = AgendaItem.objects.create(meeting=earlier, title="Ny gruppe", decision="Ja.")
    group = WorkingGroup.set_up(in_case=set_up, name_nn="Gruppa")
    response = post(editor_client, step_url(case, "endre-arbeidsgruppe"), {"group": group.pk})
    assert response.url == reverse("admin:avtaler_workinggroup_change", args=[group.pk])
    assert list(group.changed_in.all()) == [case]
    assert list(case.working_groups_changed.all()) == [group]


def test_a_case_cannot_change_a_group_set_up_after_it(case, ssu):
    from django.core.exceptions import ValidationError

    later = AgendaItem.objects.create(meeting=Meeting.objects.get(number=2), title="Ny gruppe")
    group = WorkingGroup.set_up(in_case=later, name_nn="Gruppa")
    with pytest.raises(ValidationError, match="older than the case"):
        group.record_change(in_case=case)
    with pytest.raises(ValidationError, match="set the group up"):
        group.record_change(in_case=later)
    assert not group.changed_in.exists()


# --- Bodies and follow-ups ---------------------------------------------------------------


def test_it_establishes_a_body_from_the_pre_filled_form(editor_client, case, ssu):
    add = get(editor_client, step_url(case, "utval")).url
    assert add.startswith(reverse("admin:samarbeid_body_add"))
    data = add_form_data(editor_client, add)
    assert data["established_in"] == str(case.pk) and data["parent"] == str(ssu.pk)
    assert "Sak til SSU i juni." in data["mandate"]
    data |= {"name_nn": "FSU for legemiddel", "short_name": "FSU L", "slug": "fsu-l",
             "kind": Body.Kind.FSU, "order": 100}  # fmt: skip
    saved = post(editor_client, add, data, follow=True)
    body = Body.objects.get(slug="fsu-l")
    assert body.established_in == case and body.active_from == datetime.date(2026, 3, 11)
    assert list(case.bodies_established.all()) == [body]
    assert saved.redirect_chain[-1][0] == decision_url(case)


def test_it_asks_for_a_follow_up_case_at_the_next_meeting(editor_client, case, ssu):
    sse = Body.objects.create(slug="sse", short_name="SSE", name_nn="Sekretariatet",
                              kind=Body.Kind.SECRETARIAT)  # fmt: skip
    june = Meeting.objects.get(body=ssu, number=2)
    add = get(editor_client, step_url(case, "oppfolging")).url
    data = add_form_data(editor_client, add)
    assert (data["item"], data["due_meeting"], data["owner_body"]) == (
        str(case.pk),
        str(june.pk),
        str(sse.pk),
    )
    assert "Særavtale om legemiddelberedskap" in data["description"]
    saved = post(editor_client, add, data | {"status": "open"}, follow=True)
    follow_up = FollowUp.objects.get()
    assert (follow_up.item, follow_up.due_meeting, follow_up.meeting) == (case, june, case.meeting)
    assert saved.redirect_chain[-1][0] == decision_url(case)


def test_a_follow_up_may_go_to_another_body_but_not_back_in_time(editor_client, case):
    ou = Body.objects.create(slug="ou", short_name="OU", name_nn="Områdeutval",
                             kind=Body.Kind.OU)  # fmt: skip
    may = Meeting.objects.create(body=ou, starts_at=at(2026, 5, 6))
    january = Meeting.objects.create(body=ou, starts_at=at(2026, 1, 6))
    add = get(editor_client, step_url(case, "oppfolging")).url
    data = add_form_data(editor_client, add) | {"status": "open"}
    refused = post(editor_client, add, data | {"due_meeting": january.pk})
    assert refused.status_code == 200 and "must be at a meeting after" in refused.content.decode()
    assert not FollowUp.objects.exists()
    post(editor_client, add, data | {"due_meeting": may.pk})
    assert FollowUp.objects.get().due_meeting == may
