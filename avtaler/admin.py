from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from avtaler.models import (
    Agreement,
    RequiredSeat,
    SeatCap,
    Signature,
    StatutoryTopic,
    Version,
    WorkingGroup,
)
from samarbeid.deletion import KeepsRows, RefusesDeletion
from samarbeid.forms import GuardedForm
from samarbeid.history import HistoryAdmin


@admin.register(StatutoryTopic)
class StatutoryTopicAdmin(HistoryAdmin):
    list_display = ["number", "title_nn", "title_nb", "added_in"]
    list_display_links = ["number", "title_nn"]
    search_fields = ["title_nn", "title_nb"]


class VersionForm(GuardedForm):
    """A version on its screen or as a row of the agreement screen: a save over a newer save
    (by another screen, or an action such as sending it or recording a signature) is refused."""

    version_field = "revision"


class SignatureForm(GuardedForm):
    """A party's signing row on the version screen: refused when the row was saved since the
    screen was opened (a signature recorded meanwhile is never turned back into "sent")."""

    version_field = "revision"
    stale_message = _(
        "The signing row of %(object)s was saved by someone else since you opened this "
        "screen. Nothing of yours was saved; your changes are still in the form. Open the "
        "version in a new tab to see the row as it is now, then save again."
    )


class SignatureRowForm(SignatureForm):
    leaves_untouched_rows = True


class VersionRowForm(VersionForm):
    leaves_untouched_rows = True


class VersionInline(KeepsRows, admin.TabularInline):
    model = Version
    form = VersionRowForm
    extra = 0
    fields = ["version_seen", "label", "status", "approved_in", "sent_in", "sent_on", "valid_from"]
    readonly_fields = ["status", "sent_on", "valid_from"]
    autocomplete_fields = ["approved_in", "sent_in"]
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["label", "title_nn", "level", "parent", "parties_rule", "responsible_body",
                    "next_review"]  # fmt: skip
    list_filter = ["level", "parties_rule", "topics", "responsible_body"]
    list_select_related = ["parent", "responsible_body"]
    search_fields = ["label", "number", "title_nn", "title_nb", "slug"]
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["parent", "parties", "responsible_body", "working_group", "measures"]
    filter_horizontal = ["topics"]
    fieldsets = [
        (None, {"fields": ["level", "label", "number", "slug", "title_nn", "title_nb", "topics",
                           "parent", "order"]}),
        (_("Parties"), {"fields": ["parties_rule", "parties"]}),
        (_("Responsibility"), {"fields": ["responsible_body", "working_group", "next_review",
                                          "measures"]}),
    ]  # fmt: skip
    inlines = [VersionInline]


class SignatureInline(KeepsRows, admin.TabularInline):
    model = Signature
    form = SignatureRowForm
    extra = 0
    fields = ["version_seen", "party", "status", "signed_on", "note"]
    autocomplete_fields = ["party"]
    ordering = ["party__short_name_nn"]


