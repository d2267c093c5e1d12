"""Working groups: caps per category and required seats, refused in clear words."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from avtaler.models import RequiredSeat, SeatCap, WorkingGroup
from avtaler.tests.helpers import ssu
from samarbeid.models import Body, MemberGroup, Membership, Person

C = Membership.Category
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def group():
    body = Body.objects.create(slug="ag", name_nn="Arbeidsgruppe", kind=Body.Kind.WORKING_GROUP)
    group = WorkingGroup.objects.create(body=body, reports_to=ssu())
    for category, most in [(MemberGroup.SPECIALIST, 2), (MemberGroup.USERS, 1)]:
        SeatCap.objects.create(group=group, category=category, max_seats=most)
    return group


def person(name="P"):
    return Person.objects.create(name=name)


def test_it_adds_members_up_to_the_cap_and_refuses_the_next(group):
    group.add_member(person("A"), category=C.SPECIALIST)
    group.add_member(person("B"), category=C.SPECIALIST)
    with pytest.raises(ValidationError, match=r"already has 2 of at most 2 seats for “Specialist"):
        group.add_member(person("C"), category=C.SPECIALIST)
    assert group.body.memberships.count() == 2


def test_both_kinds_of_user_representative_share_one_cap(group):
    group.add_member(person("A"), category=C.USER_MUNICIPAL)
    with pytest.raises(ValidationError, match="1 of at most 1"):
        group.add_member(person("B"), category=C.USER_SPECIALIST)


def test_it_refuses_a_category_the_composition_has_no_seats_for(group):
    with pytest.raises(ValidationError, match="no seats for “KS”"):
        group.add_member(person(), category=C.KS)


def test_substitutes_observers_and_ended_seats_do_not_count(group):
    group.add_member(person("A"), category=C.SPECIALIST)
    group.add_member(person("S"), category=C.SPECIALIST, role=Membership.Role.SUBSTITUTE)
    old = group.add_member(person("O"), category=C.SPECIALIST)
    old.end = datetime.date(2020, 1, 1)
    old.start = datetime.date(2019, 1, 1)
    old.save()
    group.add_member(person("B"), category=C.SPECIALIST)


def test_a_group_without_caps_takes_anyone():
    body = Body.objects.create(slug="fri", name_nn="Fri", kind=Body.Kind.WORKING_GROUP)
    group = WorkingGroup.objects.create(body=body, reports_to=ssu())
    for i in range(7):
        group.add_member(person(str(i)), category=C.KS)
    assert body.memberships.count() == 7


def test_it_fills_a_required_seat_and_refuses_filling_it_twice(group):
    pharmacy = RequiredSeat.objects.create(
        group=group, description="Éin frå sjukehusapoteket", category=MemberGroup.SPECIALIST
    )
    seat = group.add_member(person("A"), category=C.SPECIALIST, fills=pharmacy)
    pharmacy.refresh_from_db()
    assert pharmacy.filled_by == seat and pharmacy.is_filled
    with pytest.raises(ValidationError, match="already filled by A"):
        group.add_member(person("B"), category=C.SPECIALIST, fills=pharmacy)


def test_it_refuses_a_required_seat_of_another_category_or_group(group):
    nursing_home = RequiredSeat.objects.create(
        group=group, description="Ein sjukeheimslege", category=MemberGroup.MUNICIPAL
    )
    with pytest.raises(ValidationError, match="is for “Municipal health services”"):
        group.add_member(person(), category=C.SPECIALIST, fills=nursing_home)
    other = WorkingGroup.objects.create(
        body=Body.objects.create(slug="b", name_nn="B", kind=Body.Kind.WORKING_GROUP),
        reports_to=group.reports_to,
    )
    with pytest.raises(ValidationError, match="another group"):
        other.add_member(person(), category=C.MUNICIPAL, fills=nursing_home)
    assert not nursing_home.is_filled


def test_the_group_page_shows_filled_and_open_seats(client, group):
    group.add_member(person("Anne"), category=C.SPECIALIST)
    RequiredSeat.objects.create(group=group, description="Éin frå sjukehusapoteket",
                                category=MemberGroup.SPECIALIST)  # fmt: skip
    html = client.get("/avtalar/arbeidsgrupper/ag/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Specialist health services: at most 2, 1 filled, 1 open; users: 1, 0, 1.
    assert "<td>2</td><td>1</td><td>1</td>" in html
    assert "<td>1</td><td>0</td><td>1</td>" in html
    assert "Anne" in html
    assert "Éin frå sjukehusapoteket" in html


def test_a_missing_group_is_404(client, db):
    assert client.get("/avtalar/arbeidsgrupper/finst-ikkje/").status_code == 404


def test_it_refuses_a_seat_beyond_the_cap_in_the_admin_too(editor_client, group):
    from django.urls import reverse

    from samarbeid.models import Membership

    group.add_member(person("Brukar 1"), category=C.USER_MUNICIPAL)  # the one user seat
    extra = person("Ein for mykje")
    response = editor_client.post(
        reverse("admin:samarbeid_membership_add"),
        {
            "person": extra.pk,
            "body": group.body.pk,
            "role": "medlem",
            "category": C.USER_SPECIALIST,
        },
    )
    assert response.status_code == 200  # the form again, with the reason
    assert response.context["adminform"].form.non_field_errors()
    assert not Membership.objects.filter(person=extra).exists()
