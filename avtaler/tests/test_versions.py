"""Version rules: one in force at a time, sending makes the signing rows, signing refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from avtaler.models import Agreement, Signature, Version
from avtaler.tests.helpers import SENT_ON, make_agreement, make_parties, make_version, sent_version

S = Signature.Status
V = Version.Status
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_it_sends_a_version_to_every_party_in_one_step():
    parties = make_parties(5)
    version = sent_version(make_agreement())
    version.refresh_from_db()
    assert version.status == V.SENT and version.sent_on == SENT_ON
    rows = list(version.signatures.all())
    assert {r.party for r in rows} == set(parties)
    assert {r.status for r in rows} == {S.SENT}
    # history is written for the rows made in bulk
    assert Signature.history.filter(version_id=version.pk).count() == 5


def test_it_sends_only_to_the_listed_parties_and_keeps_rows_made_in_advance():
    a, b, _c = make_parties(3)
    agreement = make_agreement(rule=Agreement.Parties.LISTED, parties=[a, b])
    version = make_version(agreement)
    Signature.objects.create(version=version, party=a, note="Kontakt mellom partane er oppretta")
    assert version.send_to_parties(on=SENT_ON) == 2
    rows = {r.party: r for r in version.signatures.all()}
    assert set(rows) == {a, b}
    assert rows[a].status == S.SENT and rows[a].note == "Kontakt mellom partane er oppretta"


@pytest.mark.parametrize("status", [V.IN_PREPARATION, V.DRAFT, V.FOR_APPROVAL])
def test_it_refuses_to_send_a_version_that_is_not_approved(status):
    make_parties(2)
    version = make_version(make_agreement(), status=status)
    with pytest.raises(ValidationError, match="Only an approved version"):
        version.send_to_parties(on=SENT_ON)
    assert not version.signatures.exists()


def test_it_refuses_to_send_twice():
    make_parties(2)
    version = sent_version(make_agreement())
    with pytest.raises(ValidationError):
        version.send_to_parties(on=SENT_ON)
    assert version.signatures.count() == 2


def test_it_refuses_to_send_when_there_are_no_parties():
    version = make_version(make_agreement(rule=Agreement.Parties.OPT_IN))
    with pytest.raises(ValidationError, match="no parties"):
        version.send_to_parties(on=SENT_ON)


def test_it_records_a_signature_with_its_date():
    party, _other = make_parties(2)
    version = sent_version(make_agreement())
    row = version.record_signature(party, on=datetime.date(2026, 4, 2))
    row.refresh_from_db()
    assert row.status == S.SIGNED and row.signed_on == datetime.date(2026, 4, 2)


def test_it_refuses_a_signature_on_a_version_not_sent():
    (party,) = make_parties(1)
    version = make_version(make_agreement())
    with pytest.raises(ValidationError, match="has not been sent"):
        version.record_signature(party, on=SENT_ON)
    assert not version.signatures.exists()


def test_it_refuses_a_signature_from_someone_not_sent_to():
    (party,) = make_parties(1)
    version = sent_version(make_agreement())
    from samarbeid.models import Organisation

    outsider = Organisation.objects.create(
        slug="ks", short_name_nn="KS", name_nn="KS", kind=Organisation.Kind.KS
    )
    with pytest.raises(ValidationError, match="not among the parties"):
        version.record_signature(outsider, on=SENT_ON)
    assert version.signatures.get(party=party).status == S.SENT


@pytest.mark.parametrize(
    "day, message",
    [(SENT_ON - datetime.timedelta(days=1), "before the version was sent"),
     (datetime.date.today() + datetime.timedelta(days=2), "in the future")],
)  # fmt: skip
def test_it_refuses_a_signature_with_an_impossible_date(day, message):
    (party,) = make_parties(1)
    version = sent_version(make_agreement())
    with pytest.raises(ValidationError, match=message):
        version.record_signature(party, on=day)
    assert version.signatures.get().status == S.SENT


def test_it_refuses_handling_a_row_of_a_version_not_sent_in_the_admin_form():
    (party,) = make_parties(1)
    version = make_version(make_agreement())
    row = Signature(version=version, party=party, status=S.IN_PROCESS)
    with pytest.raises(ValidationError, match="not been sent"):
        row.full_clean()


def test_the_database_refuses_a_date_on_an_unsigned_row_and_a_second_row_per_party():
    (party,) = make_parties(1)
    version = sent_version(make_agreement())
    row = version.signatures.get()
    row.signed_on = datetime.date(2026, 4, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(version=version, party=party)


def test_it_puts_a_version_in_force_and_replaces_the_one_before():
    make_parties(1)
    agreement = make_agreement()
    old = make_version(agreement, "2020")
    old.put_in_force(on=datetime.date(2020, 1, 1))
    new = sent_version(agreement, "2026")
    assert new.put_in_force(on=datetime.date(2026, 5, 1)) == old
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == V.REPLACED
    assert new.status == V.IN_FORCE and new.replaces == old
    assert new.valid_from == datetime.date(2026, 5, 1)


def test_the_database_allows_only_one_version_in_force():
    agreement = make_agreement()
    make_version(agreement, "a", status=V.IN_FORCE, valid_from=datetime.date(2020, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_version(agreement, "b", status=V.IN_FORCE, valid_from=datetime.date(2021, 1, 1))
    # … but another agreement may have its own
    make_version(
        make_agreement("ta-y"), "a", status=V.IN_FORCE, valid_from=datetime.date(2020, 1, 1)
    )


def test_the_model_form_check_names_the_version_in_force():
    agreement = make_agreement()
    make_version(agreement, "a", status=V.IN_FORCE, valid_from=datetime.date(2020, 1, 1))
    second = Version(agreement=agreement, label="b", status=V.IN_FORCE,
                     valid_from=datetime.date(2021, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError, match="Another version of this agreement is in force"):
        second.validate_constraints()


@pytest.mark.parametrize("status", [V.IN_PREPARATION, V.DRAFT, V.REPLACED, V.REPEALED])
def test_it_refuses_to_put_in_force_a_version_not_approved(status):
    version = make_version(make_agreement(), status=status)
    with pytest.raises(ValidationError, match="Only an approved or sent version"):
        version.put_in_force(on=datetime.date(2026, 1, 1))


def test_it_refuses_setting_sent_or_in_force_by_hand():
    version = Version(agreement=make_agreement(), label="x", status=V.SENT)
    with pytest.raises(ValidationError, match="Send to the parties"):
        version.full_clean()


def test_the_database_requires_a_deadline_for_consultation_and_a_date_in_force():
    agreement = make_agreement()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_version(agreement, "h", status=V.CONSULTATION)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_version(agreement, "k", status=V.IN_FORCE)
    make_version(agreement, "h", status=V.CONSULTATION,
                 consultation_deadline=datetime.date(2026, 6, 1))  # fmt: skip


def test_only_a_special_agreement_belongs_under_another():
    parent = make_agreement("ta-7")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agreement("x", level=Agreement.Level.SERVICE, parent=parent)
    child = make_agreement("lis1", level=Agreement.Level.SPECIAL, parent=parent)
    assert list(parent.children.all()) == [child]
