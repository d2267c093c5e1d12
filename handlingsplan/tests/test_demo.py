"""The demo data: the seed plan, faithfully, and the draft plan from SSU møte 1/2026."""

import datetime
import os

from django.core.management import call_command

from handlingsplan.models import Measure, Plan, StatusLine, StatusReport


def test_it_loads_the_seed_plan_with_its_september_status(demo):
    plan = Plan.objects.get(slug="2020")
    assert (plan.status, plan.language, plan.adopted_by.slug) == ("vedteken", "nn", "ssu")
    assert "Overordna samarbeidsutval" in plan.introduction
    numbers = [m.number for m in Measure.objects.for_plan_page(plan)]
    assert numbers == [f"1.{i}" for i in range(1, 8)] + [f"2.{i}" for i in range(1, 8)]
    september = StatusReport.objects.filter(reported_on=datetime.date(2020, 9, 1))
    assert september.count() == 14
    lines = StatusLine.objects.filter(report__measure__title="Tenesteavtale 4")
    assert [str(li.party) for li in lines] == ["Austevoll", "Bjørnafjorden", "Bergen", "Voss",
                                               "Askøy", "Øygarden", "Kvam"]  # fmt: skip
    # The PDF extraction's breaks are gone.
    assert not StatusReport.objects.filter(text__contains="Avtale  utarbeidd").exists()
    t4 = Measure.objects.get(area__plan=plan, title="Tenesteavtale 4")
    assert t4.sub_action_list[0].endswith("for dei kommunar det er aktuelt for.")


def test_it_marks_the_made_up_earlier_reports_as_demo(demo):
    earlier = StatusReport.objects.filter(reported_on__lt=datetime.date(2020, 9, 1))
    assert earlier.count() == 4
    assert all(r.is_demo for r in earlier)
    assert not StatusReport.objects.filter(reported_on=datetime.date(2020, 9, 1), is_demo=True)


def test_it_loads_the_draft_2026_plan_with_the_cases_it_comes_from(demo):
    plan = Plan.objects.get(slug="2026-2027")
    assert (plan.status, plan.language) == ("utkast", "nb")
    measures = Measure.objects.filter(area__plan=plan).prefetch_related("cases")
    cases = {case.number for m in measures for case in m.cases.all()}
    assert cases == {"03/26", "05/26", "09/26", "11/26"}
    assert all(m.cases.exists() for m in measures)  # each measure knows the case behind it
    fsu = measures.get(cases__sequence=9)
    assert fsu in fsu.cases.get().measures.all()  # and the case knows its measures


def test_it_changes_nothing_when_loaded_twice(demo):
    counts = (Plan.objects.count(), Measure.objects.count(), StatusReport.objects.count(),
              StatusLine.objects.count())  # fmt: skip
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts == (Plan.objects.count(), Measure.objects.count(),
                      StatusReport.objects.count(), StatusLine.objects.count())  # fmt: skip
