"""A generated data set of some years (ten by default) for the benchmark (`make bench`),
never for tests.

Per year: ten bodies, 25 meetings a body (250 meetings), 14 cases a meeting (3,500 cases),
15 seats a body with attendance at every held meeting, a follow-up for every fifth case (most
closed by a later case), action plans with reports; and agreements out for signing and working
groups. Twenty years are ≈ 5,000 meetings and 70,000 cases. Written with bulk_create, with the
history rows django-simple-history would have written (one "created" row an object, a second
"changed" row for meetings and cases), and the search index's signals paused, so the caller
rebuilds the index afterwards.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from avtaler.models import Agreement, Signature, Version, WorkingGroup
from handlingsplan.models import Area, Measure, Plan, Status, StatusReport
from moter.models import AgendaItem, Attendance, FollowUp, Meeting, MeetingDocument, Presenter
from samarbeid.models import Body, Membership, Organisation, Person
from sok import signals

YEARS = 10
BODIES = 10
MEETINGS_PER_YEAR = 25
CASES_PER_MEETING = 14
SEATS = 15

WORDS = [
    "samhandling",
    "tenesteavtale",
    "sjukehus",
    "kommunehelsetenesta",
    "utskrivingsklare",
    "pasientar",
    "legevakt",
    "rehabilitering",
    "psykisk",
    "helse",
    "rus",
    "barn",
    "unge",
    "eldre",
    "digitalisering",
    "journal",
    "kompetanse",
    "rekruttering",
    "jordmor",
    "beredskap",
    "akuttmedisin",
    "fastlege",
    "brukarmedverknad",
    "handlingsplan",
    "tiltak",
    "arbeidsgruppe",
    "rapport",
    "evaluering",
    "økonomi",
    "finansiering",
    "pilot",
    "avtale",
    "revisjon",
    "høyring",
    "oppfølging",
    "koordinering",
    "informasjon",
    "overføring",
    "helsefellesskap",
    "partnarskap",
    "strategi",
    "kvalitet",
    "pasienttryggleik",
]
KINDS = [
    AgendaItem.Kind.DECISION,
    AgendaItem.Kind.DECISION,
    AgendaItem.Kind.INFORMATION,
    AgendaItem.Kind.DISCUSSION,
]


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(seed=2026, log=print, years=YEARS):
    with signals.paused(), transaction.atomic():
        return _generate(seed, log, years)


def history(objs, when, changed=False):
    """The history rows simple-history writes on save: "created" at `when(obj)` and, if
    `changed`, a later "changed" row."""
    objs = list(objs)
    if not objs:
        return 0
    manager = type(objs[0]).history
    rows = 0
    for i in range(0, len(objs), 5000):
        batch = objs[i : i + 5000]
        for obj in batch:
            obj._history_date = when(obj)
        rows += len(manager.bulk_history_create(batch, batch_size=5000))
        if changed:
            for obj in batch:
                obj._history_date = when(obj) + datetime.timedelta(days=7)
            rows += len(manager.bulk_history_create(batch, batch_size=5000, update=True))
    for obj in objs:
        del obj._history_date
    return rows


def _generate(seed, log, years_back):
    rng = random.Random(seed)
    now = timezone.now()
    this_year = now.year
    years = range(this_year - years_back + 1, this_year + 1)
    parties = list(Organisation.objects.filter(is_party=True)) or [
        Organisation.objects.create(
            slug=f"bench-kommune-{i}", short_name_nn=f"Kommune {i}", name_nn=f"Kommune {i}",
            kind=Organisation.Kind.MUNICIPALITY, is_party=True,
        )
        for i in range(20)
    ]  # fmt: skip
    bodies = Body.objects.bulk_create(
        Body(slug=f"bench-{i}", short_name=f"BU{i}", name_nn=f"Benkutval {i}",
             kind=Body.Kind.FSU if i else Body.Kind.SSU, order=200 + i)
        for i in range(BODIES)
    )  # fmt: skip
    persons = Person.objects.bulk_create(
        Person(name=f"Person {b}-{s}", email=f"p{b}-{s}@example.no")
        for b in range(BODIES)
        for s in range(SEATS)
    )
    categories = [c for c, _ in Membership.Category.choices if c != "sekretariat"]
    seats = Membership.objects.bulk_create(
        Membership(person=persons[b * SEATS + s], body=body, role=Membership.Role.MEMBER,
                   category=categories[s % len(categories)],
                   organisation=parties[s % len(parties)])
        for b, body in enumerate(bodies)
        for s in range(SEATS)
    )  # fmt: skip

    seats_of = {}
    for seat in seats:
        seats_of.setdefault(seat.body_id, []).append(seat)

    meetings = []
    for body in bodies:
        for year in years:
            for number in range(1, MEETINGS_PER_YEAR + 1):
                day = datetime.date(year, 1, 8) + datetime.timedelta(days=14 * (number - 1))
                starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
                age = (now - starts).days
                if age < 0:
                    status = Meeting.Status.PLANNED
                elif age < 21:
                    status = Meeting.Status.HELD
                elif age < 40:
                    status = Meeting.Status.APPROVED
                else:
                    status = Meeting.Status.PUBLISHED
                meetings.append(
                    Meeting(body=body, year=year, number=number, starts_at=starts,
                            place="Haukeland", status=status)
                )  # fmt: skip
    meetings = Meeting.objects.bulk_create(meetings)
    log(f"  {len(meetings)} meetings")
    MeetingDocument.objects.bulk_create(
        MeetingDocument(meeting=m, kind=MeetingDocument.Kind.MINUTES, version=1,
                        file=f"bench/{m.pk}.pdf", sha256="0" * 64, html="<p>…</p>",
                        created_at=m.starts_at + datetime.timedelta(days=30))
        for m in meetings
        if m.status == Meeting.Status.PUBLISHED
    )  # fmt: skip

    items, sequence = [], {}
    for m in meetings:
        for order in range(1, CASES_PER_MEETING + 1):
            key = (m.body_id, m.year)
            sequence[key] = sequence.get(key, 0) + 1
            kind = KINDS[order % len(KINDS)]
            exempt = rng.random() < 0.02
            items.append(
                AgendaItem(
                    meeting=m, body_id=m.body_id, year=m.year, sequence=sequence[key],
                    order=order, title=text(rng, 6), kind=kind, narrative=text(rng, 60),
                    decision=text(rng, 20) if kind == AgendaItem.Kind.DECISION else "",
                    decision_label="vedtak" if kind == AgendaItem.Kind.DECISION else "",
                    access="exempt" if exempt else "open",
                    legal_basis="offl. § 13" if exempt else "",
                    public_title="Personalsak" if exempt else "",
                )
            )  # fmt: skip
    items = AgendaItem.objects.bulk_create(items, batch_size=2000)
    log(f"  {len(items)} cases")
    presenters = Presenter.objects.bulk_create(
        (Presenter(item=item, person_id=rng.choice(seats_of[item.body_id]).person_id,
                   title="Rådgjevar")
         for item in items
         if item.kind != AgendaItem.Kind.INFORMATION),
        batch_size=5000,
    )  # fmt: skip
    log(f"  {len(presenters)} presenters")

    attendance = []
    for m in meetings:
        if m.status == Meeting.Status.PLANNED:
            continue
        for seat in seats_of[m.body_id]:
            status = Attendance.Status.APOLOGIES if rng.random() < 0.2 else "til_stades"
            attendance.append(
                Attendance(meeting=m, person_id=seat.person_id, seat=seat, status=status)
            )
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    log(f"  {len(attendance)} attendance rows")

    by_body = {}
    for item in items:
        by_body.setdefault(item.body_id, []).append(item)
    follow_ups = []
    for body_items in by_body.values():
        for i in range(0, len(body_items) - 60, 5):
            item = body_items[i]
            done = item.meeting.starts_at < now - datetime.timedelta(days=120)
            closer = body_items[i + 28 + rng.randrange(30)] if done else None
            follow_ups.append(
                FollowUp(item=item, meeting_id=item.meeting_id, description=text(rng, 12),
                         owner_body_id=item.body_id, case_body_id=item.body_id,
                         due_date=(item.meeting.starts_at + datetime.timedelta(days=90)).date(),
                         status="done" if done else "open", closed_by=closer)
            )  # fmt: skip
    FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    log(f"  {len(follow_ups)} follow-ups")

    long_ago = now - datetime.timedelta(days=365 * (years_back + 1))
    rows = history(bodies, lambda b: long_ago) + history(persons, lambda p: long_ago)
    rows += history(seats, lambda s: long_ago)
    rows += history(meetings, lambda m: m.starts_at - datetime.timedelta(days=30), changed=True)
    rows += history(items, lambda i: i.meeting.starts_at - datetime.timedelta(days=21),
                    changed=True)  # fmt: skip
    rows += history(presenters, lambda p: p.item.meeting.starts_at - datetime.timedelta(days=21))
    rows += history(attendance, lambda a: a.meeting.starts_at)
    rows += history(follow_ups, lambda f: f.item.meeting.starts_at)
    log(f"  {rows} history rows")

    ssu = bodies[0]
    measures = 0
    for start in range(this_year - years_back + 1, this_year + 1, 2):
        plan = Plan.objects.create(
            title=f"Benkplan {start}–{start + 1}", slug=f"bench-{start}", period_from=start,
            period_to=start + 1, adopted_by=ssu, status=Plan.Status.ADOPTED,
        )  # fmt: skip
        for a in range(1, 6):
            area = Area.objects.create(plan=plan, number=a, title=text(rng, 4))
            rows = Measure.objects.bulk_create(
                Measure(area=area, seq=s, title=text(rng, 8), sub_actions=text(rng, 30))
                for s in range(1, 9)
            )
            measures += len(rows)
            StatusReport.objects.bulk_create(
                StatusReport(measure=m, reported_on=datetime.date(year, month, 1),
                             status=rng.choice([Status.IN_PROGRESS, Status.COMPLETED]),
                             text=text(rng, 25))
                for m in rows
                for year in (start, start + 1)
                for month in (5, 9)
                if datetime.date(year, month, 1) <= now.date()
            )  # fmt: skip
    log(f"  {measures} measures")

    today = now.date()
    for i in range(30):
        agreement = Agreement.objects.create(
            slug=f"bench-avtale-{i}", label=f"Benkavtale {i}", title_nn=text(rng, 5),
            responsible_body=ssu, next_review=today + datetime.timedelta(days=i * 20 - 100),
        )  # fmt: skip
        version = Version.objects.create(
            agreement=agreement, label=str(this_year), status=Version.Status.SENT, sent_on=today
        )
        signed = {"status": "signert", "signed_on": today}
        Signature.objects.bulk_create(
            Signature(version=version, party=p,
                      **(signed if rng.random() < 0.6 else {"status": "sendt"}))
            for p in parties
        )  # fmt: skip
    for i in range(40):
        group = Body.objects.create(
            slug=f"bench-gruppe-{i}", name_nn=f"Benkgruppe {i}", kind=Body.Kind.WORKING_GROUP
        )
        WorkingGroup.objects.create(
            body=group, reports_to=bodies[i % BODIES],
            deadline=today + datetime.timedelta(days=i * 30 - 600),
            status=WorkingGroup.Status.WORKING if i % 3 else WorkingGroup.Status.DELIVERED,
        )  # fmt: skip
    return {"bodies": bodies, "meetings": len(meetings), "cases": len(items)}
