import django_filters
from django.utils.translation import gettext_lazy as _

from moter.models import Meeting
from samarbeid.models import Body


class MeetingFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        queryset=Body.objects.filter(meetings__isnull=False).distinct(),
        to_field_name="slug",
        empty_label=_("All bodies"),
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Meeting.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = Meeting
        fields = ["body", "year", "status"]
