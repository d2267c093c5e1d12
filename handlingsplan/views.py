import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from handlingsplan.filters import MeasureFilter
from handlingsplan.forms import AsOfForm, MeasureStatusForm, Parties, RoundDateForm, SinceForm
from handlingsplan.models import (
    Area,
    Measure,
    Plan,
    RoundConflict,
    StatusLine,
    StatusReport,
    month_label,
)
from handlingsplan.pdf import last_reported, render_plan_pdf, status_date
from samarbeid.access import is_editor
from samarbeid.models import Body, Organisation
from samarbeid.pagecache import public_parts
from samarbeid.pdf import pdf_response


def get_plan_or_404(request, slug):
    """The plan, if `request.user` may read it (drafts: the adopting body and editors)."""
    plans = Plan.objects.visible_to(request.user).select_related("adopted_by")
    return get_object_or_404(plans, slug=slug)


def get_plan_for_editing(request, slug):
    """The plan for an editor; 404 for those who may not see it, 403 for readers."""
    plan = get_plan_or_404(request, slug)
    if not (is_editor(request.user) and request.user.has_perm("handlingsplan.add_statusreport")):
        raise PermissionDenied
    return plan


@require_safe
def index(request):
    plans = Plan.objects.visible_to(request.user).select_related("adopted_by")
    return render(request, "handlingsplan/index.html", {"plans": plans})


def as_of_from(request, plan):
    """(AsOfForm, date or None, the plan's reporting dates) from ?pr=….

    The form carries the error for a date that is not one of the plan's reporting dates.
    """
    dates = plan.reporting_dates()
    labels = [_("Status as of %(date)s") % {"date": month_label(d)} for d in dates]
    form = AsOfForm(request.GET, dates=dates, labels=labels)
    as_of = form.cleaned_data["pr"] if form.is_valid() else None
    return form, as_of, dates


# What the plan page shows (the measures' responsible bodies and organisations, the parties
# of the report lines): a change to any of these makes a new copy for the public.
PLAN_PAGE_SOURCES = (Plan, Area, Measure, StatusReport, StatusLine, Body, Organisation,
                     Measure.responsible_bodies.through,
                     Measure.responsible_organisations.through)  # fmt: skip


@require_safe
def plan_detail(request, slug):
    parts = public_parts(request, PLAN_PAGE_SOURCES, lambda: plan_page_parts(request, slug))
    return render(request, "handlingsplan/plan_detail.html", parts)


def plan_page_parts(request, slug):
    """The plan page's title and content (the measures by area, filtered, as of a date)."""
    plan = get_plan_or_404(request, slug)
    as_of_form, as_of, dates = as_of_from(request, plan)
    measures = Measure.objects.for_plan_page(plan, as_of=as_of)
    filterset = MeasureFilter(request.GET or None, measures, plan=plan)
    filtered = filterset.is_bound and filterset.is_valid()
    if filtered:
        measures = filterset.qs
    day = status_date(plan, as_of, dates)
    by_area = {}
    for measure in measures:
        measure.last_reported = last_reported(measure.current_report, day)
        by_area.setdefault(measure.area_id, []).append(measure)
    areas = [(area, by_area.get(area.pk, [])) for area in plan.areas.all()]
    if filtered and any(filterset.form.cleaned_data.values()):
        areas = [(area, rows) for area, rows in areas if rows]
    context = {
        "plan": plan,
        "areas": areas,
        "filter": filterset,
        "as_of_form": as_of_form,
        "as_of": as_of,
        "status_month": month_label(day) if day else "",
        "can_edit": is_editor(request.user),
    }
    content = render_to_string("handlingsplan/plan_detail.html#content", context, request)
    return {"title": plan.title, "content": content}


