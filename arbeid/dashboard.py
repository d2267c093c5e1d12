"""What the secretariat has to do next: the dashboard's sections, one query each.

Each function returns plain rows for one section; every row carries the address where the
matter is put right (mostly the admin screen of the thing).
"""

from datetime import timedelta
from html import escape

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from avtaler.models import Agreement, Signature, Version, WorkingGroup
from handlingsplan.models import FINISHED, Measure, Plan, StatusReport
from moter.models import (
    PUBLISH_LATE,
    AgendaItem,
    Attachment,
    FollowUp,
    Meeting,
    NoticeMailing,
    mailing_summary,
)
from samarbeid.models import Body, pick_language

# How far ahead the dashboard looks for meetings, and for agreements due for review.
MEETINGS_AHEAD = timedelta(days=90)
REVIEW_AHEAD = timedelta(days=30)
# A notice should be out this long before the meeting (the usual practice: two weeks).
NOTICE_BEFORE = timedelta(days=14)
# Case kinds that need case papers (a written presentation or an attachment).
NEEDS_PAPERS = (AgendaItem.Kind.DECISION, AgendaItem.Kind.DISCUSSION)
# Overdue follow-ups listed on the dashboard, the most overdue first (all: the register).
OVERDUE_SHOWN = 25
# Long texts of the rows the dashboard lists but does not print.
BIG_TEXTS = ("item__narrative", "item__decision", "item__meeting__body__mandate")
# A signature is awaited until the party has answered (signed, declined or not applicable).
AWAITED = (Signature.Status.NOT_SENT, *Signature.OUTSTANDING)


