"""A prepared situation for the workspace: something to do in every dashboard section."""

from datetime import timedelta

import pytest
from django.utils import timezone

from avtaler.models import WorkingGroup
from avtaler.tests.helpers import make_agreement, make_parties, sent_version
from handlingsplan.models import Area, Measure, Status, StatusReport
from handlingsplan.tests.helpers import make_plan
from moter.models import AgendaItem, Attachment, FollowUp, Meeting
from samarbeid.models import Body, Organisation


def days(n):
    return timezone.now() + timedelta(days=n)


def make_body(slug, kind=Body.Kind.FSU):
    return Body.objects.get_or_create(
        slug=slug, defaults={"name_nn": f"Utval {slug}", "short_name": slug.upper(), "kind": kind}
    )[0]


def build(n, tag=""):
    """`n` items in every section, and as many that must *not* show on the dashboard."""
    today = timezone.localdate()
    body = make_body(f"fsu{tag}")
    other = make_body(f"ou{tag}", Body.Kind.OU)
    earlier = Meeting.objects.create(body=body, starts_at=days(-200))
    rows = {"body": body, "other": other, "earlier": earlier}
    decision = AgendaItem.objects.create(meeting=earlier, title="Vedtakssak", decision="Vedteke.")
    rows["decision"] = decision
    for i in range(n):
        # A planned meeting soon (notice missing, one case without papers) …
        soon = Meeting.objects.create(body=body, starts_at=days(5 + i), place=f"Rom {i}")
        AgendaItem.objects.create(meeting=soon, title=f"Utan papir {i}")
        with_paper = AgendaItem.objects.create(meeting=soon, title=f"Med papir {i}")
        Attachment.objects.create(item=with_paper, title="Saksframlegg", file="x.pdf")
        # … and a meeting far ahead with no cases.
        Meeting.objects.create(body=other, starts_at=days(60 + i))
        # Held, minutes not approved.
        held = Meeting.objects.create(body=other, starts_at=days(-30 - i))
        held.issue_notice()
        held.mark_held()
        # Overdue follow-ups (by date and by a held meeting) and one not due yet.
        FollowUp.objects.create(item=decision, description=f"Forfallen {i}", owner_body=body,
                                due_date=today - timedelta(days=3 + i))  # fmt: skip
        FollowUp.objects.create(item=decision, description=f"Ved møte {i}", due_meeting=held)
        FollowUp.objects.create(item=decision, description=f"Ikkje forfallen {i}",
                                due_date=today + timedelta(days=10))  # fmt: skip
    # Not on the dashboard: a cancelled meeting soon, a meeting beyond the horizon.
    Meeting.objects.create(body=body, starts_at=days(3), status=Meeting.Status.CANCELLED)
    Meeting.objects.create(body=body, starts_at=days(200))

    # A plan in force with a status round on the first of this month.
    plan = make_plan(f"plan{tag}")
    plan.period_from = plan.period_to = today.year
    plan.save()
    area = Area.objects.create(plan=plan, number=1, title="Område")
    round_day = today.replace(day=1)
    for i in range(n):
        missing = Measure.objects.create(area=area, title=f"Manglar rapport {i}")
        StatusReport.objects.create(measure=missing, reported_on=round_day - timedelta(days=40),
                                    status=Status.IN_PROGRESS, text="Før")  # fmt: skip
        reported = Measure.objects.create(area=area, title=f"Har rapport {i}")
        StatusReport.objects.create(measure=reported, reported_on=round_day,
                                    status=Status.IN_PROGRESS, text="No")  # fmt: skip
        done = Measure.objects.create(area=area, title=f"Sluttført {i}")
        StatusReport.objects.create(measure=done, reported_on=round_day - timedelta(days=40),
                                    status=Status.COMPLETED, text="Ferdig")  # fmt: skip
    rows["plan"], rows["round"] = plan, round_day

    # Agreements: versions out for signing (one party signed), one due for review.
    parties = make_parties_once(tag)
    for i in range(n):
        agreement = make_agreement(f"ta{tag}-{i}", parties=parties,
                                   next_review=today + timedelta(days=7 * i))  # fmt: skip
        version = sent_version(agreement)
        version.record_signature(parties[0], on=today)
    make_agreement(f"ta{tag}-later", next_review=today + timedelta(days=300))

    # Working groups: past deadline, past deadline but delivered, not yet due.
    for i, (deadline, status) in enumerate(
        [(-10, WorkingGroup.Status.WORKING)] * n
        + [(-10, WorkingGroup.Status.DELIVERED), (30, WorkingGroup.Status.WORKING)]
    ):
        group_body = Body.objects.create(slug=f"ag{tag}-{i}", name_nn=f"Arbeidsgruppe {i}",
                                         kind=Body.Kind.WORKING_GROUP)  # fmt: skip
        WorkingGroup.objects.create(body=group_body, reports_to=body, status=status,
                                    deadline=today + timedelta(days=deadline))  # fmt: skip
    return rows


def make_parties_once(tag):
    existing = list(Organisation.objects.filter(slug__startswith="kommune-").order_by("slug"))
    return existing or make_parties(3)


@pytest.fixture(autouse=True)
def in_english(settings):
    """The assertions read the English interface (the nn/nb catalogues are tested apart)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def situation(db):
    return build
