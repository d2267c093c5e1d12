"""One-step actions from a case's decision, for the secretariat in the admin (DOMAIN.md §3).

From the decision page of a case (admin: case → “Act on the decision”) the secretariat can

- put a new measure on a plan (the measure's add form, pre-filled and linked to the case),
  or link the case to a measure that exists;
- approve an agreement version, or send one to the parties for signing (which makes the
  signing rows);
- set up a working group (the body and its group row, made together) or record that the
  decision changed one;
- establish a body (the body's add form, pre-filled with the case);
- ask for a follow-up case at a later meeting of the same or another body (the follow-up's
  add form, pre-filled).

The add forms take their initial values from the query string, as Django's admin does;
`vedtak=<case id>` tells them to come back here after saving (`FromDecisionMixin`). Writes
that make or change several rows are one transaction in a method of the owning model
(`Version.send_for_signing`, `WorkingGroup.set_up`, …), so a refusal leaves nothing behind.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moter.links import case_label, caused_by
from moter.models import AgendaItem, Meeting
from samarbeid.access import is_editor
from samarbeid.lib import render_markdown
from samarbeid.models import Body

CASE_PARAM = "vedtak"  # in the query string of the pre-filled add forms


# --- Forms ------------------------------------------------------------------------------


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        return f"{measure.area.plan} – {measure.number} {measure.title}"


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return f"{version} – {version.get_status_display()}"


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return group.body.name_nn


class LinkMeasureForm(forms.Form):
    measure = MeasureChoiceField(queryset=None, label=gettext_lazy("Measure"))

    def __init__(self, *args, item, **kwargs):
        from handlingsplan.models import Measure, Plan

        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = (
            Measure.objects.exclude(area__plan__status=Plan.Status.ARCHIVED)
            .exclude(cases=item)
            .select_related("area__plan")
            .order_by("-area__plan__period_from", "area__number", "seq")
        )


class VersionForm(forms.Form):
    version = VersionChoiceField(queryset=None, label=gettext_lazy("Agreement version"))

    def __init__(self, *args, **kwargs):
        from avtaler.models import Version

        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = (
            Version.objects.filter(status__in=Version.BY_HAND)
            .select_related("agreement")
            .order_by("agreement__order", "agreement__label", "-pk")
        )


class ChangeGroupForm(forms.Form):
    group = GroupChoiceField(queryset=None, label=gettext_lazy("Working group"))

    def __init__(self, *args, item, **kwargs):
        from avtaler.models import WorkingGroup

        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = (
            WorkingGroup.objects.exclude(set_up_in=item)
            .exclude(changed_in=item)
            .select_related("body")
        )


class SetUpGroupForm(forms.Form):
    name_nn = forms.CharField(label=gettext_lazy("name (nynorsk)"), max_length=200)
    name_nb = forms.CharField(
        label=gettext_lazy("name (bokmål)"), max_length=200, required=False,
        help_text=gettext_lazy("Empty = same as nynorsk."),
    )  # fmt: skip
    short_name = forms.CharField(label=gettext_lazy("short name"), max_length=40, required=False)
    slug = forms.SlugField(
        label=gettext_lazy("web address"), max_length=60, required=False,
        help_text=gettext_lazy("Empty: made from the name."),
    )  # fmt: skip
    reports_to = forms.ModelChoiceField(
        queryset=Body.objects.current().exclude(kind=Body.Kind.WORKING_GROUP),
        label=gettext_lazy("reports to"),
    )
    mandate = forms.CharField(
        label=gettext_lazy("mandate"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
        help_text=gettext_lazy("May be written in Markdown. Starts as the decision's text."),
    )  # fmt: skip
    deadline = forms.DateField(
        label=gettext_lazy("deadline"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and Body.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another body has this web address."))
        return slug


# --- Helpers ----------------------------------------------------------------------------


def _case(pk):
    return get_object_or_404(AgendaItem.objects.select_related("meeting__body", "body"), pk=pk)


def _require(request, *perms):
    """Only the secretariat's editors with the permissions the step needs."""
    if not (is_editor(request.user) and request.user.has_perms(perms)):
        raise PermissionDenied


def _back(item):
    return redirect("admin:moter_agendaitem_decision", item.pk)


def _add_url(viewname, case, /, **initial):
    """The admin add form `viewname`, pre-filled with `initial` and coming back to `case`."""
    query = {CASE_PARAM: case.pk, **{k: v for k, v in initial.items() if v not in (None, "")}}
    return f"{reverse(viewname)}?{urlencode(query)}"


