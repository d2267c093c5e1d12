from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from medlem.models import AbsenceError, AbsenceReport, Invitation, Subscription
from samarbeid.history import HistoryAdmin
from samarbeid.models import Person


class AbsenceReportForm(forms.ModelForm):
    """The secretariat changes the substitute called in: choosing another person calls them
    in (and mails them) instead; the rest of the report is the member's."""

    call_instead = forms.ModelChoiceField(
        Person.objects.all(),
        label=_("Call in another substitute"),
        required=False,
        help_text=_("The person now called in is taken off the attendance list."),
    )

    class Meta:
        model = AbsenceReport
        fields = ["reason"]


@admin.register(AbsenceReport)
class AbsenceReportAdmin(HistoryAdmin):
    form = AbsenceReportForm
    list_display = ["person", "meeting", "reported_at", "substitute", "substitute_status"]
    list_filter = ["substitute_status", "meeting__body"]
    list_select_related = ["person", "meeting__body", "substitute"]
    search_fields = ["person__name", "substitute__name"]
    readonly_fields = [
        "meeting", "person", "reported_at", "reported_by", "substitute", "substitute_status",
        "substitute_called_at", "substitute_called_by", "substitute_mailed_at",
        "substitute_confirmed_at", "stopped_at", "stopped_by",
    ]  # fmt: skip
    actions = ["stop_substitute"]

    def has_add_permission(self, request):
        return False  # members report their own apologies; the secretariat edits attendance

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        person = form.cleaned_data.get("call_instead")
        if person is not None:
            try:
                obj.call_substitute(person, by=request.user)
            except AbsenceError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("%(name)s is called in.") % {"name": person}, messages.SUCCESS
                )

    @admin.action(description=_("Stop the call to the substitute"), permissions=["change"])
    def stop_substitute(self, request, queryset):
        stopped = sum(report.stop(by=request.user) for report in queryset)
        self.message_user(request, _("Stopped: %(n)d.") % {"n": stopped}, messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "email", "sent_at", "sent_by"]
    list_select_related = ["person", "sent_by"]
    search_fields = ["person__name", "email"]
    readonly_fields = ["person", "email", "sent_at", "sent_by"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the people list (an action)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "body", "confirmed_at", "created_at"]
    list_filter = ["body", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["body"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "user"]
    fields = ["body", "email", "user", "created_at", "confirmation_sent_at", "confirmed_at"]
