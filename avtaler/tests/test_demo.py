"""The demo: the Bergen-area structure, linked to the seed's cases and measure 1.3."""

import os

from django.core.management import call_command

from avtaler.models import Agreement, Signature, StatutoryTopic, Version, WorkingGroup
from moter.models import AgendaItem


def test_the_statutory_topics_come_with_the_migrations(db):
    assert list(StatutoryTopic.objects.values_list("number", flat=True)) == list(range(1, 14))


def test_it_loads_the_structure_linked_to_cases_and_measures(demo):
    assert Agreement.objects.get(slug="ta-11-12").topics.count() == 2
    lis1 = Version.objects.get(agreement__slug="lis1-rekruttering")
    assert lis1.approved_in == AgendaItem.objects.get(body__slug="ssu", year=2026, sequence=13)
    assert lis1.agreement.parent.slug == "ta-7"
    assert {s.status for s in lis1.signatures.all()} == {Signature.Status.SENT}
    security = Version.objects.get(agreement__slug="sikkerhetspolitiske-kriser")
    assert security.approved_in.sequence == 6 and security.status == Version.Status.SENT
    austevoll = Version.objects.get(agreement__slug="ta-4-austevoll")
    assert austevoll.status == Version.Status.IN_FORCE
    assert austevoll.agreement.measures.get().number == "1.3"
    askoy = Signature.objects.get(version__agreement__slug="ta-4-askoy")
    assert askoy.note == "Kontakt mellom partane er oppretta"
    medicines = WorkingGroup.objects.get(body__slug="ag-legemiddelberedskap")
    assert medicines.set_up_in.sequence == 7
    assert sorted(c.max_seats for c in medicines.caps.all()) == [1, 1, 5, 5]
    assert medicines.required_seats.count() == 2
    assert WorkingGroup.objects.get(body__slug="ag-revisjon-ta-9").set_up_in.sequence == 3


def test_it_is_idempotent(demo):
    counts = (Agreement.objects.count(), Version.objects.count(), Signature.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts == (Agreement.objects.count(), Version.objects.count(),
                      Signature.objects.count())  # fmt: skip