def upcoming_meetings(now=None):
    """Meetings in the next MEETINGS_AHEAD with what each lacks: notice, cases, case papers."""
    now = now or timezone.now()
    without_papers = (
        AgendaItem.objects.filter(
            meeting=OuterRef("pk"), kind__in=NEEDS_PAPERS, narrative="", postponed_to=None
        )
        .exclude(Exists(Attachment.objects.filter(item=OuterRef("pk"))))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    meetings = list(
        Meeting.objects.filter(starts_at__gte=now, starts_at__lte=now + MEETINGS_AHEAD)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .annotate(
            # Case 1 (approval of notice and minutes) is made with the meeting: not counted.
            case_count=Count("items", filter=~Q(items__kind=AgendaItem.Kind.APPROVAL)),
            without_papers=Coalesce(Subquery(without_papers, output_field=IntegerField()), 0),
        )
        .order_by("starts_at")
    )
    # The newest sending of each one's notice e-mail: a meeting has a mailing or two, and a
    # plain query of them costs less than five subqueries (building them was half the time).
    newest_mailing = {}
    for mailing in NoticeMailing.objects.filter(meeting__in=meetings).order_by(
        "meeting", "-requested_at", "-pk"
    ):
        newest_mailing.setdefault(mailing.meeting_id, mailing)
    rows = []
    for meeting in meetings:
        lacks = []
        if meeting.status == Meeting.Status.PLANNED:
            lacks.append(
                ("notice", meeting.starts_at - now <= NOTICE_BEFORE)  # urgent when close
            )
        if not meeting.case_count:
            lacks.append(("cases", False))
        elif meeting.without_papers:
            lacks.append(("papers", False))
        mail = newest_mailing.get(meeting.pk)
        rows.append({"meeting": meeting, "lacks": lacks, "mail": mail and notice_mail(mail)})
    return rows


def notice_mail(mailing):
    """What the dashboard says of a notice e-mail: (text, colour)."""
    missing = mailing.without_address
    text = mailing_summary(
        mailing.status, sent_at=mailing.sent_at, sent_count=mailing.sent_count,
        missing=len(missing or []), next_attempt_at=mailing.next_attempt_at, brief=True,
    )  # fmt: skip
    S = NoticeMailing.Status
    colour = {
        S.SENT: "warning" if missing else "success", S.RETRYING: "warning", S.FAILED: "danger",
    }  # fmt: skip
    return {"text": text, "colour": colour.get(mailing.status, "info")}


def minutes_waiting(now=None):
    """Meetings whose minutes are behind: the date has passed but the meeting is not marked
    held, the minutes are not approved, approved but not published, or publishing failed."""
    now = now or timezone.now()
    # Every status here is in the partial index moter_meeting_unfinished's condition, which
    # lets it read a few dozen meetings instead of all of them: keep it so.
    not_held = (Meeting.Status.PLANNED, Meeting.Status.NOTICE_ISSUED)
    waiting = (
        Meeting.Status.HELD, Meeting.Status.DRAFT_MINUTES, Meeting.Status.APPROVED,
        Meeting.Status.PUBLISHING,
    )  # fmt: skip
    meetings = list(
        Meeting.objects.filter(
            Q(status__in=waiting)
            | ~Q(publish_error="")
            | Q(status__in=not_held, starts_at__lt=now)
        )
        .select_related("body")
        .order_by("starts_at")
    )
    for meeting in meetings:
        # Publishing asked for over PUBLISH_LATE ago and not done: a worker may have stopped.
        meeting.publishing_late = (
            meeting.status == Meeting.Status.PUBLISHING
            and meeting.publish_requested_at is not None
            and now - meeting.publish_requested_at > PUBLISH_LATE
        )
    return meetings


def overdue_follow_ups():
    """How many follow-ups are overdue, and the OVERDUE_SHOWN most overdue, with what the
    dashboard prints (the deciding case's number and body, the owner); the cases' texts and
    bodies' mandates are not read. The rest are in the follow-ups register, overdue first."""
    shown = list(
        FollowUp.objects.overdue()
        .select_related("item__meeting__body", "owner_body", "owner_organisation")
        .defer(*BIG_TEXTS)
        .annotate(total=Window(Count("pk")))  # counted before the slice, in the same query
        .order_by("due", "pk")[:OVERDUE_SHOWN]
    )
    return (shown[0].total if shown else 0), shown


def plans_in_force(today=None):
    """The plans in force this year, each with its newest reporting date (`round`, the
    current status round; None before the first)."""
    year = (today or timezone.localdate()).year
    plans = (
        Plan.objects.filter(status=Plan.Status.ADOPTED, period_from__lte=year, period_to__gte=year)
        .annotate(round=Max("areas__measures__reports__reported_on"))
        .order_by("period_from", "pk")
    )
    return list(plans)


def measures_without_report(plans):
    """Unfinished measures of `plans` with no report on their plan's current round date."""
    if not plans:
        return []
    in_round = Q()
    for plan in plans:
        in_round |= Q(area__plan=plan) & ~Exists(
            StatusReport.objects.filter(measure=OuterRef("pk"), reported_on=plan.round)
        )
    rounds = {plan.pk: plan for plan in plans}
    measures = list(
        Measure.objects.filter(in_round)
        .with_current_status()
        .exclude(current_status__in=FINISHED)
        .select_related("area")
        .order_by("area__plan_id", "area__number", "seq")
    )
    for measure in measures:
        measure.plan = rounds[measure.area.plan_id]
    return measures


def signatures_by_party():
    """Outstanding signatures of versions sent to the parties, grouped by party: each party
    with its cell of links, made here in one pass (hundreds of rows: plain values, not two
    model objects and a dozen template lookups each)."""
    rows = (
        Signature.objects.filter(version__status__in=Version.SIGNING, status__in=AWAITED)
        .order_by("party__short_name_nn", "version__agreement__order", "version__agreement__label")
        .values_list(
            "version_id", "status", "party_id", "party__short_name_nn", "party__short_name_nb",
            "version__agreement__label", "version__label",
        )
    )  # fmt: skip
    version_url = url_maker("admin:avtaler_version_change")
    # Only these statuses are named beside the link; "sent" is what the section is about.
    named = {
        status: str(label).lower()
        for status, label in Signature.Status.choices
        if status in (Signature.Status.IN_PROCESS, Signature.Status.NOT_SENT)
    }
    groups = {}
    for version_id, status, party_id, name_nn, name_nb, agreement, version in rows:
        group = groups.setdefault(
            party_id, {"party": pick_language(name_nn, name_nb), "links": []}
        )
        group["links"].append((version_url(version_id), agreement, version, named.get(status, "")))
    # Plain strings from values_list: the standard library's escape (Django's escape with
    # format_html cost 20 µs a link, a tenth of the dashboard, for the same markup).
    for group in groups.values():
        group["cell"] = mark_safe(  # every value is escaped here
            "; ".join(
                f'<a class="ds-link" href="{escape(url)}">{escape(agreement)} ({escape(version)})</a>'
                + (f' <span class="muted">{escape(note)}</span>' if note else "")
                for url, agreement, version, note in group["links"]
            )
        )
    return list(groups.values())


def agreements_due_for_review(today=None):
    today = today or timezone.localdate()
    return list(
        Agreement.objects.filter(next_review__lte=today + REVIEW_AHEAD).order_by(
            "next_review", "label"
        )
    )


def groups_past_deadline(today=None):
    today = today or timezone.localdate()
    return list(
        WorkingGroup.objects.filter(
            deadline__lt=today,
            status__in=(WorkingGroup.Status.SET_UP, WorkingGroup.Status.WORKING),
        )
        .select_related("body", "reports_to")
        .order_by("deadline")
    )


def url_maker(name):
    """`pk → reverse(name, args=[pk])` at the cost of one reverse, for the hundreds of links
    the dashboard prints (a reverse per row was a fifth of its time)."""
    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def with_urls(rows, name, get=lambda row: row):
    """Each row's thing gets `url`: its `name` address (see url_maker)."""
    make = url_maker(name)
    for row in rows:
        thing = get(row)
        thing.url = make(thing.pk)
    return rows


def last_meetings(today):
    """The newest meeting (not cancelled) of each body still active: the dashboard offers to
    start the next one from its agenda. One index probe per body, whatever the years."""
    newest = (
        Meeting.objects.filter(body=OuterRef("pk"))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
        .values("pk")[:1]
    )
    active = Body.objects.filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
    # The ids first: as one query's subquery, PostgreSQL hashes every meeting to join them.
    ids = [pk for pk in active.order_by().values_list(Subquery(newest), flat=True) if pk]
    return list(
        Meeting.objects.filter(pk__in=ids)
        .select_related("body")
        .order_by("body__order", "body__name_nn")
    )


def sections():
    """Everything on the dashboard; a fixed number of queries whatever the data size."""
    today = timezone.localdate()
    in_force = plans_in_force(today)
    plans = [plan for plan in in_force if plan.round]
    signatures = signatures_by_party()
    overdue_count, overdue = overdue_follow_ups()
    return {
        "today": today,
        "meetings": with_urls(
            upcoming_meetings(), "admin:moter_meeting_change", lambda row: row["meeting"]
        ),
        "minutes": with_urls(minutes_waiting(), "admin:moter_meeting_change"),
        "follow_ups": with_urls(overdue, "arbeid:close"),
        "overdue_count": overdue_count,
        "plans": plans,
        "plans_in_force": in_force,
        "last_meetings": last_meetings(today),
        "measures": measures_without_report(plans),
        "signatures": signatures,
        "reviews": with_urls(agreements_due_for_review(today), "admin:avtaler_agreement_change"),
        "groups": with_urls(groups_past_deadline(today), "admin:avtaler_workinggroup_change"),
    }
