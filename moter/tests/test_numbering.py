"""Meeting numbers per body and year; case numbers NN/YY running on across the year."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from moter.models import AgendaItem, Meeting, MeetingStateError
from moter.tests.conftest import advance, at


def test_it_numbers_meetings_per_body_and_year(make_meeting, body, db):
    first = make_meeting(at(2026, 3, 11))
    second = make_meeting(at(2026, 6, 10))
    next_year = make_meeting(at(2027, 2, 3))
    assert [(m.number, m.year) for m in (first, second, next_year)] == [
        (1, 2026),
        (2, 2026),
        (1, 2027),
    ]
    assert str(second) == "FSU meeting 2/2026" or "2/2026" in str(second)


def test_it_runs_case_numbers_on_across_the_years_meetings(make_meeting):
    march = make_meeting(at(2026, 3, 11), cases=14)  # + case 1 pre-added = 15 cases
    june = make_meeting(at(2026, 6, 10), cases=1)
    january = make_meeting(at(2027, 1, 20))
    assert [i.number for i in march.items.order_by("sequence")][-1] == "15/26"
    assert [i.number for i in june.items.order_by("sequence")] == ["16/26", "17/26"]
    assert january.items.get().number == "01/27"


def test_it_refuses_a_duplicate_case_number(make_meeting):
    meeting = make_meeting(cases=1)
    taken = meeting.items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, title="Dobbel", sequence=taken.sequence)


def test_it_refuses_a_duplicate_meeting_number(make_meeting, body):
    meeting = make_meeting()
    clone = Meeting(
        body=body, starts_at=meeting.starts_at, year=meeting.year, number=meeting.number
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.bulk_create([clone])


def test_it_renumbers_a_draft_agenda_to_follow_its_order(make_meeting):
    meeting = make_meeting(cases=3)
    items = list(meeting.items.order_by("order"))
    meeting.reorder([items[0].pk, items[3].pk, items[1].pk, items[2].pk])
    got = [(i.title, i.number) for i in meeting.items.order_by("order")]
    assert got == [
        (items[0].title, "01/26"),
        ("Sak 3", "02/26"),
        ("Sak 1", "03/26"),
        ("Sak 2", "04/26"),
    ]


def test_it_keeps_numbers_fixed_after_the_notice(make_meeting):
    meeting = make_meeting(cases=2)
    advance(meeting, "innkalla")
    before = {i.pk: i.number for i in meeting.items.all()}
    ids = list(meeting.items.order_by("order").values_list("pk", flat=True))
    meeting.reorder(list(reversed(ids)))
    after = {i.pk: i.number for i in meeting.items.all()}
    assert before == after
    assert list(meeting.items.order_by("order").values_list("pk", flat=True)) == list(
        reversed(ids)
    )


def test_it_refuses_a_reorder_that_loses_a_case(make_meeting):
    meeting = make_meeting(cases=2)
    with pytest.raises(MeetingStateError):
        meeting.reorder([meeting.items.first().pk])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
)
def test_it_numbers_cases_added_at_the_same_time_uniquely(make_meeting):
    meeting = make_meeting()
    barrier = threading.Barrier(6)
    errors = []

    def add(n):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                AgendaItem.objects.create(meeting=meeting, title=f"Samtidig {n}")
        except Exception as e:  # pragma: no cover - the assertion below shows it
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(meeting.items.values_list("sequence", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6, 7]
