"""The suite's own machinery: rows a fixture makes once per test process (tests.dbsnapshot)."""

from django.db import transaction

from samarbeid.models import Body, Person
from tests.dbsnapshot import KeptRows

built = []


def build():
    built.append(1)
    body = Body.objects.create(slug="fsu", name_nn="Fagleg utval", kind=Body.Kind.FSU)
    return {"body": body, "person": Person.objects.create(name="Kari Nordmann")}


def test_the_rows_are_made_once_and_each_test_gets_its_own_copy(db, baseline_rows):
    built.clear()
    keeper = KeptRows(build, baseline_rows)
    with transaction.atomic():  # a test, which rolls back
        first = keeper()
        assert Body.objects.get(slug="fsu").pk == first["body"].pk
        first["body"].name_nn = "Endra"  # it changes what it got, and the rows
        first["body"].save()
        Person.objects.all().delete()
        transaction.set_rollback(True)

    second = keeper()  # the next test
    assert built == [1]
    assert second["body"] is not first["body"] and second["body"].name_nn == "Fagleg utval"
    assert Body.objects.get(slug="fsu").name_nn == "Fagleg utval"
    people = list(Person.objects.values_list("pk", "name"))
    assert people == [(second["person"].pk, "Kari Nordmann")]


def test_with_rows_of_the_tests_own_first_they_are_made_for_real(db, baseline_rows):
    built.clear()
    keeper = KeptRows(build, baseline_rows)
    with transaction.atomic():
        keeper()
        transaction.set_rollback(True)
    Person.objects.create(name="Eigen person")  # the tables no longer hold the baseline
    keeper()
    assert built == [1, 1]
    assert Person.objects.count() == 2
