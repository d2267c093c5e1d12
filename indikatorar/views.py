"""The indicator page and its PDF report (figures in indikatorar/figures.py).

Who sees what: everybody, members and editors alike, sees figures built from meetings with
published minutes and adopted plans only. Editors may tick "unpublished" to count every held
meeting and draft plans too; the page and the PDF then say so at the top. Exempt cases are
counted, never shown; attendance is shown per category and per party, never per person.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indikatorar.charts import bar_rows_chart, column_chart
from indikatorar.figures import indicators, year_extent
from indikatorar.forms import MOST_YEARS, IndicatorForm
from samarbeid.access import is_editor
from samarbeid.models import Body
from samarbeid.pdf import pdf_response, render_pdf

DEFAULT_YEARS = 10


def default_years(include_unpublished):
    """The last ten years that have a counted meeting (the current year when none has)."""
    first, last = year_extent(include_unpublished)
    if last is None:
        this_year = timezone.localdate().year
        return this_year, this_year
    return max(first, last - DEFAULT_YEARS + 1), last


def _form(request):
    bodies = list(Body.objects.order_by("order", "name_nn"))
    return IndicatorForm(
        request.GET,
        bodies=bodies,
        editor=is_editor(request.user),
        default_years=default_years,
    )


def report_context(form):
    """Figures and charts for a valid form, as plain data for the page and the PDF."""
    scope = form.scope()
    body = form.chosen_body
    bodies = [body] if body else form.bodies.values()
    figures = indicators(scope, {b.pk: str(b) for b in bodies})
    period = f"{scope.first_year}–{scope.last_year}" if scope.years[1:] else str(scope.first_year)
    where = str(body) if body else _("all bodies")
    return {
        "figures": figures,
        "charts": _charts(figures, where, period),
        "scope": scope,
        "where": where,
        "period": period,
        "body": body,
        "include_unpublished": scope.include_unpublished,
    }


def _charts(figures, where, period):
    see_table = _("The same figures are in the table “Figures per year”.")
    charts = []
    for key, title in (
        ("meetings", _("Meetings held per year")),
        ("cases", _("Cases per year")),
        ("decisions", _("Decisions per year")),
    ):
        points = [(str(row["year"]), row[key]) for row in figures["by_year"]]
        values = ", ".join(f"{label}: {value}" for label, value in points)
        charts.append(
            column_chart(
                points,
                chart_id=f"chart-{key}",
                title=title,
                desc=f"{capfirst(where)}, {period}. {values}. {see_table}",
            )
        )
    groups = figures["attendance_by_group"]
    rates = ", ".join(
        f"{row['label']}: {'–' if row['rate'] is None else str(row['rate']) + ' %'}"
        for row in groups
    )
    attendance = bar_rows_chart(
        [(str(row["label"]), row["rate"]) for row in groups],
        chart_id="chart-attendance",
        title=_("Attendance rate per representation category"),
        desc=f"{capfirst(where)}, {period}. {rates}. "
        + _("The same figures are in the table “Attendance per representation category”."),
    )
    return {"columns": charts, "attendance": attendance}


@require_safe
def index(request):
    form = _form(request)
    context = {"form": form, "most_years": MOST_YEARS}
    if form.is_valid():
        context.update(report_context(form))
        context["pdf_query"] = request.GET.urlencode()
    return render(
        request, "indikatorar/index.html", context, status=200 if form.is_valid() else 400
    )


@require_safe
def report_pdf(request):
    form = _form(request)
    if not form.is_valid():
        return render(request, "indikatorar/index.html", {"form": form}, status=400)
    context = report_context(form)
    language = (get_language() or "nn")[:2]
    title = _("Indicators for the collaboration structure")
    pdf = render_pdf(
        "pdf/indikatorar.html",
        {**context, "generated_on": timezone.localdate()},
        title=f"{title} {context['period']}",
        language=language,
        stylesheet="pdf/indikatorar.css",
    )
    scope = context["scope"]
    name = f"indikatorar-{context['body'].slug + '-' if context['body'] else ''}"
    return pdf_response(pdf, f"{name}{scope.first_year}-{scope.last_year}.pdf")
