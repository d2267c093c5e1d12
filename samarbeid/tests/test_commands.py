"""`load_demo` builds the real structure, idempotently; `ensure_admin` makes one login."""

import io

import pytest
from django.core.management import call_command

from samarbeid.models import Body, Membership, Organisation, Person

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Body, Organisation, Person, Membership)] + [
        Body.history.count(),
        Membership.history.count(),
    ]


def test_it_loads_the_demo_twice_without_change(demo):
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    after = counts()
    # Rows are the same; update_or_create saves again, which history records as edits.
    assert before[:4] == after[:4]


def test_it_loads_the_eighteen_municipalities_by_area(demo):
    current = Organisation.objects.current().filter(kind="kommune")
    assert current.count() == 18
    assert {o.area_committee.slug for o in current} == {
        "ou-bergen",
        "ou-bergensregionen",
        "ou-nordhordland",
        "ou-voss",
    }
    radoy = Organisation.objects.get(slug="radoy")
    assert radoy.successor.short_name_nn == "Alver"


def test_it_loads_the_bodies_the_community_has(demo):
    standing = Body.objects.exclude(kind=Body.Kind.WORKING_GROUP)  # groups: avtaler's demo
    assert set(standing.values_list("slug", flat=True)) == {
        "partnarskapsmote",
        "ssu",
        "ou-bergen",
        "ou-bergensregionen",
        "ou-nordhordland",
        "ou-voss",
        "sse",
        "ufab",
        "mfu",
        "fsu-svangerskap",
    }


def test_it_loads_ssu_as_listed_in_the_seed_minutes(demo):
    ssu = Membership.objects.filter(body__slug="ssu")
    assert ssu.count() == 28
    assert ssu.filter(role="sekretariat").count() == 7
    assert ssu.get(role="leiar").person.name == "Eivind Hansen"
    substitutes = {
        (m.person.name, m.substitute_for.person.name)
        for m in ssu.filter(substitute_for__isnull=False)
    }
    assert substitutes == {
        ("Rebekka Ljosland", "Kjerstin Fyllingen"),
        ("Inger Uglenes", "Eystein Hauge"),
    }
    assert set(Person.objects.filter(name_is_public=False).values_list("name", flat=True)) == {
        "Evy Knutsen",
        "Bjørn Sivertsen",
        "Gunn Mali Steen Sund",
        "Marius Omland",
        "Theresa Dang",
    }
    assert Membership.objects.filter(body__slug="sse").count() == 7


def test_it_creates_one_administrator_with_a_random_password(
    settings, tmp_path, django_user_model
):
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().rsplit(" / ", 1)[1].strip()
    assert len(password) >= 12
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert (tmp_path / "admin-password.txt").stat().st_mode & 0o077 == 0

    again = io.StringIO()
    call_command("ensure_admin", stdout=again)
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
    assert password in again.getvalue()  # shown again from the saved file
