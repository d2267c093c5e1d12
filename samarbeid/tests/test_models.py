"""The registry's rules, kept by the database and the models."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from samarbeid.models import Body, MemberGroup, Membership, Organisation, Person, grouped_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssu():
    return Body.objects.create(
        slug="ssu",
        short_name="SSU",
        name_nn="Strategisk samarbeidsutval",
        name_nb="Strategisk samarbeidsutvalg",
        kind=Body.Kind.SSU,
    )


def seat(body, name, category=Membership.Category.SPECIALIST, **kwargs):
    return Membership.objects.create(
        person=Person.objects.create(name=name), body=body, category=category, **kwargs
    )


def test_it_names_a_body_in_the_readers_language(ssu):
    with translation.override("nb"):
        assert ssu.name == "Strategisk samarbeidsutvalg"
    with translation.override("nn"):
        assert ssu.name == "Strategisk samarbeidsutval"
    with translation.override("en"):
        assert ssu.name == "Strategisk samarbeidsutval"


def test_it_falls_back_to_nynorsk_when_there_is_no_bokmal_name():
    org = Organisation(short_name_nn="Voss", name_nn="Voss herad", kind="kommune")
    with translation.override("nb"):
        assert org.name == "Voss herad"


def test_it_refuses_a_period_that_ends_before_it_starts(ssu):
    with pytest.raises(IntegrityError):
        seat(ssu, "A", start=datetime.date(2026, 2, 1), end=datetime.date(2026, 1, 1))


def test_it_refuses_an_area_committee_for_a_hospital(ssu):
    ou = Body.objects.create(slug="ou", name_nn="OU", kind=Body.Kind.OU)
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            slug="hb",
            short_name_nn="HB",
            name_nn="Helse Bergen",
            kind="helseforetak",
            area_committee=ou,
        )


def test_it_refuses_a_substitute_for_a_member_of_another_body(ssu):
    ou = Body.objects.create(slug="ou", name_nn="OU", kind=Body.Kind.OU)
    member = seat(ou, "A")
    substitute = Membership(
        person=Person.objects.create(name="B"),
        body=ssu,
        category="spesialisthelsetenesta",
        substitute_for=member,
    )
    with translation.override("en"), pytest.raises(ValidationError, match="same body"):
        substitute.full_clean()


def test_it_lists_only_current_seats(ssu):
    today = datetime.date.today()
    seat(ssu, "Old", end=today - datetime.timedelta(days=1))
    seat(ssu, "Future", start=today + datetime.timedelta(days=1))
    seat(ssu, "Now", start=today)
    names = [m.person.name for m in Membership.objects.for_body_page(ssu)]
    assert names == ["Now"]


def test_it_groups_members_like_the_minutes(ssu):
    C, R = Membership.Category, Membership.Role
    chair = seat(ssu, "Zed Chair", role=R.CHAIR)
    fyllingen = seat(ssu, "Kjerstin")
    seat(ssu, "Rebekka", role=R.SUBSTITUTE, substitute_for=fyllingen)
    seat(ssu, "Anne", category=C.SECRETARIAT, role=R.SECRETARIAT)
    hauge = seat(ssu, "Eystein", category=C.MUNICIPAL_CHIEF_MEDICAL_OFFICER, role=R.OBSERVER)
    seat(
        ssu,
        "Inger",
        category=C.MUNICIPAL_CHIEF_MEDICAL_OFFICER,
        role=R.SUBSTITUTE,
        substitute_for=hauge,
    )
    seat(ssu, "Evy", category=C.USER_SPECIALIST)
    seat(ssu, "Bjørn", category=C.USER_MUNICIPAL)
    seat(ssu, "Trond", category=C.MUNICIPAL)

    groups = grouped_members(Membership.objects.for_body_page(ssu))

    assert [(g, [m.person.name for m in seats]) for g, seats in groups] == [
        (MemberGroup.MUNICIPAL, ["Trond"]),
        (MemberGroup.SPECIALIST, ["Zed Chair", "Kjerstin", "Rebekka"]),
        (MemberGroup.USERS, ["Bjørn", "Evy"]),
        (MemberGroup.OBSERVERS, ["Eystein", "Inger"]),
        (MemberGroup.SECRETARIAT, ["Anne"]),
    ]
    assert chair.role == R.CHAIR


def test_it_records_who_changed_what(ssu, django_user_model):
    from simple_history.utils import update_change_reason

    user = django_user_model.objects.create_user("sse")
    ssu._history_user = user
    ssu.mandate = "Nytt mandat"
    ssu.save()
    update_change_reason(ssu, "Vedteke i 09/26")
    latest = ssu.history.first()
    assert (latest.history_user, latest.mandate, latest.history_change_reason) == (
        user,
        "Nytt mandat",
        "Vedteke i 09/26",
    )
    assert ssu.history.count() == 2
