import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from avtaler.models import Agreement, StatutoryTopic, Version, parties_now
from samarbeid.forms import FILTER_SELECT


class RegisterFilter(django_filters.FilterSet):
    """The register's filters: level, statutory topic, version status and party.

    `status` finds agreements with a version in that status that the reader may see.
    """

    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Agreement.Level.choices, empty_label=_("All levels"),
        widget=FILTER_SELECT,
    )  # fmt: skip
    topic = django_filters.ModelChoiceFilter(
        label=_("Statutory topic"),
        field_name="topics",
        queryset=StatutoryTopic.objects.all(),
        to_field_name="number",
        empty_label=_("All topics"),
        widget=FILTER_SELECT,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Version.Status.choices,
        empty_label=_("All statuses"),
        method="filter_status",
        widget=FILTER_SELECT,
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Party"),
        queryset=parties_now(),
        to_field_name="slug",
        empty_label=_("All parties"),
        method="filter_party",
        widget=FILTER_SELECT,
    )

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.user = user

    def filter_status(self, queryset, name, value):
        versions = Version.objects.visible_to(self.user).filter(
            agreement=OuterRef("pk"), status=value
        )
        return queryset.filter(Exists(versions))

    def filter_party(self, queryset, name, value):
        return queryset.filter(Q(parties_rule=Agreement.Parties.ALL) | Q(parties=value)).distinct()


class MatrixFilter(django_filters.FilterSet):
    """The signing matrix's filters: level and one agreement."""

    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Agreement.Level.choices, empty_label=_("All levels"),
        widget=FILTER_SELECT,
    )  # fmt: skip
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"),
        field_name="pk",
        queryset=Agreement.objects.none(),
        to_field_name="slug",
        empty_label=_("All agreements"),
        method="filter_agreement",
        widget=FILTER_SELECT,
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["agreement"].queryset = (
            queryset.prefetch_related(None).order_by("order", "label").only("pk", "slug", "label")
        )

    def filter_agreement(self, queryset, name, value):
        return queryset.filter(pk=value.pk)