@admin.register(Version)
class VersionAdmin(RefusesDeletion, HistoryAdmin):
    form = VersionForm
    list_display = ["__str__", "status", "approved_in", "sent_on", "valid_from", "signed_count"]
    list_filter = ["status", "agreement__level", "agreement"]
    list_select_related = ["agreement", "approved_in"]
    search_fields = ["label", "agreement__label", "agreement__title_nn", "text"]
    autocomplete_fields = ["agreement", "approved_in", "sent_in", "replaces"]
    fieldsets = [
        (None, {"fields": ["agreement", "label", "status", "consultation_deadline",
                           "approved_in", "repeal_reason", "version_seen"]}),
        (_("Signing and force"), {"fields": ["sent_in", "sent_on", "valid_from", "replaces",
                                             "signing_link"]}),
        (_("Document"), {"fields": ["language", "document", "text", "change_summary"]}),
    ]  # fmt: skip
    readonly_fields = ["sent_on", "signing_link"]
    inlines = [SignatureInline]
    actions = ["send_to_parties", "put_in_force_today"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("signatures")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # Only the allowed changes; "sent" and "in force" come from the actions, which also
        # make the signing rows.
        if db_field.name == "status":
            current = getattr(request, "_version_status", None)
            allowed = (
                {current} | (Version.TRANSITIONS[current] & set(Version.SET_ON_SCREEN))
                if current
                else set(Version.BY_HAND)
            )
            kwargs["choices"] = [c for c in Version.Status.choices if c[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        request._version_status = obj.status if obj else None
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("signed"))
    def signed_count(self, version):
        rows = version.signatures.all()
        if not rows:
            return "–"
        signed = sum(1 for r in rows if r.status == Signature.Status.SIGNED)
        return f"{signed} / {len(rows)}"

    @admin.display(description=_("signing overview"))
    def signing_link(self, version):
        if not version.pk:
            return ""
        url = reverse("avtaler:signing", kwargs={"slug": version.agreement.slug})
        return format_html('<a href="{}">{}</a>', url, _("Who has signed, who has not"))

    @admin.action(description=_("Send to the parties for handling and signing"))
    def send_to_parties(self, request, queryset):
        for version in queryset.select_related("agreement"):
            try:
                count = version.send_to_parties(by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{version}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(version)s was sent to %(count)d parties; each has a signing row.")
                    % {"version": version, "count": count},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Put in force from today (replaces the version in force)"))
    def put_in_force_today(self, request, queryset):
        today = timezone.localdate()
        for version in queryset.select_related("agreement"):
            try:
                previous = version.put_in_force(on=today, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{version}: {' '.join(error.messages)}", messages.ERROR
                )
                continue
            text = _("%(version)s is in force from today.") % {"version": version}
            if previous:
                text += " " + _("%(previous)s is now replaced.") % {"previous": previous.label}
            self.message_user(request, text, messages.SUCCESS)


@admin.register(Signature)
class SignatureAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["version", "party", "status", "signed_on", "note"]
    list_filter = ["status", "version__agreement__level", "party"]
    list_select_related = ["version__agreement", "party"]
    search_fields = ["party__short_name_nn", "version__agreement__label", "note"]
    autocomplete_fields = ["version", "party"]


class SeatCapInline(admin.TabularInline):
    model = SeatCap
    extra = 0
    fields = ["category", "max_seats"]


class RequiredSeatInline(admin.TabularInline):
    model = RequiredSeat
    extra = 0
    fields = ["description", "category", "filled_by"]
    raw_id_fields = ["filled_by"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["__str__", "status", "deadline", "reports_to", "set_up_in"]
    list_filter = ["status", "reports_to"]
    list_select_related = ["body", "reports_to", "set_up_in"]
    search_fields = ["body__name_nn", "body__short_name", "process"]
    autocomplete_fields = ["body", "reports_to", "set_up_in", "changed_in", "delivers_agreement",
                           "delivers_version", "delivers_measure"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["body", "status", "deadline", "reports_to", "set_up_in", "changed_in",
                           "process"]}),
        (_("Delivers"), {"fields": ["delivers_agreement", "delivers_version", "delivers_measure",
                                    "delivers_report"]}),
        (_("Composition now"), {"fields": ["composition_now"]}),
    ]  # fmt: skip
    readonly_fields = ["composition_now"]
    inlines = [SeatCapInline, RequiredSeatInline]

    @admin.display(description=_("seats taken"))
    def composition_now(self, group):
        if not group.pk:
            return ""
        caps, uncapped = group.composition()
        rows = [
            (cap.get_category_display(), f"{len(seats)} / {cap.max_seats}") for cap, seats in caps
        ]
        if uncapped:
            rows.append((_("Outside the caps"), str(len(uncapped))))
        url = reverse("avtaler:group", kwargs={"slug": group.body.slug})
        return format_html(
            '<ul>{}</ul><p>{}</p><p><a href="{}">{}</a></p>',
            format_html_join("", "<li>{}: {}</li>", rows),
            _("Add members under the body's memberships; the group page shows open seats."),
            url,
            _("The group's page"),
        )
