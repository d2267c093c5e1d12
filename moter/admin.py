from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moter import case_steps, decision_actions
from moter.documents import GUESTS
from moter.meeting_steps import (
    AGENDA,
    ATTENDANCE,
    MINUTES,
    AttendanceRowForm,
    MeetingSteps,
    StatusRadios,
    seats_of_body,
)
from moter.models import (
    AgendaItem,
    Attachment,
    Attendance,
    FollowUp,
    Meeting,
    MeetingStateError,
    NoticeMailing,
    NumberStart,
    Presenter,
    ProtocolEntry,
    StepAlreadyDone,
    SubItem,
)
from samarbeid.busy import BUSY_MESSAGE, WaitsForTheDatabase, is_locked
from samarbeid.deletion import KeepsRows, RefusesDeletion
from samarbeid.forms import GuardedForm
from samarbeid.history import HistoryAdmin
from samarbeid.models import MemberGroup, member_group


class MeetingForm(forms.ModelForm):
    """Refuses to save over somebody else's newer save (optimistic locking)."""

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    add_standing_items = forms.BooleanField(
        label=gettext_lazy("Put the body's standing items on the agenda"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "The agenda template of the body (under Bodies: approval of the notice and the "
            "minutes, any other business …). Each takes a case number; untick to start with an "
            "empty agenda."
        ),
    )

    copy_agenda_from = forms.ModelChoiceField(
        queryset=Meeting.objects.all(), widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Meeting
        fields = ["body", "language", "starts_at", "ends_at", "place", "chair", "referent",
                  "referent_body", "notice_text"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_seen"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Inside the admin's transaction: the row stays locked until our save is done.
            current = Meeting.objects.select_for_update().get(pk=self.instance.pk).version
            if cleaned.get("version_seen") != current:
                raise ValidationError(
                    _(
                        "Someone else has saved this meeting since you opened it. Nothing of "
                        "yours was saved; your changes are still in the form. Open the meeting "
                        "in a new tab to see theirs, then bring yours over and save again."
                    ),
                    code="stale",
                )
        return cleaned


class KnownLabelsAutocomplete(AutocompleteSelect):
    """An autocomplete whose selected value's label comes from `labels` ({str(pk): label},
    shared by every row of a formset and filled once by `RowsShareQueries`) instead of a
    query per row; a value not in it (a changed row sent back with errors) is looked up."""

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not all(v in self.labels for v in selected):
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for v in selected:
            default[1].append(self.create_option(name, v, self.labels[v], True, len(default[1])))
        return [default]


class RowsShareQueries:
    """An inline whose rows cost the same queries however many there are.

    - `shared_choices`: select fields whose options are read once per page, not once per row
      (plain (pk, label) pairs; the field still validates against its queryset);
    - `autocomplete_fields`: the selected values' labels come from the rows' own objects
      (`get_queryset` must select_related what their __str__ needs).
    """

    shared_choices = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.shared_choices:
            field.choices = [("", field.empty_label or "")] + [
                (obj.pk, field.label_from_instance(obj)) for obj in field.queryset
            ]
        if db_field.name in self.autocomplete_fields:
            field.widget = KnownLabelsAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            field.widget.labels = {}  # shared by the copies each row's form makes
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = [n for n in self.autocomplete_fields if n in formset.form.base_fields]

        class Rows(formset):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name in names:
                    widget = self.form.base_fields[name].widget
                    widget = getattr(widget, "widget", widget)  # inside the admin's wrapper
                    field = self.form.base_fields[name]
                    for row in self.get_queryset():
                        related = getattr(row, name)
                        if related is not None:
                            widget.labels[str(related.pk)] = field.label_from_instance(related)

        Rows.__name__ = formset.__name__
        return Rows


class AttendanceInline(RowsShareQueries, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "seat", "substitute_for"]
    shared_choices = ["arrived_at", "left_after"]
    fields = [
        "person",
        "status",
        "substitute_for",
        "seat",
        "arrived_at",
        "left_after",
        "note",
        "pending",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "person", "seat__person", "seat__body", "seat__organisation", "substitute_for"
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"arrived_at", "left_after"}:
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=_object_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CaseForm(GuardedForm):
    """A case on its own screen or as a row of the meeting screen: a save over a newer save
    of the case, on either screen, is refused."""

    stale_message = gettext_lazy(
        "Case %(object)s was saved by someone else, on the case screen or the meeting screen, "
        "since you opened this screen. Nothing of yours was saved; your changes are still in "
        "the form. Open the case in a new tab to see theirs, then bring yours over and save "
        "again."
    )


class CaseRowForm(CaseForm):
    leaves_untouched_rows = True


class AgendaItemInline(KeepsRows, admin.StackedInline):
    model = AgendaItem
    form = CaseRowForm
    fk_name = "meeting"
    extra = 0
    show_change_link = True
    fields = [
        "version_seen",
        ("order", "title", "kind"),
        "brought_by",
        "narrative",
        "summary",
        ("decision_label", "decision"),
        "decision_actions",
        "correction",
        ("access", "legal_basis", "public_title"),
    ]
    readonly_fields = ["decision_actions"]

    @admin.display(description=gettext_lazy("the decision leads to"))
    def decision_actions(self, item):
        steps = case_steps.case_step_links(item)
        return (
            format_html("{}<br>{}", decision_link(item), steps) if steps else decision_link(item)
        )


def decision_link(item):
    """A link to the case's decision page, once the case has a decision."""
    if not item.pk or not item.decision.strip():
        return _("Write and save the decision first; then measures, agreements, groups, "
                 "bodies and follow-ups can be made from it.")  # fmt: skip
    url = reverse("admin:moter_agendaitem_decision", args=[item.pk])
    return format_html(
        '<a href="{}">{}</a>',
        url,
        _("Act on the decision in %(case)s: measure, agreement, working group, body, follow-up")
        % {"case": item.number},
    )


class FollowUpInline(RowsShareQueries, admin.TabularInline):
    """The follow-ups of all the meeting's decisions, on the meeting screen."""

    model = FollowUp
    fk_name = "meeting"
    extra = 0
    fields = [
        "item",
        "description",
        "owner_body",
        "owner_organisation",
        "due_date",
        "due_meeting",
        "case_body",
        "status",
        "closed_by",
    ]
    autocomplete_fields = [
        "owner_body", "owner_organisation", "due_meeting", "case_body", "closed_by",
    ]  # fmt: skip
    shared_choices = ["item"]
    verbose_name_plural = gettext_lazy("follow-ups of this meeting's decisions")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "item", "owner_body", "owner_organisation", "due_meeting__body", "case_body",
                "closed_by",
            )
        )  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "item":
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=_object_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _object_id(request):
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


