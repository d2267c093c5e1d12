"""The plan as a printed table: Område | Tiltak | Tidsramme | Status pr. <month>."""

from django.utils import translation
from django.utils.translation import gettext as _

from handlingsplan.models import Measure, month_label
from samarbeid.pdf import render_pdf


def status_date(plan, as_of=None, dates=None):
    """The reporting date the plan is shown as of: the newest one on or before `as_of`."""
    dates = plan.reporting_dates() if dates is None else dates
    dates = [d for d in dates if as_of is None or d <= as_of]
    return dates[0] if dates else None


def last_reported(report, day):
    """ "september 2020" when the measure's newest report is older than the plan's status date
    `day` (no news in that round), else "": its text is not the status of `day`."""
    if report is None or day is None or report.reported_on >= day:
        return ""
    return month_label(report.reported_on)


def plan_document(plan, as_of=None):
    """The plan as plain data for the PDF template, its labels in the plan's language."""
    day = status_date(plan, as_of)
    measures = Measure.objects.for_plan_page(plan, as_of=as_of)
    rows = {}
    for m in measures:
        report = m.current_report
        rows.setdefault(m.area_id, []).append(
            {
                "number": m.number,
                "title": m.title,
                "sub_actions": m.sub_action_list,
                "timeframe": m.timeframe,
                "status": m.get_status_display()
                if report is None
                else report.get_status_display(),
                "paragraphs": _paragraphs(report.text if report else ""),
                "last_reported": last_reported(report, day),
                "lines": [
                    (str(line.party), line.text, line.last_reported_month)
                    for line in report.lines.all()
                ]
                if report
                else [],
            }
        )
    return {
        "plan_title": plan.title,
        "period": plan.period,
        "adopted_by": plan.adopted_by.name,
        "introduction": plan.introduction,
        "is_draft": not plan.is_public,
        "status_heading": _("Status as of %(date)s") % {"date": month_label(day)}
        if day
        else _("Status"),
        "areas": [
            {"number": a.number, "title": a.title, "measures": rows.get(a.pk, [])}
            for a in plan.areas.all()
        ],
    }


def _paragraphs(text):
    """Paragraphs (split at blank lines), each a list of lines."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [[line for line in b.split("\n") if line.strip()] for b in blocks]


def render_plan_pdf(plan, as_of=None):
    with translation.override(plan.language):
        context = plan_document(plan, as_of)
        title = plan.title
        if as_of:
            title = f"{plan.title} – {context['status_heading']}"
    return render_pdf(
        "pdf/handlingsplan.html",
        context,
        title=title,
        language=plan.language,
        stylesheet="pdf/handlingsplan.css",
    )
