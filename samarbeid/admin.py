from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moter.decision_actions import FromDecisionMixin
from moter.models import StandingItem
from samarbeid.deletion import RefusesDeletion
from samarbeid.history import HistoryAdmin
from samarbeid.models import Body, Membership, Organisation, Person

admin.site.site_header = _("Samarbeid – the secretariat")
admin.site.site_title = _("Samarbeid")
admin.site.index_title = _("Edit")


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "body"
    extra = 1
    autocomplete_fields = ["person", "organisation", "area", "substitute_for"]
    fields = [
        "person",
        "role",
        "category",
        "organisation",
        "area",
        "substitute_for",
        "start",
        "end",
        "note",
    ]


class StandingItemInline(admin.TabularInline):
    """The body's agenda template: the cases every new meeting may start with."""

    model = StandingItem
    extra = 0
    fields = ["title_nn", "title_nb", "kind", "place", "order", "approves_previous_minutes"]
    verbose_name_plural = _("standing items (the agenda template of new meetings)")


class PersonMembershipInline(MembershipInline):
    fk_name = "person"
    autocomplete_fields = ["body", "organisation", "area", "substitute_for"]
    fields = [
        "body",
        "role",
        "category",
        "organisation",
        "area",
        "substitute_for",
        "start",
        "end",
        "note",
    ]


@admin.register(Body)
class BodyAdmin(RefusesDeletion, FromDecisionMixin, HistoryAdmin):
    list_display = ["__str__", "name_nn", "kind", "parent", "active_from", "active_to"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name_nn", "name_nb", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent", "established_in"]
    fieldsets = [
        (None, {"fields": ["short_name", "name_nn", "name_nb", "slug", "kind", "parent"]}),
        (_("Mandate and period"), {"fields": ["mandate", "active_from", "active_to", "order",
                                              "established_in"]}),
    ]  # fmt: skip
    inlines = [StandingItemInline, MembershipInline]

    def linked_to_case(self, body, item):  # after a decision step (moter.decision_actions)
        return body.established_in_id == item.pk


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["short_name_nn", "name_nn", "kind", "area_committee", "is_party", "valid_to"]
    list_filter = ["kind", "area_committee", "is_party"]
    list_select_related = ["area_committee"]
    search_fields = ["short_name_nn", "short_name_nb", "name_nn", "name_nb"]
    prepopulated_fields = {"slug": ["short_name_nn"]}
    autocomplete_fields = ["area_committee", "successor"]
    fieldsets = [
        (None, {"fields": ["short_name_nn", "short_name_nb", "name_nn", "name_nb", "slug"]}),
        (_("Kind and area"), {"fields": ["kind", "area_committee", "is_party"]}),
        (_("Validity (mergers)"), {"fields": ["valid_from", "valid_to", "successor"]}),
    ]


@admin.register(Person)
class PersonAdmin(RefusesDeletion, HistoryAdmin):
    list_display = ["name", "title", "organisation", "name_is_public"]
    list_filter = ["name_is_public", "organisation__kind", "memberships__body"]
    list_select_related = ["organisation"]
    search_fields = ["name", "title", "email"]
    autocomplete_fields = ["organisation", "user"]
    fieldsets = [
        (None, {"fields": ["name", "title", "organisation"]}),
        (_("Contact (never public)"), {"fields": ["email", "phone"]}),
        (_("Privacy and login"), {"fields": ["name_is_public", "user"]}),
    ]
    inlines = [PersonMembershipInline]
    actions = ["invite"]

    @admin.action(description=_("Send an invitation to log in"), permissions=["change"])
    def invite(self, request, queryset):
        """Mail each chosen person a one-time link to set a password (medlem.accounts)."""
        from medlem.accounts import InvitationError
        from medlem.accounts import invite as send_invitation

        sent = 0
        for person in queryset:
            try:
                send_invitation(person, by=request.user)
            except InvitationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", sent) % {"n": sent},
                messages.SUCCESS,
            )


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = [
        "person",
        "body",
        "role",
        "category",
        "organisation",
        "area",
        "substitute_for",
        "start",
        "end",
    ]
    list_filter = ["body", "role", "category"]
    list_select_related = [
        "person",
        "body",
        "organisation",
        "area",
        "substitute_for__person",
        "substitute_for__body",
    ]
    search_fields = ["person__name", "body__short_name", "body__name_nn"]
    autocomplete_fields = ["person", "body", "organisation", "area", "substitute_for"]


admin.site.unregister(User)


@admin.register(User)
class SafeUserAdmin(UserAdmin):
    """Editors manage logins, but only a superuser hands out staff or superuser rights."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields
