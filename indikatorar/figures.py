"""Figures for the evaluation of the collaboration structure (SSU case 11/26).

Plain functions that return plain data (dicts, lists, numbers). Each figure is one or a few
aggregate queries over every body and year in the scope at once, never one per body or per
year, so ten years of ten bodies cost the same handful of queries as one meeting.

What counts (the page's note says the same to the reader):
- meetings held: status held or later, in the meeting's year; never planned or cancelled;
- cases: every case on those meetings, exempt ones too (counted, never shown); decisions:
  cases with a decision text;
- attendance: the seats on the attendance list (members and observers, not the secretariat,
  guests or the substitutes' own rows); a seat is filled when its holder came, or when a
  substitute was recorded as coming in the holder's place;
- follow-ups closed: per body of the deciding case, in the year of the closing case's
  meeting; days from the deciding meeting's date to the closing meeting's date;
- measures completed: the newest status report says completed; counted in the year of the
  report from which on it has said so, for each responsible body (the plan's adopting body
  when the measure names none).

Without `include_unpublished` only meetings with published minutes count (for follow-ups:
both the deciding and the closing meeting) and only adopted or archived plans.
"""

import dataclasses
import datetime
import hashlib
import statistics

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import get_language

from handlingsplan.models import Measure, Plan, StatusReport
from handlingsplan.models import Status as MeasureStatus
from moter.models import AgendaItem, Attendance, FollowUp, Meeting
from samarbeid.models import MemberGroup, Membership, Organisation, pick_language

HELD = (
    Meeting.Status.HELD,
    Meeting.Status.DRAFT_MINUTES,
    Meeting.Status.APPROVED,
    Meeting.Status.PUBLISHING,
    Meeting.Status.PUBLISHED,
)
CAME = (Attendance.Status.PRESENT, Attendance.Status.OBSERVER)
ON_THE_LIST = (*CAME, Attendance.Status.APOLOGIES)
PUBLIC_PLANS = (Plan.Status.ADOPTED, Plan.Status.ARCHIVED)


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which figures: the bodies (None = all), the years, and whether unpublished count."""

    first_year: int
    last_year: int
    body_ids: tuple | None = None
    include_unpublished: bool = False

    @property
    def years(self):
        return list(range(self.first_year, self.last_year + 1))


def counted_meetings(include_unpublished=False):
    """The meetings that were held; only those with published minutes for the public."""
    meetings = Meeting.objects.filter(status__in=HELD)
    return meetings if include_unpublished else meetings.published()


def year_extent(include_unpublished=False):
    """(first, last) year with a counted meeting, or (None, None). One query."""
    years = counted_meetings(include_unpublished).aggregate(first=Min("year"), last=Max("year"))
    return years["first"], years["last"]


def _in_scope(meetings, scope, prefix=""):
    meetings = meetings.filter(**{f"{prefix}year__range": (scope.first_year, scope.last_year)})
    if scope.body_ids is not None:
        meetings = meetings.filter(**{f"{prefix}body_id__in": scope.body_ids})
    return meetings


def activity(scope):
    """{(body_id, year): {"meetings", "cases", "decisions"}}. One query."""
    rows = (
        _in_scope(counted_meetings(scope.include_unpublished), scope)
        .order_by()
        .values("body_id", "year")
        .annotate(
            meetings=Count("pk", distinct=True),
            cases=Count("items"),
            decisions=Count("items", filter=Q(items__decision__gt="")),
        )
    )
    return {
        (r["body_id"], r["year"]): {k: r[k] for k in ("meetings", "cases", "decisions")}
        for r in rows
    }


def attendance(scope):
    """Seats on the attendance lists and how many were filled. Three queries.

    A list of {"body_id", "year", "group" (MemberGroup), "organisation" (name or None),
    "organisation_id", "is_party", "seats", "filled"}: one row per body, year and seat, to
    be added up by the caller. The counting groups by plain ids only (a narrow, fast
    aggregate); which apologies a substitute covered is worked out from the few rows of
    apologies and substitutes; the seats' categories and organisations come last.
    """
    meetings = _in_scope(counted_meetings(scope.include_unpublished), scope)
    counts = list(
        Attendance.objects.filter(meeting__in=meetings, status__in=ON_THE_LIST)
        .exclude(seat=None)
        .order_by()
        .values("meeting__body_id", "meeting__year", "seat_id")
        .annotate(seats=Count("pk"), came=Count("pk", filter=Q(status__in=CAME)))
    )
    covered = _covered_apologies(meetings)
    seats = {
        seat["pk"]: _seat_facts(seat)
        for seat in Membership.objects.filter(pk__in={r["seat_id"] for r in counts})
        .exclude(role__in=[Membership.Role.SECRETARIAT, Membership.Role.SUBSTITUTE])
        .exclude(category=Membership.Category.SECRETARIAT)
        .values(
            "pk",
            "role",
            "category",
            "organisation_id",
            "organisation__short_name_nn",
            "organisation__short_name_nb",
            "organisation__is_party",
        )
    }
    return [
        {
            "body_id": r["meeting__body_id"],
            "year": r["meeting__year"],
            **seats[r["seat_id"]],
            "seats": r["seats"],
            "filled": r["came"] + covered.get((r["meeting__year"], r["seat_id"]), 0),
        }
        for r in counts
        if r["seat_id"] in seats
    ]


def _seat_facts(seat):
    """What the figures need to know about a seat: its group and its organisation."""
    organisation = seat["organisation_id"]
    return {
        "group": _member_group(seat["role"], seat["category"]),
        "organisation_id": organisation,
        "organisation": pick_language(
            seat["organisation__short_name_nn"], seat["organisation__short_name_nb"]
        )
        if organisation
        else None,
        "is_party": bool(seat["organisation__is_party"]),
    }


def _covered_apologies(meetings):
    """{(year, seat_id): apologies for which a substitute came}. One query."""
    rows = (
        Attendance.objects.filter(
            meeting__in=meetings,
            status__in=[Attendance.Status.APOLOGIES, Attendance.Status.SUBSTITUTE],
        )
        .order_by()
        .values_list("meeting_id", "meeting__year", "status", "person_id", "substitute_for_id",
                     "seat_id")
    )  # fmt: skip
    apologies, substituted = [], set()
    for meeting_id, year, status, person_id, substitute_for_id, seat_id in rows:
        if status == Attendance.Status.SUBSTITUTE:
            substituted.add((meeting_id, substitute_for_id))
        elif seat_id is not None:
            apologies.append((meeting_id, person_id, year, seat_id))
    covered = {}
    for meeting_id, person_id, year, seat_id in apologies:
        if (meeting_id, person_id) in substituted:
            covered[year, seat_id] = covered.get((year, seat_id), 0) + 1
    return covered


def _member_group(role, category):
    """The seat's group as member lists show it (samarbeid.models.member_group)."""
    if role == Membership.Role.OBSERVER:
        return MemberGroup.OBSERVERS
    if category in (Membership.Category.USER_MUNICIPAL, Membership.Category.USER_SPECIALIST):
        return MemberGroup.USERS
    return MemberGroup(category)


