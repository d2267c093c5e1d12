import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moter.models import FollowUp
from samarbeid.forms import FILTER_SELECT
from samarbeid.models import Body


class FollowUpFilter(django_filters.FilterSet):
    """The register's filters. Without a status choice it shows the open follow-ups."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[*FollowUp.Status.choices, ("alle", _("All"))],
        empty_label=None,
        method="filter_status",
        widget=FILTER_SELECT,
    )
    utval = django_filters.ModelChoiceFilter(
        label=_("Body"),
        queryset=Body.objects.exclude(kind=Body.Kind.WORKING_GROUP),
        to_field_name="slug",
        empty_label=_("All bodies"),
        method="filter_body",
        widget=FILTER_SELECT,
    )
    forfalne = django_filters.BooleanFilter(
        label=_("Only overdue"),
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "ds-input"}),
    )

    class Meta:
        model = FollowUp
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset if value == "alle" else queryset.filter(status=value)

    def filter_body(self, queryset, name, value):
        """Decided in, owned by, or to be taken up in the body."""
        return queryset.filter(
            Q(item__meeting__body=value) | Q(owner_body=value) | Q(case_body=value)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=True) if value else queryset
