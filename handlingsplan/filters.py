import django_filters
from django.utils.translation import gettext_lazy as _

from handlingsplan.models import Status
from samarbeid.forms import FILTER_SELECT
from samarbeid.models import Body, Organisation


class MeasureFilter(django_filters.FilterSet):
    """The plan page's filters: area, current status and who is responsible.

    The queryset must come from `Measure.objects.for_plan_page()` (it filters on the
    annotated `current_status`). Responsible is "body-<id>" or "org-<id>".
    """

    area = django_filters.ChoiceFilter(
        label=_("Area"), empty_label=_("All areas"), method="filter_area", widget=FILTER_SELECT
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        empty_label=_("All statuses"),
        field_name="current_status",
        widget=FILTER_SELECT,
    )
    responsible = django_filters.ChoiceFilter(
        label=_("Responsible"),
        empty_label=_("Everybody"),
        method="filter_responsible",
        widget=FILTER_SELECT,
    )

    def __init__(self, data=None, queryset=None, *, plan, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["area"].extra["choices"] = [(str(a.number), str(a)) for a in plan.areas.all()]
        self.filters["responsible"].extra["choices"] = responsible_choices(plan)

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__number=value)

    def filter_responsible(self, queryset, name, value):
        kind, _, pk = value.partition("-")
        if kind == "body":
            return queryset.filter(responsible_bodies=pk)
        return queryset.filter(responsible_organisations=pk)


def responsible_choices(plan):
    """The bodies and organisations responsible for some measure of `plan` (two queries)."""
    bodies = Body.objects.filter(measures__area__plan=plan).distinct()
    orgs = Organisation.objects.filter(measures__area__plan=plan).distinct()
    return [(f"body-{b.pk}", str(b)) for b in bodies] + [(f"org-{o.pk}", str(o)) for o in orgs]
