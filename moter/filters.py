import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from avtaler.models import Agreement, StatutoryTopic
from handlingsplan.models import Measure, Plan
from moter.models import AgendaItem, Meeting, bodies_with_meetings
from moter.register import filter_by_versions, readable_q
from samarbeid.forms import FILTER_SELECT


class MeetingFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        queryset=bodies_with_meetings(),
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from samarbeid.access import is_editor, member_body_ids

        if user is not None and not (is_editor(user) or member_body_ids(user)):
            # The public sees only meetings with published minutes: offer only that status.
            self.filters["status"].extra["choices"] = [
                (Meeting.Status.PUBLISHED.value, Meeting.Status.PUBLISHED.label)
            ]


# --- The decisions register --------------------------------------------------
# Choices depend on the reader (agreements and measures they may see), so the querysets are
# functions of the request. Filters on links look only at what the reader may see: an exempt
# case the reader may not read never matches a link, so a filter cannot reveal it.


def meeting_years():
    years = Meeting.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in years]


def visible_agreements(request):
    return Agreement.objects.visible_to(request.user)


def visible_measures(request):
    """Measures of plans the reader may see that a case is linked to."""
    linked = Measure.cases.through.objects.filter(measure=OuterRef("pk"))
    return (
        Measure.objects.filter(area__plan__in=Plan.objects.visible_to(request.user))
        .filter(Exists(linked))
        .select_related("area__plan")
    )


class MeasureField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return Truncator(f"{obj.area.plan}: {obj}").chars(90)


class MeasureChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = MeasureField


class DecisionFilter(django_filters.FilterSet):
    """The register's filters: body, year, statutory topic, agreement, measure and text."""

    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=bodies_with_meetings(),
        to_field_name="slug", empty_label=_("All bodies"), widget=FILTER_SELECT,
    )  # fmt: skip
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=meeting_years, empty_label=_("All years"), widget=FILTER_SELECT
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Statutory topic"), queryset=StatutoryTopic.objects.all(), to_field_name="number",
        empty_label=_("All topics"), method="filter_topic", widget=FILTER_SELECT,
    )  # fmt: skip
    agreement = django_filters.ModelChoiceFilter(
        label=_("Agreement"), queryset=visible_agreements, to_field_name="slug",
        empty_label=_("All agreements"), method="filter_agreement", widget=FILTER_SELECT,
    )  # fmt: skip
    measure = MeasureChoiceFilter(
        label=_("Measure"), queryset=visible_measures, empty_label=_("All measures"),
        method="filter_measure", widget=FILTER_SELECT,
    )  # fmt: skip
    q = django_filters.CharFilter(
        label=_("Words in the title or decision"), method="filter_text", max_length=100,
        widget=forms.TextInput(attrs={"class": "ds-input", "type": "search"}),
    )  # fmt: skip

    class Meta:
        model = AgendaItem
        fields = ["body", "year", "topic", "agreement", "measure", "q"]

    @property
    def user(self):
        return self.request.user

    def filter_topic(self, queryset, name, value):
        return filter_by_versions(queryset, self.user, agreement__topics=value)

    def filter_agreement(self, queryset, name, value):
        return filter_by_versions(queryset, self.user, agreement=value)

    def filter_measure(self, queryset, name, value):
        return queryset.filter(readable_q(self.user), measures=value)

    def filter_text(self, queryset, name, value):
        words = Q(title__icontains=value) | Q(decision__icontains=value)
        # What the reader may not read is searched only in its public title.
        return queryset.filter(
            (readable_q(self.user) & words)
            | (Q(access=AgendaItem.Access.EXEMPT) & Q(public_title__icontains=value))
        )
