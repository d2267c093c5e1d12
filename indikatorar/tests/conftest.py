"""A small prepared situation whose figures are worked out by hand in the tests.

Body FSU (2025): four seats — chair (specialist, Helse Bergen), member (municipal, Bergen)
with a personal substitute, user representative (no organisation), observer (KS).

    M1  10 Mar 2025  published  4 cases (2 decisions, one of them exempt)
                                member: apologies, substitute came; user rep: apologies
    M2   2 Jun 2025  published  2 cases (1 decision); everybody came
    M3  15 Sep 2025  published  2 cases (1 decision); member: apologies, no substitute
    M4  20 Nov 2025  held, NOT published  2 cases (1 decision); chair: apologies
    M5   1 Dec 2025  cancelled;  M6  1 Feb 2026  planned
Body OU (2024): one published meeting, 2 cases (1 decision), no seats.

Follow-ups (decided → closed): F1 M1→M2 84 days; F3 M1 (exempt case)→M3 189 days;
F4 M2→M3 105 days; F5 M1→M4 255 days (closing meeting unpublished); F6 open.

Measures (plan adopted by FSU; reports by date, the status after the arrow):
m1 [FSU]   2024-09 in progress, 2025-03 completed, 2025-09 completed  → FSU 2025
m2 [none]  2024-05 completed, 2024-09 in progress, 2025-10 completed  → FSU 2025 (adopting)
m3 [FSU]   2025-02 completed, 2026-01 in progress                     → not completed
m4 [OU]    2024-11 completed                                          → OU 2024
m5 [FSU, OU] 2025-05 completed                                        → FSU 2025 and OU 2025
m6 [FSU]   in a draft plan, 2025-04 completed                         → only with unpublished
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from handlingsplan.models import Area, Measure, Plan, StatusReport
from moter.models import AgendaItem, Attendance, FollowUp, Meeting, MeetingDocument
from samarbeid.models import Body, Membership, Organisation, Person
from tests.dbsnapshot import kept


@pytest.fixture(autouse=True)
def in_english(settings):
    """The assertions read the English interface (the nn/nb catalogues are tested apart)."""
    settings.LANGUAGE_CODE = "en"


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def publish(meeting):
    """Published minutes without rendering them (the figures only look for the document)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    MeetingDocument.objects.create(
        meeting=meeting,
        kind=MeetingDocument.Kind.MINUTES,
        version=1,
        file=ContentFile(b"%PDF-1.7", name="referat.pdf"),
        sha256="0" * 64,
    )
    return meeting


