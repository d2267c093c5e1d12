from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from handlingsplan.models import Area, Measure, Plan, StatusLine, StatusReport
from moter.decision_actions import FromDecisionMixin
from samarbeid.deletion import KeepsRows, RefusesDeletion
from samarbeid.history import HistoryAdmin


class AreaInline(KeepsRows, admin.TabularInline):
    model = Area
    extra = 0
    fields = ["number", "title", "measures_link"]
    readonly_fields = ["measures_link"]
    show_change_link = True

    @admin.display(description=_("measures"))
    def measures_link(self, area):
        if not area.pk:
            return ""
        url = reverse("admin:handlingsplan_area_change", args=[area.pk])
        return format_html('<a href="{}">{}</a>', url, _("Edit the measures"))


@admin.register(Plan)
class PlanAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["title", "period", "adopted_by", "status", "language", "round_link"]
    list_filter = ["status", "language", "adopted_by"]
    list_select_related = ["adopted_by"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["adopted_by", "adopted_in"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "period_from", "period_to", "language"]}),
        (_("Adoption"), {"fields": ["adopted_by", "adopted_on", "adopted_in", "status"]}),
        (None, {"fields": ["introduction"]}),
    ]
    inlines = [AreaInline]
    actions = ["copy_to_next_period"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:  # only the allowed changes of status (Plan.TRANSITIONS)
            allowed = {obj.status, *Plan.TRANSITIONS[obj.status]}
            field = form.base_fields["status"]
            field.choices = [c for c in field.choices if c[0] in allowed]
        return form

    @admin.display(description=_("period"))
    def period(self, plan):
        return plan.period

    @admin.display(description=_("status round"))
    def round_link(self, plan):
        url = reverse("handlingsplan:status_round", kwargs={"slug": plan.slug})
        return format_html('<a href="{}">{}</a>', url, _("Status round"))

    @admin.action(description=_("Copy to the next period, with the unfinished measures"))
    def copy_to_next_period(self, request, queryset):
        for plan in queryset:
            length = plan.period_to - plan.period_from + 1
            start = plan.period_to + 1
            copy = plan.copy_to(start, start + length - 1, by=request.user)
            self.message_user(
                request,
                _("%(plan)s was copied to the draft %(copy)s.") % {"plan": plan, "copy": copy},
                messages.SUCCESS,
            )


class MeasureInline(KeepsRows, admin.StackedInline):
    model = Measure
    extra = 0
    fields = [
        ("number", "title"),
        "sub_actions",
        ("timeframe", "starts_on", "ends_on"),
        ("responsible_bodies", "responsible_organisations"),
        ("status", "case_reference"),
    ]
    readonly_fields = ["number"]
    autocomplete_fields = ["responsible_bodies", "responsible_organisations"]
    show_change_link = True

    @admin.display(description=_("number"))
    def number(self, measure):
        return measure.number if measure.pk else _("given when saved")


@admin.register(Area)
class AreaAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title", "plan__title"]
    fields = ["plan", "number", "title"]
    inlines = [MeasureInline]
    actions = ["renumber"]

    @admin.action(description=_("Renumber the measures 1, 2, 3 … (close gaps)"))
    def renumber(self, request, queryset):
        changed = sum(area.renumber(by=request.user) for area in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d measure was renumbered.", "%(count)d measures were renumbered.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )


class StatusReportInline(KeepsRows, admin.TabularInline):
    model = StatusReport
    extra = 0
    fields = ["reported_on", "status", "text", "written_by", "is_demo"]
    readonly_fields = ["written_by"]
    show_change_link = True
    ordering = ["-reported_on"]


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return f"{area.plan} – {area}"


@admin.register(Measure)
class MeasureAdmin(RefusesDeletion, FromDecisionMixin, HistoryAdmin):
    list_display = ["number", "title", "timeframe", "status", "area"]
    list_display_links = ["number", "title"]
    list_filter = ["area__plan", "status"]
    list_select_related = ["area", "area__plan"]
    search_fields = ["title", "sub_actions", "case_reference"]
    autocomplete_fields = ["responsible_bodies", "responsible_organisations", "cases"]
    fieldsets = [
        (None, {"fields": ["area", "number", "title", "sub_actions"]}),
        (_("Time and responsibility"), {
            "fields": ["timeframe", "starts_on", "ends_on", "responsible_bodies",
                       "responsible_organisations"]}),
        (_("Status and origin"), {"fields": ["status", "cases", "case_reference", "carried_from"]}),
    ]  # fmt: skip
    readonly_fields = ["number", "carried_from"]
    inlines = [StatusReportInline]

    @admin.display(description=_("number"), ordering="seq")
    def number(self, measure):
        return measure.number if measure.pk else _("given when saved")

    def get_readonly_fields(self, request, obj=None):
        # The area is chosen once; moving a measure would change its number silently.
        return [*self.readonly_fields, "area"] if obj else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The plan in each area's name, newest plan first; archived plans take no new measures.
        if db_field.name == "area":
            kwargs["queryset"] = (
                Area.objects.exclude(plan__status=Plan.Status.ARCHIVED)
                .select_related("plan")
                .order_by("-plan__period_from", "plan__title", "number")
            )
            kwargs["form_class"] = AreaChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def linked_to_case(self, measure, item):
        return measure.cases.filter(pk=item.pk).exists()


class StatusLineInline(admin.TabularInline):
    model = StatusLine
    extra = 1
    fields = ["party", "text", "order", "last_reported_on"]
    autocomplete_fields = ["party"]


@admin.register(StatusReport)
class StatusReportAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["measure", "reported_on", "status", "written_by", "is_demo"]
    list_filter = ["measure__area__plan", "status", "reported_on", "is_demo"]
    list_select_related = ["measure__area", "written_by"]
    search_fields = ["text", "measure__title"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["measure"]
    fields = ["measure", "reported_on", "status", "text", "is_demo", "written_by"]
    readonly_fields = ["written_by"]
    inlines = [StatusLineInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.written_by = request.user
        super().save_model(request, obj, form, change)