def follow_up_days(scope):
    """{(body_id, year): [days, …]} for the follow-ups closed. One query.

    Per body of the deciding case, in the year of the closing case's meeting; days from
    the deciding meeting's date to the closing meeting's date (local dates).
    """
    counted = counted_meetings(scope.include_unpublished)
    closed = FollowUp.objects.filter(
        status=FollowUp.Status.DONE,
        meeting__in=counted,
        closed_by__meeting__in=counted,
        closed_by__meeting__year__range=(scope.first_year, scope.last_year),
    )
    if scope.body_ids is not None:  # the deciding body; the closing case may be elsewhere
        closed = closed.filter(meeting__body_id__in=scope.body_ids)
    rows = closed.values_list(
        "meeting__body_id",
        "closed_by__meeting__year",
        TruncDate("meeting__starts_at"),
        TruncDate("closed_by__meeting__starts_at"),
    )
    days = {}
    for body_id, year, decided_on, closed_on in rows:
        days.setdefault((body_id, year), []).append((closed_on - decided_on).days)
    return days


def completed_measures(scope):
    """[(measure_id, body_id, year), …]: measures completed in the scope. One query.

    A measure whose newest report says completed is counted in the year of the first
    report of its last unbroken run of "completed" reports, for each responsible body
    (for the plan's adopting body when it names none).
    """
    reports = StatusReport.objects.filter(measure=OuterRef("pk"))
    last_other = (
        reports.exclude(status=MeasureStatus.COMPLETED)
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    completed_since = (
        reports.filter(
            status=MeasureStatus.COMPLETED,
            reported_on__gt=Coalesce(OuterRef("last_other"), Value(datetime.date.min)),
        )
        .order_by("reported_on")
        .values("reported_on")[:1]
    )
    measures = Measure.objects.with_current_status().filter(current_status=MeasureStatus.COMPLETED)
    if not scope.include_unpublished:
        measures = measures.filter(area__plan__status__in=PUBLIC_PLANS)
    rows = (
        measures.annotate(last_other=Subquery(last_other))
        .annotate(completed_on=Subquery(completed_since))
        .filter(
            completed_on__range=(
                datetime.date(scope.first_year, 1, 1),
                datetime.date(scope.last_year, 12, 31),
            )
        )
        .values_list("pk", "responsible_bodies", "area__plan__adopted_by_id", "completed_on")
    )
    found = []
    for pk, responsible, adopting, completed_on in rows:
        body_id = responsible or adopting
        if scope.body_ids is None or body_id in scope.body_ids:
            found.append((pk, body_id, completed_on.year))
    return found


def median(values):
    return statistics.median(values) if values else None


def rate(filled, seats):
    """Filled seats as a whole percentage (halves rounded up), or None without seats."""
    return (200 * filled + seats) // (2 * seats) if seats else None


# What the figures are made of: a change to any of these writes a history row (every save
# and delete does), so the newest history row says whether cached figures are still true.
SOURCES = (Meeting, AgendaItem, Attendance, FollowUp, Membership, Organisation, Measure,
           StatusReport, Plan)  # fmt: skip
CACHE_SECONDS = 24 * 60 * 60


def data_version():
    """The newest history row of every source table (its date and id): one query, each
    part served by an index (the history tables' date index, their primary key). Publishing
    a meeting's minutes changes the meeting, so it changes the version too."""
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT MAX({quote(column)}) FROM {quote(model.history.model._meta.db_table)})"
        for model in SOURCES
        for column in ("history_date", "history_id")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(str(value) for value in cursor.fetchone())