def decision_lines(item):
    """The decision's points as plain lines (Markdown list marks taken off)."""
    lines = (line.strip().lstrip("-*• ").strip() for line in item.decision.splitlines())
    return [line for line in lines if line]


def next_meeting(item):
    """The body's first meeting after the case's, for a follow-up case (or None)."""
    return (
        Meeting.objects.filter(body_id=item.body_id, starts_at__gt=item.meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def case_from_request(request):
    """The case named by ?vedtak= on a pre-filled add form, or None."""
    pk = request.GET.get(CASE_PARAM, "")
    if not pk.isdigit():
        return None
    return AgendaItem.objects.select_related("meeting__body").filter(pk=pk).first()


# --- Views ------------------------------------------------------------------------------


def decision_page(model_admin, request, pk):
    """The case's decision, what it has led to so far, and the steps that can follow."""
    item = _case(pk)
    _require(request, "moter.view_agendaitem")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "item": item,
        "case": case_label(item),
        "title": _("Act on the decision in %(case)s") % {"case": case_label(item)},
        "has_decision": bool(item.decision.strip()),
    }
    if context["has_decision"]:
        context.update(
            decision=render_markdown(item.decision),
            caused=caused_by(item, request.user, withheld=False),
            measure_form=LinkMeasureForm(item=item),
            version_form=VersionForm(),
            group_form=ChangeGroupForm(item=item),
        )  # fmt: skip
    return TemplateResponse(request, "admin/moter/agendaitem/decision.html", context)


def new_measure(request, item):
    """The measure's add form, pre-filled from the decision and linked to the case."""
    _require(request, "handlingsplan.add_measure")
    return redirect(
        _add_url(
            "admin:handlingsplan_measure_add", item,
            cases=item.pk, title=item.title[:300], sub_actions="\n".join(decision_lines(item)),
        )
    )  # fmt: skip


def link_measure(request, item):
    """Link the case to a measure that exists, and open the measure."""
    _require(request, "handlingsplan.change_measure")
    form = LinkMeasureForm(request.POST, item=item)
    if not form.is_valid():
        return _refuse(request, item, form)
    measure = form.cleaned_data["measure"]
    measure.cases.add(item)
    messages.success(
        request,
        _("Measure %(measure)s in %(plan)s is now linked to case %(case)s.")
        % {"measure": measure.number, "plan": measure.area.plan, "case": case_label(item)},
    )
    return redirect("admin:handlingsplan_measure_change", measure.pk)


def version_step(request, item):
    """Approve a version, or send it to the parties for signing, as the decision says."""
    _require(request, "avtaler.change_version")
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refuse(request, item, form)
    version = form.cleaned_data["version"]
    sending = request.POST.get("step") == "send"
    try:
        if sending:
            count = version.send_for_signing(in_case=item, by=request.user)
        else:
            version.approve(in_case=item, by=request.user)
    except ValidationError as error:
        messages.error(request, f"{version}: {' '.join(error.messages)}")
        return _back(item)
    if sending:
        text = _(
            "%(version)s is approved in case %(case)s and sent to %(count)d parties for "
            "handling and signing; each has a signing row."
        ) % {"version": version, "case": case_label(item), "count": count}
    else:
        text = _("%(version)s is approved in case %(case)s.") % {
            "version": version, "case": case_label(item)
        }  # fmt: skip
    messages.success(request, text)
    return redirect("admin:avtaler_version_change", version.pk)


def set_up_group(model_admin, request, item):
    """A form for the new group's name and mandate; saving makes the body and the group."""
    from avtaler.models import WorkingGroup

    _require(request, "avtaler.add_workinggroup", "samarbeid.add_body")
    initial = {"reports_to": item.body_id, "mandate": item.decision.strip()}
    form = SetUpGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group = WorkingGroup.set_up(in_case=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The working group “%(group)s” is set up in case %(case)s and reports to "
                  "%(body)s. Add its composition and members here.")
                % {"group": group.body.name_nn, "case": case_label(item),
                   "body": group.reports_to},
            )  # fmt: skip
            return redirect("admin:avtaler_workinggroup_change", group.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "item": item,
        "case": case_label(item),
        "form": form,
        "title": _("Set up a working group (%(case)s)") % {"case": case_label(item)},
    }
    return TemplateResponse(request, "admin/moter/agendaitem/set_up_group.html", context)


