"""Decisions link both ways: a case lists what its decision caused, and every measure,
agreement version, working group and body says “Decided in SSU 05/26” with a link back.

Who may see what (moter.links):
- the public opens a case once its meeting is published; an exempt case shows only its
  public title, and then only what is public anyway is listed under it (no follow-ups);
- a link to a case the reader may not open shows the case's number, without a link;
- members of the deciding body and the secretariat open every case of the body.
"""

import datetime
import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from avtaler.models import Signature, Version, WorkingGroup
from avtaler.tests.helpers import make_agreement, make_parties, make_version
from handlingsplan.models import Area, Measure, Plan
from handlingsplan.tests.helpers import make_plan
from moter.models import AgendaItem, FollowUp, Meeting
from moter.tests.conftest import at
from samarbeid.models import Body


def publish(meeting):
    """The status publishing gives (the PDF is not what these tests are about)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    meeting.refresh_from_db()
    return meeting


def decided(meeting, title, **fields):
    return AgendaItem.objects.create(
        meeting=meeting, title=title, decision=f"{title}: vedteke.", decision_label="vedtak",
        **fields,
    )  # fmt: skip


@pytest.fixture
def ssu(db):
    body, _ = Body.objects.update_or_create(
        slug="ssu", defaults={"short_name": "SSU", "name_nn": "Strategisk samarbeidsutval",
                              "kind": Body.Kind.SSU},
    )  # fmt: skip
    return body


@pytest.fixture
def world(ssu):
    """SSU's published meeting with an open case (02/26) and an exempt one (03/26), and a
    planned June meeting with case 05/26. Case 02/26 caused one of everything."""
    march = Meeting.objects.create(body=ssu, starts_at=at(2026, 3, 11))
    case = decided(march, "Ny arbeidsgruppe og nytt utval")
    exempt = decided(march, "Løyndom om Ola", access="exempt", legal_basis="offl. § 13",
                     public_title="Personalsak")  # fmt: skip
    publish(march)
    june = Meeting.objects.create(body=ssu, starts_at=at(2026, 6, 10))
    later = decided(june, "Endring av gruppa")

    plan = make_plan("2026", body=ssu)
    area = Area.objects.create(plan=plan, number=1, title="Avtalar")
    measure = Measure.objects.create(area=area, title="Tiltak frå vedtaket")
    measure.cases.add(case)
    draft_area = Area.objects.create(
        plan=make_plan("utkast", status=Plan.Status.DRAFT, body=ssu), number=1, title="Utkast"
    )
    draft_measure = Measure.objects.create(area=draft_area, title="Tiltak i utkastet")
    draft_measure.cases.add(case, exempt)
    exempt_measure = Measure.objects.create(area=area, title="Tiltak frå personalsaka")
    exempt_measure.cases.add(exempt)
    late_measure = Measure.objects.create(area=area, title="Tiltak frå juni")
    late_measure.cases.add(later)

    make_parties(2)
    version = make_version(make_agreement("ta-7"), status=Version.Status.FOR_APPROVAL)
    version.send_for_signing(in_case=case, on=datetime.date(2026, 3, 11))
    group = WorkingGroup.set_up(in_case=case, name_nn="Arbeidsgruppe for TA 7", mandate="Skriv.")
    group.record_change(in_case=later)
    new_body = Body.objects.create(slug="fsu-ny", short_name="FSU ny", name_nn="Nytt FSU",
                                   kind=Body.Kind.FSU, established_in=case)  # fmt: skip
    follow_up = FollowUp.objects.create(
        item=case, description="Ny sak om gruppa til junimøtet", owner_body=ssu, due_meeting=june
    )
    FollowUp.objects.create(item=exempt, description="Hemmeleg oppfølging", owner_body=ssu)
    return {
        "case": case, "exempt": exempt, "later": later, "june": june, "measure": measure,
        "draft_measure": draft_measure, "exempt_measure": exempt_measure,
        "late_measure": late_measure, "version": version, "group": group, "body": new_body,
        "follow_up": follow_up,
    }  # fmt: skip


def page(client, url):
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200, url
    return response.content.decode()


def version_url(version):
    return reverse("avtaler:version", args=[version.agreement.slug, version.pk])


# --- The case shows what it caused ------------------------------------------------------


def test_the_case_page_lists_what_the_decision_led_to(client, world):
    html = page(client, world["case"].get_absolute_url())
    assert "What the decision led to" in html
    assert world["measure"].get_absolute_url() in html
    assert world["draft_measure"].get_absolute_url() not in html  # a draft plan is not public
    assert version_url(world["version"]) in html
    assert "approved and sent to the parties for signing" in html
    assert world["group"].get_absolute_url() in html and "set up" in html
    assert world["body"].get_absolute_url() in html and "Nytt FSU" in html
    # The follow-up and its target meeting, which the public may not open yet (planned).
    assert "Ny sak om gruppa til junimøtet" in html and str(world["june"]) in html
    assert world["june"].get_absolute_url() not in html


def test_members_get_the_target_meeting_as_a_link(member_client, world):
    html = page(member_client, world["case"].get_absolute_url())
    assert world["june"].get_absolute_url() in html
    assert world["draft_measure"].get_absolute_url() in html  # SSU's members read its draft


def test_a_later_case_lists_the_group_it_changed(editor_client, world):
    html = page(editor_client, world["later"].get_absolute_url())
    assert world["group"].get_absolute_url() in html and "changed" in html
    assert world["late_measure"].get_absolute_url() in html


@pytest.mark.parametrize("persona", ["client", "other_member_client"])
def test_an_exempt_case_lists_only_what_is_public(request, world, persona):
    html = page(request.getfixturevalue(persona), world["exempt"].get_absolute_url())
    assert "Personalsak" in html and "Løyndom" not in html
    assert world["exempt_measure"].get_absolute_url() in html  # public plan: public anyway
    assert world["draft_measure"].get_absolute_url() not in html
    assert "Hemmeleg oppfølging" not in html  # a follow-up repeats the decision's text


def test_the_deciding_body_sees_the_exempt_case_s_follow_ups(member_client, world):
    html = page(member_client, world["exempt"].get_absolute_url())
    assert "Hemmeleg oppfølging" in html and "Løyndom om Ola" in html


def test_the_secretariat_gets_a_way_to_act_on_the_decision(client, editor, world):
    decision_page = reverse("admin:moter_agendaitem_decision", args=[world["case"].pk])
    assert decision_page not in page(client, world["case"].get_absolute_url())
    client.force_login(editor)
    assert decision_page in page(client, world["case"].get_absolute_url())


# --- Each object links back ---------------------------------------------------------------


@pytest.mark.parametrize(
    "key, url",
    [
        ("measure", lambda w: w["measure"].get_absolute_url()),
        ("version", lambda w: version_url(w["version"])),
        ("group", lambda w: w["group"].get_absolute_url()),
        ("body", lambda w: w["body"].get_absolute_url()),
        ("group's body", lambda w: w["group"].body.get_absolute_url()),
    ],
)
def test_every_object_says_which_case_decided_it(client, world, key, url):
    html = page(client, url(world))
    case = world["case"]
    assert f'Decided in <a class="ds-link" href="{case.get_absolute_url()}">SSU 02/26</a>' in html


def test_the_group_page_names_the_later_case_that_changed_it(editor_client, world):
    html = page(editor_client, world["group"].get_absolute_url())
    later = world["later"]
    assert f'Changed in <a class="ds-link" href="{later.get_absolute_url()}">SSU 05/26</a>' in html


@pytest.mark.parametrize("key", ["late_measure", "group"])
def test_a_case_the_reader_may_not_open_is_named_without_a_link(client, world, key):
    html = page(client, world[key].get_absolute_url())
    later = world["later"]  # at the planned June meeting: not public
    assert "SSU 05/26" in html and later.get_absolute_url() not in html
    assert "Endring av gruppa" not in html


def test_members_of_the_body_get_the_link_to_an_unpublished_case(member_client, world):
    html = page(member_client, world["late_measure"].get_absolute_url())
    assert world["later"].get_absolute_url() in html


def test_an_exempt_case_is_named_by_its_number_only(client, world):
    html = page(client, world["exempt_measure"].get_absolute_url())
    exempt = world["exempt"]
    assert f'href="{exempt.get_absolute_url()}">SSU 03/26</a>' in html
    assert "Løyndom" not in html and "Personalsak" not in html


def test_a_version_sent_in_another_case_says_both(editor_client, world, ssu):
    version = make_version(make_agreement("ta-8"), label="2026", status=Version.Status.DRAFT)
    version.approve(in_case=world["case"])
    version.refresh_from_db()
    version.send_for_signing(in_case=world["later"], on=datetime.date(2026, 6, 10))
    html = page(editor_client, version_url(version))
    assert f'Decided in <a class="ds-link" href="{world["case"].get_absolute_url()}"' in html
    assert (
        f'Sent for signing in <a class="ds-link" href="{world["later"].get_absolute_url()}"'
        in (html)
    )
    assert world["later"].agreement_versions_sent.get() == version
    assert world["case"].approved_agreement_versions.filter(pk=version.pk).exists()


# --- What it costs -----------------------------------------------------------------------


def add_consequences(case, june, n):
    """`n` more of each thing the decision can cause."""
    area = Area.objects.filter(plan__slug="2026").get()
    agreement = make_agreement(f"mange-{n}")
    for i in range(n):
        Measure.objects.create(area=area, title=f"Tiltak {i}").cases.add(case)
        make_version(agreement, label=f"v{i}", approved_in=case)
        WorkingGroup.set_up(in_case=case, name_nn=f"Gruppe {i}")
        Body.objects.create(slug=f"utval-{i}", name_nn=f"Utval {i}", kind=Body.Kind.FSU,
                            established_in=case)  # fmt: skip
        FollowUp.objects.create(item=case, description=f"Oppfølging {i}",
                                owner_body=case.body, due_meeting=june)  # fmt: skip


@pytest.mark.parametrize("n", [1, 12])
def test_the_case_page_costs_the_same_queries_however_much_it_caused(
    member_client, world, django_assert_num_queries, n
):
    case = world["case"]
    add_consequences(case, world["june"], n)
    url = case.get_absolute_url()
    member_client.get("/")  # settle the session
    # session, user, the case (with its meeting and body), sub-items, presenters,
    # attachments, protocol entries, the reader's seats; what it caused: agreement versions,
    # working groups, follow-ups (with owners and target meetings), measures, bodies.
    with django_assert_num_queries(13):
        html = page(member_client, url)
    assert html.count("Oppfølging ") == n and html.count("Utval ") >= n


@pytest.mark.parametrize("n", [1, 12])
def test_the_object_pages_cost_the_same_queries_however_many_cases(
    client, world, django_assert_num_queries, n
):
    measure, group = world["measure"], world["group"]
    for i in range(n):
        item = decided(world["case"].meeting, f"Fleire {i}")
        measure.cases.add(item)
        group.changed_in.add(item)
    # plan, measure (with area), its responsible bodies and organisations, its deciding
    # cases (with meetings and bodies), the history chain's reports.
    # (and the plans the reader may open, for the history chain)
    with django_assert_num_queries(7):
        html = page(client, measure.get_absolute_url())
    assert html.count('class="decided-in"') == n + 1
    # group (with its body, deciding case …), caps, required seats, changing cases, seats,
    # members.
    with django_assert_num_queries(6):
        html = page(client, group.get_absolute_url())
    assert html.count('class="decided-in"') == n + 2


# --- The demo -------------------------------------------------------------------------


def ssu_case(sequence):
    return AgendaItem.objects.get(body__slug="ssu", year=2026, sequence=sequence)


def test_the_demo_wires_the_seed_decisions_to_what_they_caused(demo):
    june = Meeting.objects.get(body__slug="ssu", year=2026, number=2)
    # 05/26: measures on the plan, and a new case at the June meeting.
    assert ssu_case(5).measures.count() == 2
    assert ssu_case(5).follow_ups.filter(due_meeting=june).exists()
    # 06/26 and 13/26: approved and sent for signing, with a signing row per party.
    for sequence in (6, 13):
        version = ssu_case(sequence).agreement_versions_sent.get()
        assert version.approved_in == ssu_case(sequence)
        assert version.status == Version.Status.SENT
        assert version.sent_on == datetime.date(2026, 3, 11)
        assert version.signatures.filter(status=Signature.Status.SENT).count() > 10
    # 03/26 and 07/26: working groups.
    assert ssu_case(3).working_groups_set_up.get().body.slug == "ag-revisjon-ta-9"
    assert ssu_case(7).working_groups_set_up.get().body.slug == "ag-legemiddelberedskap"
    # 09/26: the new FSU, and a measure for it.
    assert ssu_case(9).bodies_established.get().slug == "fsu-svangerskap"
    assert ssu_case(9).measures.get().title.startswith("Oppstart av FSU")


def test_the_demo_links_can_be_followed_both_ways(editor_client, demo):
    fsu = Body.objects.get(slug="fsu-svangerskap")
    case_page = page(editor_client, ssu_case(9).get_absolute_url())
    assert fsu.get_absolute_url() in case_page
    assert ssu_case(9).get_absolute_url() in page(editor_client, fsu.get_absolute_url())
    version = ssu_case(13).agreement_versions_sent.get()
    assert version_url(version) in page(editor_client, ssu_case(13).get_absolute_url())
    assert ssu_case(13).get_absolute_url() in page(editor_client, version_url(version))
    # The public too: the meeting is published, the agreement sent (public), the FSU public.
    assert ssu_case(9).get_absolute_url() in page(Client(), fsu.get_absolute_url())
    assert ssu_case(6).get_absolute_url() in page(
        Client(), version_url(ssu_case(6).agreement_versions_sent.get())
    )


def test_loading_the_demo_again_keeps_the_links(demo):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Body.objects.get(slug="fsu-svangerskap").established_in == ssu_case(9)
    assert ssu_case(13).agreement_versions_sent.count() == 1
    assert Signature.objects.filter(version__sent_in=ssu_case(13)).count() == (
        Signature.objects.filter(version__approved_in=ssu_case(13)).count()
    )
