"""Small builders for the action-plan tests."""

import datetime

from handlingsplan.models import Area, Measure, Plan, Status, StatusLine, StatusReport
from samarbeid.models import Body, Organisation


def make_plan(slug="p", *, status=Plan.Status.ADOPTED, body=None, language="nn"):
    body = (
        body
        or Body.objects.get_or_create(
            slug="ssu", defaults={"name_nn": "Strategisk samarbeidsutval", "kind": Body.Kind.SSU}
        )[0]
    )
    return Plan.objects.create(
        title=f"Plan {slug}",
        slug=slug,
        period_from=2030,
        period_to=2031,
        adopted_by=body,
        status=status,
        language=language,
    )


def fill_plan(plan, n, *, reports=2, areas=2):
    """`n` measures over `areas` areas, each with `reports` monthly reports and one party line."""
    party, _ = Organisation.objects.get_or_create(
        slug="austevoll", defaults={"short_name_nn": "Austevoll", "name_nn": "Austevoll kommune",
                                    "kind": Organisation.Kind.MUNICIPALITY}
    )  # fmt: skip
    body = plan.adopted_by
    area_rows = [
        Area.objects.create(plan=plan, number=i + 1, title=f"Område {i + 1}") for i in range(areas)
    ]
    for i in range(n):
        measure = Measure.objects.create(area=area_rows[i % areas], title=f"Tiltak {i}")
        measure.responsible_bodies.add(body)
        measure.responsible_organisations.add(party)
        for r in range(reports):
            report = StatusReport.objects.create(
                measure=measure,
                reported_on=datetime.date(2030, 1 + r, 1),
                status=Status.IN_PROGRESS,
                text=f"Status {i}/{r}",
            )
            StatusLine.objects.create(report=report, party=party, text=f"Linje {i}/{r}")
    return area_rows
