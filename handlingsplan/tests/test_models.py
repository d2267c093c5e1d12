"""Numbering, renumbering, copying a plan and the history of every change."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from handlingsplan.models import Area, Measure, Plan, Status, StatusReport
from handlingsplan.tests.helpers import make_plan


@pytest.fixture
def area(db):
    # A draft: measures of an adopted plan are never deleted (samarbeid.deletion).
    plan = make_plan(status=Plan.Status.DRAFT)
    return Area.objects.create(plan=plan, number=1, title="Avtalar")


def test_it_numbers_measures_area_dot_seq_in_order(area):
    first = Measure.objects.create(area=area, title="A")
    second = Measure.objects.create(area=area, title="B")
    other = Area.objects.create(plan=area.plan, number=2, title="Andre")
    third = Measure.objects.create(area=other, title="C")
    assert [first.number, second.number, third.number] == ["1.1", "1.2", "2.1"]


def test_it_continues_after_the_highest_number_not_the_count(area):
    Measure.objects.create(area=area, title="A")
    b = Measure.objects.create(area=area, title="B")
    Measure.objects.create(area=area, title="C")
    b.delete()
    assert Measure.objects.create(area=area, title="D").number == "1.4"


def test_it_refuses_two_measures_with_one_number(area):
    Measure.objects.create(area=area, title="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(title="A").update(seq=1)
        clash = Measure(area=area, title="B", seq=1)
        clash.save()


def test_it_refuses_two_areas_with_one_number(area):
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(plan=area.plan, number=1, title="Igjen")


def test_it_closes_gaps_when_renumbering_and_records_it(area, editor):
    a, b, c = (Measure.objects.create(area=area, title=t) for t in "ABC")
    b.delete()
    assert area.renumber(by=editor) == 1
    c.refresh_from_db()
    assert (a.number, c.number) == ("1.1", "1.2")
    record = c.history.first()
    assert record.history_change_reason == "Renumbered from 1.3 to 1.2"
    assert record.history_user == editor


def test_it_moves_a_measure_to_a_number_and_the_others_close_up(area, editor):
    *_, c = (Measure.objects.create(area=area, title=t) for t in "ABC")
    c.renumber(1, by=editor)
    order = list(area.measures.order_by("seq").values_list("title", "seq"))
    assert order == [("C", 1), ("A", 2), ("B", 3)]


def test_it_gives_measures_numbers_that_editors_cannot_type(area):
    measure = Measure.objects.create(area=area, title="A")
    assert not Measure._meta.get_field("seq").editable
    measure.title = "A2"
    measure.save()
    assert measure.seq == 1


def test_it_takes_the_current_status_from_the_newest_report(area):
    measure = Measure.objects.create(area=area, title="A")
    assert Measure.objects.with_current_status().get().current_status == Status.NOT_STARTED
    StatusReport.objects.create(
        measure=measure, reported_on=datetime.date(2030, 9, 1), status=Status.DELAYED
    )
    StatusReport.objects.create(
        measure=measure, reported_on=datetime.date(2030, 5, 1), status=Status.IN_PROGRESS
    )
    rows = Measure.objects.for_plan_page(area.plan)
    assert rows[0].current_status == Status.DELAYED
    assert rows[0].current_report.reported_on == datetime.date(2030, 9, 1)
    past = Measure.objects.for_plan_page(area.plan, as_of=datetime.date(2030, 6, 30))
    assert past[0].current_status == Status.IN_PROGRESS
    assert past[0].current_report.reported_on == datetime.date(2030, 5, 1)


def test_it_allows_one_report_per_measure_and_date(area):
    measure = Measure.objects.create(area=area, title="A")
    day = datetime.date(2030, 9, 1)
    StatusReport.objects.create(measure=measure, reported_on=day, status=Status.DELAYED)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReport.objects.create(measure=measure, reported_on=day, status=Status.COMPLETED)


def test_it_copies_a_plan_with_its_unfinished_measures_linked_to_their_history(area, editor):
    done = Measure.objects.create(area=area, title="Ferdig")
    open_ = Measure.objects.create(area=area, title="Open")
    open_.responsible_bodies.add(area.plan.adopted_by)
    day = datetime.date(2030, 9, 1)
    StatusReport.objects.create(measure=done, reported_on=day, status=Status.COMPLETED)
    StatusReport.objects.create(measure=open_, reported_on=day, status=Status.DELAYED)

    copy = area.plan.copy_to(2032, 2033, by=editor)

    assert (copy.period, copy.status, copy.copied_from) == ("2032–2033", Plan.Status.DRAFT,
                                                            area.plan)  # fmt: skip
    carried = Measure.objects.get(area__plan=copy)
    assert (carried.title, carried.number, carried.status) == ("Open", "1.1", Status.DELAYED)
    assert carried.carried_from == open_
    assert carried.history_chain() == [carried, open_]
    assert list(carried.responsible_bodies.all()) == [area.plan.adopted_by]
    assert carried.history.first().history_user == editor


def test_it_shows_drafts_only_to_the_adopting_body_and_editors(demo, member, other_member, editor):
    from django.contrib.auth.models import AnonymousUser

    draft = Plan.objects.get(slug="2026-2027")
    assert draft not in Plan.objects.visible_to(AnonymousUser())
    assert draft not in Plan.objects.visible_to(other_member)
    assert draft in Plan.objects.visible_to(member)
    assert draft in Plan.objects.visible_to(editor)
    assert Plan.objects.get(slug="2020") in Plan.objects.visible_to(AnonymousUser())