@require_safe
def measure_detail(request, slug, pk):
    plan = get_plan_or_404(request, slug)
    measure = get_object_or_404(
        Measure.objects.select_related("area", "carried_from__area__plan").prefetch_related(
            "responsible_bodies", "responsible_organisations"
        ),
        area__plan=plan,
        pk=pk,
    )
    # Every deciding case; the template links those the reader may open (moter.links).
    cases = measure.cases.select_related("meeting__body")
    # Earlier plans' measures only where the reader may open that plan (not a draft's).
    visible_plans = set(Plan.objects.visible_to(request.user).values_list("pk", flat=True))
    chain = [m for m in measure.history_chain() if m.area.plan_id in visible_plans]
    carried_from = measure.carried_from if measure.carried_from in chain else None
    reports = (
        StatusReport.objects.filter(measure__in=chain)
        .select_related("measure__area__plan")
        .prefetch_related("lines__party")
        .order_by("-reported_on", "-pk")
    )
    return render(
        request,
        "handlingsplan/measure_detail.html",
        {
            "plan": plan,
            "measure": measure,
            "reports": reports,
            "cases": cases,
            "carried_from": carried_from,
        },
    )


@require_safe
def changes(request, slug):
    """Status reports and edited measures of the plan since a date."""
    plan = get_plan_or_404(request, slug)
    form = SinceForm(request.GET or None)
    reports = edits = None
    if form.is_valid():
        since = form.cleaned_data["sidan"]
        reports = (
            StatusReport.objects.filter(measure__area__plan=plan, reported_on__gte=since)
            .select_related("measure__area")
            .prefetch_related("lines__party")
            .order_by("-reported_on", "measure__area__number", "measure__seq")
        )
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        edits = (
            Measure.history.filter(area__plan=plan, history_date__gte=start)
            .select_related("area")
            .order_by("-history_date")
        )
    return render(
        request,
        "handlingsplan/changes.html",
        {"plan": plan, "form": form, "reports": reports, "edits": edits},
    )


@require_safe
def plan_pdf(request, slug):
    plan = get_plan_or_404(request, slug)
    as_of_form, as_of, _dates = as_of_from(request, plan)
    if as_of_form.errors:
        messages.error(request, " ".join(as_of_form.errors["pr"]))
        return redirect(plan)
    suffix = f"-pr-{as_of.isoformat()}" if as_of else ""
    return pdf_response(render_plan_pdf(plan, as_of), f"handlingsplan-{plan.slug}{suffix}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def status_round(request, slug):
    """Every measure of the plan on one page, with a field for its status on a date."""
    plan = get_plan_for_editing(request, slug)
    date_form = RoundDateForm(request.GET)
    if not date_form.is_valid():
        return render(request, "handlingsplan/status_round.html", {"plan": plan,
                      "date_form": date_form, "rows": []})  # fmt: skip
    day = date_form.day()
    rows = round_forms(plan, day, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and all(form.is_valid() for form in rows):
        entries = [e for e in (form.entry() for form in rows) if e]
        if not entries:
            messages.info(request, _("Nothing was changed."))
            return redirect(request.get_full_path())
        try:
            plan.record_status_round(day, entries, by=request.user)
        except RoundConflict as error:
            conflict = error.measures
        else:
            messages.success(
                request,
                _("%(count)d status reports for %(month)s were saved.")
                % {"count": len(entries), "month": month_label(day)},
            )
            return redirect(plan)
    return render(
        request,
        "handlingsplan/status_round.html",
        {
            "plan": plan,
            "date_form": date_form,
            "day": day,
            "month": month_label(day),
            "rows": rows,
            "conflict": conflict,
            "has_errors": any(form.errors for form in rows),
        },
    )


def round_forms(plan, day, data):
    """One MeasureStatusForm per measure: its last report before `day` and the one on it."""
    measures = Measure.objects.for_plan_page(plan, as_of=day - datetime.timedelta(days=1))
    on_day = {
        r.measure_id: r
        for r in StatusReport.objects.filter(
            measure__area__plan=plan, reported_on=day
        ).prefetch_related("lines__party")
    }
    parties = Parties()
    return [
        MeasureStatusForm(
            data,
            measure=m,
            previous=m.current_report,
            existing=on_day.get(m.pk),
            parties=parties,
        )
        for m in measures
    ]