TRANSITIONS = {
    # name: (method, needs a reason, button text, confirmation text)
    "issue_notice": ("issue_notice", False, gettext_lazy("Issue notice"),
                     gettext_lazy("The case numbers are fixed, the notice PDF is made and the members get an e-mail with a link to it.")),
    "mark_held": ("mark_held", False, gettext_lazy("Mark as held"),
                  gettext_lazy("The meeting has taken place; you can record attendance and decisions.")),
    "start_minutes": ("start_minutes", False, gettext_lazy("Start the minutes"),
                      gettext_lazy("The minutes become a draft, to be approved in the next meeting's case 1.")),
    "approve": ("approve_outside_meeting", False, gettext_lazy("Record the minutes as approved"),
                gettext_lazy("Use this when the minutes were approved outside a meeting, for example by circulation. Usually the next meeting's case 1 approves them.")),
    "publish": ("request_publication", False, gettext_lazy("Publish the minutes"),
                gettext_lazy("The approved minutes are made into a PDF/A file and frozen. The public can read them from then on.")),
    "new_version": ("open_new_version", True, gettext_lazy("Make a new version"),
                    gettext_lazy("The published minutes may be corrected and published again. Both versions stay available. Say why.")),
    "withdraw": ("withdraw_published", True, gettext_lazy("Withdraw the published version"),
                 gettext_lazy("For a privacy error in the published minutes, for example a private person's name. The newest published version is no longer given out to anybody; the file is kept for the archive with your reason. The minutes go back to approved, so that you can correct them and publish a corrected version.")),
    "cancel": ("cancel", False, gettext_lazy("Cancel the meeting"),
               gettext_lazy("The meeting is marked as cancelled.")),
    "resend_notice": ("send_notice_again", False, gettext_lazy("Send the notice again"),
                      gettext_lazy("The notice e-mail is sent once more to the members who have an e-mail address, with the notice as it was issued.")),
    "retry_publish": ("retry_publication", False, gettext_lazy("Try publishing again"),
                      gettext_lazy("Publishing has not finished in ten minutes; the background worker may have stopped. The minutes are rendered again; a render that finishes late is then thrown away.")),
}  # fmt: skip
# Steps that are told who asked for them.
WITH_USER = {"issue_notice", "request_publication", "open_new_version", "withdraw_published",
             "send_notice_again", "retry_publication"}  # fmt: skip