def set_status(meeting, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.status = status
    return meeting


def meeting(body, when, cases=(), status=None):
    """A meeting with case 1 (no decision) and `cases`: (title, decision, exempt)."""
    m = Meeting.objects.create(body=body, starts_at=when)
    m.fill_attendance_from_seats()
    items = [m.items.get()]
    for title, decision, exempt in cases:
        extra = {"access": "exempt", "legal_basis": "offl. § 13"} if exempt else {}
        items.append(AgendaItem.objects.create(meeting=m, title=title, decision=decision, **extra))
    if status == "published":
        publish(m)
    elif status:
        set_status(m, status)
    return m, items


def mark(m, person, status, substitute_for=None, seat=None):
    Attendance.objects.update_or_create(
        meeting=m,
        person=person,
        defaults={"status": status, "substitute_for": substitute_for, "seat": seat},
    )


def report(measure, day, status):
    StatusReport.objects.create(measure=measure, reported_on=day, status=status)


@pytest.fixture
def situation(db, baseline_rows):
    """Made once per test process and copied in for each test (tests.dbsnapshot.kept)."""
    return kept(build_situation, baseline_rows)


def build_situation():
    fsu = Body.objects.create(slug="fsu", short_name="FSU", name_nn="Fagleg utval", kind="fsu")
    ou = Body.objects.create(slug="ou", short_name="OU Nord", name_nn="Områdeutval", kind="ou")
    hb = Organisation.objects.create(
        slug="hb", short_name_nn="Helse Bergen", name_nn="Helse Bergen HF", kind="helseforetak",
        is_party=True,
    )  # fmt: skip
    bergen = Organisation.objects.create(
        slug="bergen", short_name_nn="Bergen", name_nn="Bergen kommune", kind="kommune",
        is_party=True,
    )  # fmt: skip
    ks = Organisation.objects.create(slug="ks", short_name_nn="KS", name_nn="KS", kind="ks")
    people = {
        name: Person.objects.create(name=name)
        for name in ("Kari Leiar", "Ola Medlem", "Siri Vara", "Bjørn Brukar", "Per Observatør")
    }
    c = Membership.Category
    seat = {
        "chair": Membership.objects.create(
            person=people["Kari Leiar"], body=fsu, role="leiar", category=c.SPECIALIST,
            organisation=hb,
        ),
        "member": Membership.objects.create(
            person=people["Ola Medlem"], body=fsu, role="medlem", category=c.MUNICIPAL,
            organisation=bergen,
        ),
        "user": Membership.objects.create(
            person=people["Bjørn Brukar"], body=fsu, role="medlem", category=c.USER_MUNICIPAL
        ),
        "observer": Membership.objects.create(
            person=people["Per Observatør"], body=fsu, role="observator", category=c.KS,
            organisation=ks,
        ),
    }  # fmt: skip
    seat["substitute"] = Membership.objects.create(
        person=people["Siri Vara"], body=fsu, role="vara", category=c.MUNICIPAL,
        organisation=bergen, substitute_for=seat["member"],
    )  # fmt: skip

    m1, (_, a, b, _c) = meeting(
        fsu,
        at(2025, 3, 10),
        [
            ("Sak A", "Vedteke.", False),
            ("Løyndom om Ola", "Hemmeleg.", True),
            ("Sak C", "", False),
        ],
        status="published",
    )
    mark(m1, people["Ola Medlem"], "forfall", seat=seat["member"])
    mark(m1, people["Siri Vara"], "vara", substitute_for=people["Ola Medlem"],
         seat=seat["substitute"])  # fmt: skip
    mark(m1, people["Bjørn Brukar"], "forfall", seat=seat["user"])
    m2, (_, d) = meeting(fsu, at(2025, 6, 2), [("Sak D", "Vedteke.", False)], "published")
    m3, (_, e) = meeting(fsu, at(2025, 9, 15), [("Sak E", "Vedteke.", False)], "published")
    mark(m3, people["Ola Medlem"], "forfall", seat=seat["member"])
    m4, (_, f) = meeting(fsu, at(2025, 11, 20), [("Sak F", "Vedteke.", False)], "halde")
    mark(m4, people["Kari Leiar"], "forfall", seat=seat["chair"])
    m5, _ = meeting(fsu, at(2025, 12, 1), [("Sak G", "Vedteke.", False)], "avlyst")
    m6, _ = meeting(fsu, at(2026, 2, 1), [("Sak H", "", False)])
    ou_meeting, _ = meeting(ou, at(2024, 4, 1), [("Sak X", "Vedteke.", False)], "published")

    for item, closing in ((a, d), (b, e), (d, e), (a, f), (a, None)):
        follow_up = FollowUp.objects.create(item=item, description=f"Følg opp {item.title}")
        if closing:
            follow_up.close(closing)

    plan = Plan.objects.create(
        title="Plan", slug="plan", period_from=2024, period_to=2025, adopted_by=fsu,
        status=Plan.Status.ADOPTED,
    )  # fmt: skip
    draft = Plan.objects.create(
        title="Utkast", slug="utkast", period_from=2026, period_to=2027, adopted_by=fsu
    )
    area = Area.objects.create(plan=plan, number=1, title="Område")
    draft_area = Area.objects.create(plan=draft, number=1, title="Område")
    done, going = "sluttfort", "i_gang"
    measures = {}
    for name, where, responsible, reports in [
        ("m1", area, [fsu], [((2024, 9, 1), going), ((2025, 3, 1), done), ((2025, 9, 1), done)]),
        ("m2", area, [], [((2024, 5, 1), done), ((2024, 9, 1), going), ((2025, 10, 1), done)]),
        ("m3", area, [fsu], [((2025, 2, 1), done), ((2026, 1, 10), going)]),
        ("m4", area, [ou], [((2024, 11, 1), done)]),
        ("m5", area, [fsu, ou], [((2025, 5, 5), done)]),
        ("m6", draft_area, [fsu], [((2025, 4, 1), done)]),
    ]:
        measure = Measure.objects.create(area=where, title=name)
        measure.responsible_bodies.set(responsible)
        for day, status in reports:
            report(measure, datetime.date(*day), status)
        measures[name] = measure
    return {
        "fsu": fsu,
        "ou": ou,
        "meetings": [m1, m2, m3, m4, m5, m6, ou_meeting],
        "people": people,
        "seat": seat,
        "measures": measures,
    }