def indicators(scope, body_names):
    """Every figure for the page and the PDF, as plain data; cached under the scope, the
    bodies, the language and the data's newest change (`data_version`), so the figures of
    twenty years are computed once per change anywhere, in any process."""
    key = repr((scope, tuple(body_names.items()), get_language(), data_version()))
    key = "indikatorar:" + hashlib.sha256(key.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = compute_indicators(scope, body_names)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def compute_indicators(scope, body_names):
    """Every figure for the page and the PDF, as plain data.

    `body_names` is {body_id: name} in the order the bodies are listed. Returns
    {"years", "by_year", "by_body", "total", "attendance_by_group", "attendance_by_party",
    "attendance_total"}; the attendance tables are described in `attendance_table`
    (attendance_total is one row of it, or None).
    """
    counts = activity(scope)
    days = follow_up_days(scope)
    measures = completed_measures(scope)
    seats = attendance(scope)
    groups = list(MemberGroup)
    parties = [r for r in seats if r["is_party"]]
    return {
        "years": scope.years,
        "by_year": _by_year(scope.years, counts, days, measures),
        "by_body": _by_body(scope.years, body_names, counts, days, measures),
        "attendance_by_group": attendance_table(
            seats,
            scope.years,
            key=lambda r: r["group"],
            order=groups.index,
            label=lambda r: r["group"].label,
        ),
        "attendance_by_party": attendance_table(
            parties,
            scope.years,
            key=lambda r: r["organisation_id"],
            order=None,
            label=lambda r: r["organisation"],
        ),
        "attendance_total": next(
            iter(attendance_table(seats, scope.years, key=lambda r: "all", label=lambda r: "")),
            None,
        ),
        "total": _row(
            list(counts.values()),
            [d for ds in days.values() for d in ds],
            [pk for pk, _body, _year in measures],
        ),
    }


def _row(cells, days, measure_ids):
    return {
        "meetings": sum(c["meetings"] for c in cells),
        "cases": sum(c["cases"] for c in cells),
        "decisions": sum(c["decisions"] for c in cells),
        "follow_ups_closed": len(days),
        "median_days": median(days),
        "measures_completed": len(set(measure_ids)),
    }


def _by_year(years, counts, days, measures):
    """One row per year (all years, zeros included), the scope's bodies added up."""
    rows = []
    for year in years:
        cells = [c for (_body, y), c in counts.items() if y == year]
        pooled = [d for (_body, y), ds in days.items() if y == year for d in ds]
        done = [pk for pk, _body, y in measures if y == year]
        rows.append({"year": year, **_row(cells, pooled, done)})
    return rows


def _by_body(years, body_names, counts, days, measures):
    """One row per body and year that has any figure, bodies in the given order."""
    done = {}
    for pk, body_id, year in measures:
        done.setdefault((body_id, year), []).append(pk)
    rows = []
    for body_id, name in body_names.items():
        for year in years:
            key = (body_id, year)
            cells = [counts[key]] if key in counts else []
            row = _row(cells, days.get(key, []), done.get(key, []))
            if row["meetings"] or row["follow_ups_closed"] or row["measures_completed"]:
                rows.append({"body_id": body_id, "body": name, "year": year, **row})
    return rows


def attendance_table(rows, years, *, key, label, order=None):
    """Attendance rows (see `attendance`) added up by `key(row)`.

    [{"label", "seats", "filled", "rate", "per_year": [{"year", "seats", "filled",
    "rate"}, …]}, …], sorted by `order(key)`, else by label.
    """
    table = {}
    for r in rows:
        entry = table.setdefault(key(r), {"label": label(r), "seats": 0, "filled": 0, "by": {}})
        entry["seats"] += r["seats"]
        entry["filled"] += r["filled"]
        seats, filled = entry["by"].get(r["year"], (0, 0))
        entry["by"][r["year"]] = (seats + r["seats"], filled + r["filled"])
    keys = (
        sorted(table, key=order)
        if order
        else sorted(table, key=lambda k: str(table[k]["label"]).casefold())
    )
    result = []
    for k in keys:
        entry = table[k]
        per_year = []
        for year in years:
            seats, filled = entry["by"].get(year, (0, 0))
            per_year.append(
                {"year": year, "seats": seats, "filled": filled, "rate": rate(filled, seats)}
            )
        result.append(
            {
                "label": entry["label"],
                "seats": entry["seats"],
                "filled": entry["filled"],
                "rate": rate(entry["filled"], entry["seats"]),
                "per_year": per_year,
            }
        )
    return result