def change_group(request, item):
    """Record that the decision changed a working group, and open the group."""
    _require(request, "avtaler.change_workinggroup")
    form = ChangeGroupForm(request.POST, item=item)
    if not form.is_valid():
        return _refuse(request, item, form)
    group = form.cleaned_data["group"]
    try:
        group.record_change(in_case=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(item)
    messages.success(
        request,
        _("Case %(case)s is recorded as a change of “%(group)s”. Make the change here.")
        % {"case": case_label(item), "group": group.body.name_nn},
    )
    return redirect("admin:avtaler_workinggroup_change", group.pk)


def new_body(request, item):
    """The body's add form, pre-filled with the case, the deciding body and the decision."""
    _require(request, "samarbeid.add_body")
    return redirect(
        _add_url(
            "admin:samarbeid_body_add", item,
            established_in=item.pk, parent=item.body_id, mandate=item.decision.strip(),
            active_from=timezone.localtime(item.meeting.starts_at).date().isoformat(),
        )
    )  # fmt: skip


def follow_up(request, item):
    """The follow-up's add form: a new case at the body's next meeting, owned by the
    secretariat; both can be changed there (another body's meeting too)."""
    _require(request, "moter.add_followup")
    meeting = next_meeting(item)
    secretariat = Body.objects.filter(kind=Body.Kind.SECRETARIAT).values_list("pk", flat=True)
    return redirect(
        _add_url(
            "admin:moter_followup_add", item,
            item=item.pk, due_meeting=meeting.pk if meeting else None,
            # Without a planned meeting yet: offered when the body's next meeting is made.
            case_body=None if meeting else item.body_id,
            owner_body=secretariat[0] if len(secretariat) == 1 else None,
            description=_("New case on: %(title)s") % {"title": item.title},
        )
    )  # fmt: skip


def _refuse(request, item, form):
    """A form that did not validate: say why on the decision page; nothing was saved."""
    errors = [e for errs in form.errors.values() for e in errs]
    messages.error(request, " ".join(errors) or _("Choose something first."))
    return _back(item)


POST_STEPS = {
    "tiltak": link_measure,
    "avtaleversjon": version_step,
    "endre-arbeidsgruppe": change_group,
}
GET_STEPS = {
    "nytt-tiltak": new_measure,
    "utval": new_body,
    "oppfolging": follow_up,
}


def step_view(model_admin, request, pk, step):
    item = _case(pk)
    if not is_editor(request.user):
        raise PermissionDenied
    if not item.decision.strip():
        messages.error(request, _("The case has no decision yet. Write the decision first."))
        return _back(item)
    if step == "arbeidsgruppe":
        return set_up_group(model_admin, request, item)
    if step in POST_STEPS:
        if request.method != "POST":
            return _back(item)
        with transaction.atomic():
            return POST_STEPS[step](request, item)
    if step in GET_STEPS:
        return GET_STEPS[step](request, item)
    return _back(item)


def urls(model_admin):
    """The decision page and its steps, for AgendaItemAdmin.get_urls."""
    site = model_admin.admin_site
    return [
        path(
            "<int:pk>/vedtak/",
            site.admin_view(lambda request, pk: decision_page(model_admin, request, pk)),
            name="moter_agendaitem_decision",
        ),
        path(
            "<int:pk>/vedtak/<slug:step>/",
            site.admin_view(lambda request, pk, step: step_view(model_admin, request, pk, step)),
            name="moter_agendaitem_decision_step",
        ),
    ]


# --- Coming back from a pre-filled add form ---------------------------------------------


class FromDecisionMixin:
    """For a ModelAdmin whose add form a decision step opens (?vedtak=<case>&…): after
    “Save” it says what was made and goes back to the case's decision page.

    The subclass says whether the saved object is linked to the case
    (`linked_to_case(obj, item)`), so the message never claims a link the editor removed.
    """

    def linked_to_case(self, obj, item):
        raise NotImplementedError

    def response_add(self, request, obj, post_url_continue=None):
        item = case_from_request(request)
        stays = {"_continue", "_addanother", "_saveasnew", IS_POPUP_VAR} & set(request.POST)
        if item is None or stays:
            return super().response_add(request, obj, post_url_continue)
        if self.linked_to_case(obj, item):
            text = _("“%(object)s” was saved and is linked to case %(case)s.")
            level = messages.SUCCESS
        else:
            text = _("“%(object)s” was saved, but it is not linked to case %(case)s.")
            level = messages.WARNING
        self.message_user(request, text % {"object": obj, "case": case_label(item)}, level)
        return _back(item)