def done_message(step, meeting, label):
    if step == "issue_notice":
        return _("The notice is issued. The e-mail to the members is on its way; the meeting "
                 "screen shows when it has gone, and to whom.")  # fmt: skip
    if step == "resend_notice":
        return _("The notice e-mail is on its way again; the meeting screen shows when it has "
                 "gone.")  # fmt: skip
    if step in ("publish", "retry_publish"):
        return _("Publishing has started. The minutes are public when the PDF is ready; "
                 "reload this page to see.")  # fmt: skip
    if step == "withdraw":
        return _("The version is withdrawn and no longer given out. Correct the minutes, "
                 "then publish them again.")  # fmt: skip
    return _("Done: %(step)s.") % {"step": label}


@admin.register(Meeting)
class MeetingAdmin(MeetingSteps, RefusesDeletion, WaitsForTheDatabase, HistoryAdmin):
    form = MeetingForm
    change_form_template = "admin/moter/meeting/change_form.html"
    list_display = ["__str__", "starts_at", "place", "status"]
    list_filter = ["body", "status", "year"]
    list_select_related = ["body"]
    search_fields = ["body__short_name", "body__name_nn", "place", "items__title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["chair", "referent"]
    readonly_fields = ["number_display", "status_display", "notice_issued_at", "notice_mail",
                       "publish_error"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["body", "number_display", "status_display", "publish_error",
                           "language"]}),
        (gettext_lazy("Time and place"), {"fields": ["starts_at", "ends_at", "place"]}),
        (gettext_lazy("People"), {"fields": ["chair", "referent", "referent_body"]}),
        (gettext_lazy("Notice"), {"fields": ["notice_text", "notice_issued_at", "notice_mail",
                                             "version_seen"]}),
    ]  # fmt: skip
    inlines = [AgendaItemInline, AttendanceInline, FollowUpInline]
    # The three steps (moter/meeting_steps.py); the inline classes are defined below.
    step_fieldsets = {
        ATTENDANCE: [(None, {"fields": ["number_display", "status_display", "version_seen"]})],
        MINUTES: [
            (None, {"fields": ["number_display", "status_display", "version_seen"]}),
            (gettext_lazy("Minutes taken by"), {"fields": ["referent", "referent_body"]}),
        ],
    }

    @admin.display(description=gettext_lazy("meeting"))
    def number_display(self, obj):
        return obj.label if obj.pk else _("Given when saved")

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, obj):
        """The status; while publishing, when it was asked for (and whether it is late)."""
        text = obj.get_status_display()
        if obj.status == Meeting.Status.PUBLISHING and obj.publish_requested_at:
            when = localtime(obj.publish_requested_at)
            text = _("%(status)s – publishing asked for at %(time)s on %(date)s") % {
                "status": text, "time": time_format(when),
                "date": date_format(when, "MONTH_DAY_FORMAT"),
            }  # fmt: skip
            if obj.publishing_is_late:
                late = _("It has taken over ten minutes: use “Try publishing again”.")
                return format_html('{} <strong class="errornote">{}</strong>', text, late)
        return text

    @admin.display(description=gettext_lazy("notice e-mail"))
    def notice_mail(self, obj):
        """The newest sending of the notice: when, to how many, who has no address."""
        mailing = obj.mailings.order_by("-requested_at", "-pk").first() if obj.pk else None
        if mailing is None:
            return _("Not sent (it goes out when the notice is issued).")
        text = format_html("{}", mailing.summary())
        if mailing.without_address:
            text = format_html(
                "{}<br>{} {}", text, _("No e-mail address:"), ", ".join(mailing.without_address)
            )
        if mailing.status == NoticeMailing.Status.FAILED:
            return format_html('<strong class="errornote">{}</strong>', text)
        return text

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and obj.pk:
            fields.append("body")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_frozen:
            return False  # published minutes change only through "Make a new version"
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # the add form asks whether the standing items go on the agenda
            (name, options), *rest = fieldsets
            extra = ["add_standing_items", "copy_agenda_from"]
            fieldsets = [(name, {**options, "fields": [*options["fields"], *extra]}), *rest]
        return fieldsets

    def get_changeform_initial_data(self, request):
        """ "Copy the agenda of meeting N" (the dashboard): the new meeting starts from it."""
        initial = super().get_changeform_initial_data(request)
        source = self._copy_source(request)
        if source is not None:
            initial.update(
                body=source.body_id, language=source.language, place=source.place,
                chair=source.chair_id, referent=source.referent_id,
                referent_body=source.referent_body, copy_agenda_from=source.pk,
                add_standing_items=False,
            )  # fmt: skip
        return initial

    def _copy_source(self, request):
        pk = request.GET.get("kopi", "")
        return (
            Meeting.objects.select_related("body").filter(pk=pk).first() if pk.isdigit() else None
        )

    def add_view(self, request, form_url="", extra_context=None):
        source = self._copy_source(request)
        if request.method == "GET" and source is not None:
            self.message_user(
                request,
                _("The new meeting gets the agenda of %(meeting)s: the cases' titles and kinds, "
                  "not their texts or papers. Choose the date, and save.") % {"meeting": source},
            )  # fmt: skip
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        else:
            obj.add_standing_items = form.cleaned_data.get("add_standing_items", False)
            obj.copy_agenda_from = form.cleaned_data.get("copy_agenda_from")
        super().save_model(request, obj, form, change)
        if change:
            return
        titles = list(obj.items.order_by("order").values_list("title", flat=True))
        if obj.copy_agenda_from:
            self.message_user(
                request,
                ngettext(
                    "%(n)d case was copied from %(meeting)s.",
                    "%(n)d cases were copied from %(meeting)s.",
                    len(titles),
                ) % {"n": len(titles), "meeting": obj.copy_agenda_from},
            )  # fmt: skip
        elif obj.add_standing_items and titles:
            self.message_user(
                request,
                _("The standing items are on the agenda: %(titles)s.")
                % {"titles": "; ".join(titles)},
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        wanted = list(meeting.items.order_by("order", "sequence").values_list("pk", flat=True))
        meeting.reorder(wanted)

    def get_urls(self):
        return [
            path(
                "<int:pk>/steg/<str:step>/",
                self.admin_site.admin_view(self.transition_view),
                name="moter_meeting_transition",
            ),
            *case_steps.meeting_urls(self),
            *super().get_urls(),
        ]

    def transition_view(self, request, pk, step):
        """Confirm, then carry out one lifecycle step, with a clear message either way."""
        meeting = get_object_or_404(Meeting, pk=pk)
        if step not in TRANSITIONS or not super().has_change_permission(request, meeting):
            return redirect("admin:moter_meeting_change", pk)
        method, needs_reason, label, explanation = TRANSITIONS[step]
        error = ""
        if request.method == "POST":
            kwargs = {"reason": request.POST.get("reason", "")} if needs_reason else {}
            if method in WITH_USER:
                kwargs["by"] = request.user
            try:
                getattr(meeting, method)(**kwargs)
            except StepAlreadyDone as e:  # a second click: say so, do nothing more
                self.message_user(request, " ".join(e.messages), messages.INFO)
                return redirect("admin:moter_meeting_change", pk)
            except MeetingStateError as e:
                error = " ".join(e.messages)
            except OperationalError as e:
                if not is_locked(e):
                    raise
                error = str(BUSY_MESSAGE)
            else:
                self.message_user(request, done_message(step, meeting, label), messages.SUCCESS)
                return redirect("admin:moter_meeting_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "meeting": meeting,
            "title": f"{label}: {meeting}",
            "label": label,
            "explanation": explanation,
            "needs_reason": needs_reason,
            "reason_label": _("Why is it withdrawn?")
            if step == "withdraw"
            else _("Reason for the new version"),
            "error": error,
            "reason": request.POST.get("reason", ""),
        }
        if step == "issue_notice":  # a preview of the notice and its e-mail, with the button
            context.update(case_steps.notice_preview_context(meeting))
            return TemplateResponse(request, "admin/moter/meeting/notice_preview.html", context)
        return TemplateResponse(request, "admin/moter/meeting/transition.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = Meeting.objects.filter(pk=object_id).first()
        steps = []
        if meeting:
            allowed = {
                Meeting.Status.PLANNED: ["issue_notice", "cancel"],
                Meeting.Status.NOTICE_ISSUED: ["mark_held", "cancel"],
                Meeting.Status.HELD: ["start_minutes", "approve"],
                Meeting.Status.DRAFT_MINUTES: ["approve"],
                Meeting.Status.APPROVED: ["publish"],
                Meeting.Status.PUBLISHING: ["retry_publish"] if meeting.publishing_is_late else [],
                Meeting.Status.PUBLISHED: ["new_version", "withdraw"],
            }.get(meeting.status, [])
            if meeting.status == Meeting.Status.NOTICE_ISSUED:
                allowed = [*allowed, "resend_notice"]
            if meeting.status == Meeting.Status.APPROVED and meeting.published_minutes():
                allowed = [*allowed, "withdraw"]
            steps = [
                (
                    reverse("admin:moter_meeting_transition", args=[meeting.pk, s]),
                    TRANSITIONS[s][2],
                )
                for s in allowed
            ]
        waiting = 0
        if meeting and meeting.status == Meeting.Status.PLANNED:
            waiting = FollowUp.objects.aimed_at(meeting).count()
        extra_context = {
            **(extra_context or {}), "steps": steps, "meeting": meeting,
            "waiting_follow_ups": waiting,
        }  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        """A new meeting: offer the follow-ups that earlier decisions aimed at it."""
        response = super().response_add(request, obj, post_url_continue)
        if "_popup" not in request.POST and FollowUp.objects.aimed_at(obj).exists():
            return redirect("arbeid:offer", obj.pk)
        return response


@admin.register(AgendaItem)
class AgendaItemAdmin(RefusesDeletion, WaitsForTheDatabase, HistoryAdmin):
    form = CaseForm
    list_display = ["case_number", "title", "meeting", "kind", "decision_label", "access"]
    list_filter = ["body", "year", "kind", "access"]
    list_select_related = ["meeting__body", "body"]
    search_fields = ["title", "decision", "narrative"]
    autocomplete_fields = ["meeting", "approves_minutes_of"]
    # Postponing is a step (“Postpone the case”) that makes the continued case too.
    exclude = ["postponed_to", "postponed_from"]
    readonly_fields = ["case_number", "minutes_and_postponing"]

    @admin.display(description=gettext_lazy("minutes and postponing"))
    def minutes_and_postponing(self, obj):
        return case_steps.case_step_links(obj) or "–"

    @admin.display(description=gettext_lazy("case number"), ordering="sequence")
    def case_number(self, obj):
        return obj.number or _("Given when saved")

    class PresenterInline(RowsShareQueries, admin.TabularInline):
        model = Presenter
        extra = 0
        autocomplete_fields = ["person"]

        def get_queryset(self, request):
            return super().get_queryset(request).select_related("person")

    class SubItemInline(admin.StackedInline):
        model = SubItem
        extra = 0

    class AttachmentInline(admin.TabularInline):
        model = Attachment
        extra = 0
        fields = ["title", "file", "order"]

    class ProtocolEntryInline(RowsShareQueries, admin.StackedInline):
        model = ProtocolEntry
        extra = 0
        autocomplete_fields = ["person"]

        def get_queryset(self, request):
            return super().get_queryset(request).select_related("person")

    class FollowUpInline(RowsShareQueries, admin.TabularInline):
        model = FollowUp
        fk_name = "item"
        extra = 0
        autocomplete_fields = [
            "owner_body", "owner_organisation", "due_meeting", "case_body", "taken_up_in",
            "closed_by",
        ]  # fmt: skip

        def get_queryset(self, request):
            return (
                super()
                .get_queryset(request)
                .select_related(
                    "owner_body", "owner_organisation", "due_meeting__body", "case_body",
                    "taken_up_in__meeting__body", "closed_by__meeting__body",
                )
            )  # fmt: skip

    inlines = [
        PresenterInline,
        SubItemInline,
        AttachmentInline,
        ProtocolEntryInline,
        FollowUpInline,
    ]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.meeting.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def get_urls(self):
        return [*decision_actions.urls(self), *case_steps.case_urls(self), *super().get_urls()]


@admin.register(FollowUp)
class FollowUpAdmin(decision_actions.FromDecisionMixin, HistoryAdmin):
    list_display = [
        "description", "item", "owner", "due_date", "due_meeting", "case_body", "status",
    ]  # fmt: skip
    list_filter = ["status", "owner_body"]
    list_select_related = [
        "item__body", "owner_body", "owner_organisation", "due_meeting__body", "case_body",
    ]  # fmt: skip
    search_fields = ["description"]
    autocomplete_fields = [
        "item", "owner_body", "owner_organisation", "due_meeting", "case_body", "taken_up_in",
        "closed_by",
    ]  # fmt: skip

    def linked_to_case(self, obj, item):
        return obj.item_id == item.pk


@admin.register(NumberStart)
class NumberStartAdmin(HistoryAdmin):
    """Starting numbers for a body's year, for a secretariat that begins mid-year."""

    list_display = ["body", "year", "first_meeting", "first_case"]
    list_filter = ["body", "year"]
    fields = ["body", "year", "first_meeting", "first_case"]


# --- The meeting screen's steps (moter/meeting_steps.py) ---------------------------------


class AgendaRowForm(CaseRowForm):
    """A case on the agenda step, with a new case paper uploaded right there."""

    new_paper = forms.FileField(
        label=gettext_lazy("add a case paper"),
        required=False,
        help_text=gettext_lazy("PDF, DOCX, XLSX or ODT."),
    )
    new_paper_title = forms.CharField(
        label=gettext_lazy("title of the new case paper"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Empty: the file's name."),
    )

    def clean(self):
        cleaned = super().clean()
        self.new_paper_row = None
        upload = cleaned.get("new_paper")
        if upload:
            title = cleaned.get("new_paper_title", "").strip() or upload.name.rsplit(".", 1)[0]
            paper = Attachment(title=title[:200], file=upload)
            try:
                paper.clean()
            except ValidationError as error:
                self.add_error("new_paper", error.messages)
            else:
                self.new_paper_row = paper
        return cleaned

    def _as_shown(self, seen, names):
        if any(name in ("new_paper", "new_paper_title") for name in names):
            return False  # an upload is a change of the case
        return super()._as_shown(seen, names)

    def save(self, commit=True):
        item = super().save(commit)
        paper = getattr(self, "new_paper_row", None)
        if paper is not None:

            def add_paper():
                paper.item = item
                paper.order = item.attachments.count() + 1
                paper.save()

            if commit:
                add_paper()
            else:
                save_m2m = self.save_m2m

                def save_both():
                    save_m2m()
                    add_paper()

                self.save_m2m = save_both
        return item


class AgendaStepInline(AgendaItemInline):
    """The agenda step: what the notice prints of each case, and its papers."""

    form = AgendaRowForm
    fields = [
        "version_seen",
        ("order", "title", "kind"),
        "brought_by",
        ("access", "legal_basis", "public_title"),
        "narrative",
        "proposed_decision",
        "case_papers",
        ("new_paper", "new_paper_title"),
    ]
    readonly_fields = ["case_papers"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__body")
            .prefetch_related("attachments")
        )

    @admin.display(description=gettext_lazy("case papers"))
    def case_papers(self, item):
        papers = list(item.attachments.all()) if item.pk else []
        if not papers:
            return _("None yet.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            ((p.get_download_url(), p.title, (p.file_type or "").upper()) for p in papers),
        )


class MinutesRowForm(CaseRowForm):
    """A case on the minutes step: its decision starts from the proposed decision; a dissent
    or protocol entry and a presenter can be added right there."""

    new_entry_kind = forms.ChoiceField(
        label=gettext_lazy("add a dissent or protocol entry"),
        required=False,
        choices=[("", "---------")]
        + [c for c in ProtocolEntry.Kind.choices if c[0] != ProtocolEntry.Kind.CONFLICT],
    )
    new_entry_person = forms.ChoiceField(label=gettext_lazy("by"), required=False, choices=[])
    new_entry_text = forms.CharField(
        label=gettext_lazy("text of the entry"), required=False, widget=forms.Textarea(
            attrs={"rows": 2})
    )  # fmt: skip
    new_presenter_name = forms.CharField(
        label=gettext_lazy("add a presenter: name"), required=False, max_length=200
    )
    new_presenter_title = forms.CharField(
        label=gettext_lazy("presenter's title"), required=False, max_length=200
    )
    new_presenter_organisation = forms.CharField(
        label=gettext_lazy("presenter's organisation"), required=False, max_length=200
    )
    EXTRA = ("new_entry_kind", "new_entry_person", "new_entry_text", "new_presenter_name",
             "new_presenter_title", "new_presenter_organisation")  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        # The decision starts from the proposal once the meeting is held (not for case 1,
        # whose decision approves the previous minutes).
        if (
            not self.is_bound
            and item.pk
            and not item.decision.strip()
            and item.proposed_decision.strip()
            and item.kind != AgendaItem.Kind.APPROVAL
            and item.meeting.status in (Meeting.Status.HELD, Meeting.Status.DRAFT_MINUTES)
        ):
            self.initial["decision"] = item.proposed_decision

    def clean(self):
        cleaned = super().clean()
        kind, person = cleaned.get("new_entry_kind"), cleaned.get("new_entry_person")
        text = (cleaned.get("new_entry_text") or "").strip()
        if any([kind, person, text]) and not all([kind, person, text]):
            self.add_error(
                "new_entry_text",
                _("A dissent or protocol entry needs its kind, the member and the text."),
            )
        if any(cleaned.get(n) for n in ("new_presenter_title", "new_presenter_organisation")) \
                and not cleaned.get("new_presenter_name", "").strip():  # fmt: skip
            self.add_error("new_presenter_name", _("Give the presenter's name."))
        return cleaned

    def _as_shown(self, seen, names):
        if any(name in self.EXTRA for name in names):
            return False
        return super()._as_shown(seen, names)

    def save(self, commit=True):
        item = super().save(commit)
        cleaned = self.cleaned_data

        def add_rows():
            if cleaned.get("new_entry_kind"):
                ProtocolEntry.objects.create(
                    item=item, kind=cleaned["new_entry_kind"],
                    person_id=int(cleaned["new_entry_person"]),
                    text=cleaned["new_entry_text"].strip(),
                )  # fmt: skip
            if name := cleaned.get("new_presenter_name", "").strip():
                Presenter.objects.create(
                    item=item, name=name, title=cleaned.get("new_presenter_title", ""),
                    organisation=cleaned.get("new_presenter_organisation", ""),
                )  # fmt: skip

        if commit:
            add_rows()
        else:
            save_m2m = self.save_m2m

            def save_both():
                save_m2m()
                add_rows()

            self.save_m2m = save_both
        return item


class MinutesStepInline(AgendaItemInline):
    """The minutes step: per case what was said and decided, and by whom."""

    form = MinutesRowForm
    fields = [
        "version_seen",
        "presenters_list",
        ("new_presenter_name", "new_presenter_title", "new_presenter_organisation"),
        "summary",
        "proposal",
        ("decision_label", "decision"),
        "decision_actions",
        "correction",
        "entries_list",
        ("new_entry_kind", "new_entry_person"),
        "new_entry_text",
    ]
    readonly_fields = ["decision_actions", "presenters_list", "entries_list", "proposal"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__body")
            .prefetch_related("presenters__person", "protocol_entries__person")
        )

    def has_add_permission(self, request, obj=None):
        return False  # cases are added on the agenda step

    def get_fields(self, request, obj=None):
        """The fields that add a presenter or an entry are for adding: a meeting that cannot
        be changed (published minutes) shows what there is, not empty fields named in code."""
        fields = super().get_fields(request, obj)
        meeting_admin = self.admin_site.get_model_admin(Meeting)
        if obj is not None and not meeting_admin.has_change_permission(request, obj):
            extra = set(MinutesRowForm.EXTRA)
            fields = [f for f in fields if not extra & set(f if isinstance(f, tuple) else [f])]
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        people = (
            [("", "---------")]
            + [
                (str(pk), name)
                for pk, name in Attendance.objects.filter(meeting=obj)
                .order_by("person__name")
                .values_list("person_id", "person__name")
            ]
            if obj is not None
            else [("", "---------")]
        )

        class Rows(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                form.fields["new_entry_person"].choices = people
                return form

            @property
            def empty_form(self):
                form = super().empty_form
                form.fields["new_entry_person"].choices = people
                return form

        Rows.__name__ = formset.__name__
        return Rows

    @admin.display(description=gettext_lazy("proposed decision"))
    def proposal(self, item):
        return item.proposed_decision or _("No proposed decision.")

    @admin.display(description=gettext_lazy("presented by"))
    def presenters_list(self, item):
        names = [p.display_name for p in item.presenters.all()] if item.pk else []
        return "; ".join(names) or _("Nobody yet.")

    @admin.display(description=gettext_lazy("dissents and protocol entries"))
    def entries_list(self, item):
        entries = list(item.protocol_entries.all()) if item.pk else []
        if not entries:
            return _("None.")
        return format_html_join(
            "", "<p>{} ({}): {}</p>",
            ((e.get_kind_display(), e.person.name, e.text) for e in entries),
        )  # fmt: skip


class AttendanceGridInline(AttendanceInline):
    """The attendance step: a grid grouped by what each seat represents, a radio group per
    person, the seat limited to the person's own seats."""

    form = AttendanceRowForm
    autocomplete_fields = ["person"]
    shared_choices = ["arrived_at", "left_after"]
    radio_fields = {"status": admin.HORIZONTAL}
    fields = [
        "person",
        "status",
        "substitute_for",
        "seat",
        "arrived_at",
        "left_after",
        "note",
        "pending",
        "call_in",
    ]
    readonly_fields = ["call_in"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("seat__substitutes__person")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status":
            field.widget = StatusRadios(choices=field.choices)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("seat", "substitute_for"):
            return db_field.formfield(required=False)  # choices set per page below
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        seats = seats_of_body(obj)
        members = [
            ("", "---------"),
            *sorted({(pk, rows[0].person.name) for pk, rows in seats.items()}, key=lambda c: c[1]),
        ]
        on_list = set()
        form = type(formset.form.__name__, (formset.form,), {"seats": seats})

        class Grid(formset):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                on_list.update(row.person_id for row in self.get_queryset())

            def get_queryset(self):
                if not hasattr(self, "_grid"):
                    rows = list(super().get_queryset())
                    for row in rows:
                        row.group = attendance_group(row)
                        row.group_label = group_label(row.group)
                    order = {g: i for i, g in enumerate([*MemberGroup, GUESTS])}
                    rows.sort(key=lambda r: (order.get(r.group, 99), principal_key(r)))
                    self._grid = rows
                return self._grid

            def _construct_form(self, i, **kwargs):
                built = super()._construct_form(i, **kwargs)
                built.fields["substitute_for"].choices = members
                return built

            @property
            def empty_form(self):
                built = super().empty_form
                built.fields["substitute_for"].choices = members
                return built

        Grid.form = form
        Grid.__name__ = formset.__name__
        self._on_list = on_list
        return Grid

    @admin.display(description=gettext_lazy("call in"))
    def call_in(self, row):
        """For a member with apologies: a button per personal substitute not on the list."""
        if not row.pk or row.status != Attendance.Status.APOLOGIES or not row.seat_id:
            return ""
        on_list = getattr(self, "_on_list", set())
        buttons = [
            (f"{row.pk}:{sub.pk}", _("Call in %(name)s") % {"name": sub.person.name})
            for sub in row.seat.substitutes.all()
            if sub.person_id not in on_list
        ]
        return format_html_join(
            " ", '<button type="submit" class="button" name="_call_substitute" value="{}">{}'
            "</button>", buttons,
        )  # fmt: skip


def attendance_group(row):
    """The group the minutes list `row` under (moter.documents.attendance_groups)."""
    if row.status == Attendance.Status.GUEST:
        return GUESTS
    if row.seat is not None:
        return member_group(row.seat)
    return MemberGroup.OBSERVERS if row.status == Attendance.Status.OBSERVER else GUESTS


def principal_key(row):
    principal = row.substitute_for.name if row.substitute_for_id else row.person.name
    return (principal, bool(row.substitute_for_id), row.person.name)


def group_label(group):
    return _("Guests and others without a seat") if group == GUESTS else MemberGroup(group).label


MeetingAdmin.step_inlines = {
    AGENDA: [AgendaStepInline],
    ATTENDANCE: [AttendanceGridInline],
    MINUTES: [MinutesStepInline, FollowUpInline],
}
