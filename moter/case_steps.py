"""Steps on a case and on the notice, for the secretariat in the admin (issue 13, items 5–7).

- *Approve the previous minutes in case 1* (`approve_minutes_view`): at a held meeting, case 1
  ("Godkjenning av referat") is decided and the previous meeting's minutes are approved in it,
  with the correction recorded then (AgendaItem.approve_previous_minutes). Saving a text in
  case 1 approves nothing.
- *Postpone a case* (`postpone_view`): to a later planned meeting of the same body, where the
  case continues with a new number (AgendaItem.postpone).
- *Preview the notice* (`notice_preview_context`, shown by the meeting's "Issue notice"
  step): the notice PDF, the notice with the case papers, and the e-mail as it will go out
  (subject, text, how many get it, who has no address), with the button that issues it.

The state changes are model methods that lock their rows and re-check; a second click is
told that nothing more was done. The views only ask, call and say what happened.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moter.documents import bundle_papers, notice_bundle, render_notice
from moter.mail import attachment_names, notice_recipients, notice_texts
from moter.models import AgendaItem, Meeting, MeetingStateError, StepAlreadyDone
from samarbeid.busy import BUSY_MESSAGE, is_locked
from samarbeid.pdf import pdf_response

# --- Links shown with a case ---------------------------------------------------------------


def case_step_links(item):
    """The steps a case offers on the screens that show it: approve the minutes (case 1),
    postpone; and what has been done (approved in, postponed to, continued from)."""
    if not item.pk:
        return ""
    lines = []
    previous = item.approves_minutes_of
    if previous is not None:
        if previous.approved_in_id == item.pk:
            lines.append(_("The minutes of meeting %(meeting)s are approved in this case.")
                         % {"meeting": previous.label})  # fmt: skip
        elif previous.approved_in_id or previous.status in _APPROVED:
            lines.append(_("The minutes of meeting %(meeting)s are approved elsewhere.")
                         % {"meeting": previous.label})  # fmt: skip
        else:
            url = reverse("admin:moter_agendaitem_approve_minutes", args=[item.pk])
            label = _("Approve the minutes of meeting %(meeting)s in this case") % {
                "meeting": previous.label
            }
            lines.append(format_html('<a href="{}">{}</a>', url, label))
    lines.extend(postponement_lines(item, admin=True))
    # Not offered once the minutes are published (the step itself refuses too). On the
    # meeting screen each row's meeting is the screen's own, read once.
    if not item.postponed_to_id and not item.meeting.is_frozen:
        url = reverse("admin:moter_agendaitem_postpone", args=[item.pk])
        lines.append(format_html('<a href="{}">{}</a>', url, _("Postpone the case")))
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


_APPROVED = (Meeting.Status.APPROVED, Meeting.Status.PUBLISHING, Meeting.Status.PUBLISHED)


def postponement_lines(item, *, admin):
    """ "Postponed to case 04/27 in FSU meeting 1/2027" / "Continuation of case 12/26",
    linking to the other case (its admin screen when `admin`)."""
    lines = []

    def link(case):
        if admin:
            return reverse("admin:moter_agendaitem_change", args=[case.pk])
        return case.get_absolute_url()

    if item.postponed_to_id:
        continued = item.continued_case()
        if continued is not None:
            lines.append(format_html(
                '{} <a href="{}">{}</a> {}', _("Postponed to"), link(continued),
                _("case %(case)s") % {"case": continued.number},
                _("in %(meeting)s (%(date)s).") % {
                    "meeting": item.postponed_to,
                    "date": date_format(timezone.localtime(item.postponed_to.starts_at)),
                },
            ))  # fmt: skip
    if item.postponed_from_id:
        earlier = item.postponed_from
        lines.append(format_html(
            '{} <a href="{}">{}</a> ({}).', _("Continuation of"), link(earlier),
            _("case %(case)s") % {"case": earlier.number}, earlier.meeting,
        ))  # fmt: skip
    return lines


# --- Approve the previous minutes in case 1 -----------------------------------------------


class ApprovalForm(forms.Form):
    decision = forms.CharField(
        label=gettext_lazy("The decision"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=gettext_lazy("Empty: “The minutes of meeting … are approved.”"),
    )  # fmt: skip
    correction = forms.CharField(
        label=gettext_lazy("Correction to the minutes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy(
            "What the meeting corrected in the minutes. It is printed on the approved minutes."
        ),
    )


def _case(pk):
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__body", "approves_minutes_of__body"), pk=pk
    )


def _may_change(model_admin, request, item):
    if not model_admin.has_change_permission(request, item):
        raise PermissionDenied


def _page(model_admin, request, template, **context):
    return TemplateResponse(
        request, template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **context},
    )  # fmt: skip


def _carry_out(request, action):
    """Run `action`; (done, error): a second click is told nothing more was done."""
    try:
        return action(), ""
    except StepAlreadyDone as e:
        messages.info(request, " ".join(e.messages))
        return StepAlreadyDone, ""
    except MeetingStateError as e:
        return None, " ".join(e.messages)
    except OperationalError as e:
        if not is_locked(e):
            raise
        return None, str(BUSY_MESSAGE)


def approve_minutes_view(model_admin, request, pk):
    item = _case(pk)
    _may_change(model_admin, request, item)
    previous = item.approves_minutes_of
    back = reverse("admin:moter_meeting_change", args=[item.meeting_id])
    if previous is None:
        messages.error(request, _("Case %(case)s approves no minutes.") % {"case": item.number})
        return redirect(back)
    initial = {"decision": item.decision, "correction": item.correction}
    form = ApprovalForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        done, error = _carry_out(
            request, lambda: item.approve_previous_minutes(**form.cleaned_data)
        )
        if done is StepAlreadyDone:
            return redirect(back)
        if done is not None:
            messages.success(request, item.approval_message(done))
            return redirect(back)
    return _page(
        model_admin, request, "admin/moter/agendaitem/approve_minutes.html",
        item=item, previous=previous, form=form, error=error, back=back,
        title=_("Approve the minutes of meeting %(meeting)s in case %(case)s")
        % {"meeting": previous.label, "case": item.number},
    )  # fmt: skip


# --- Postpone a case ----------------------------------------------------------------------


class PostponeForm(forms.Form):
    # Any meeting is accepted here; AgendaItem.postpone says why one will not do.
    to = forms.ModelChoiceField(
        queryset=Meeting.objects.select_related("body"), label=gettext_lazy("Postpone to")
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        later = (
            Meeting.objects.filter(
                body_id=item.body_id,
                starts_at__gt=item.meeting.starts_at,
                status=Meeting.Status.PLANNED,
            )
            .select_related("body")
            .order_by("starts_at")
        )
        self.fields["to"].widget.choices = [("", "---------")] + [
            (m.pk, f"{m} – {date_format(timezone.localtime(m.starts_at))}") for m in later
        ]
        self.has_choices = len(self.fields["to"].widget.choices) > 1


def postpone_view(model_admin, request, pk):
    item = _case(pk)
    _may_change(model_admin, request, item)
    back = reverse("admin:moter_agendaitem_change", args=[item.pk])
    form = PostponeForm(request.POST or None, item=item)
    error = ""
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        done, error = _carry_out(request, lambda: item.postpone(to))
        if done is StepAlreadyDone:
            return redirect(back)
        if done is not None:
            messages.success(
                request,
                _("Case %(case)s is postponed to %(meeting)s, where it continues as case "
                  "%(new)s.") % {"case": item.number, "meeting": to, "new": done.number},
            )  # fmt: skip
            return redirect(back)
    return _page(
        model_admin, request, "admin/moter/agendaitem/postpone.html",
        item=item, form=form, error=error, back=back,
        add_meeting=reverse("admin:moter_meeting_add") + f"?body={item.body_id}",
        title=_("Postpone case %(case)s") % {"case": item.number},
    )  # fmt: skip


# --- The notice: preview before it is issued ----------------------------------------------


def notice_preview_context(meeting):
    """What the preview page shows: the e-mail as it will go out and the case papers."""
    addresses, missing = notice_recipients(meeting)
    subject, body = notice_texts(meeting, has_pdf=True)
    args = [meeting.pk]
    return {
        "preview": True,
        "mail_subject": subject,
        "mail_body": body,
        "recipient_count": len(addresses),
        "without_address": missing,
        "mail_attachments": attachment_names(meeting),
        "papers": bundle_papers(meeting),
        "items": list(meeting.items.order_by("order", "sequence")),
        "notice_url": reverse("admin:moter_meeting_notice_preview", args=args),
        "bundle_url": reverse("admin:moter_meeting_notice_bundle_preview", args=args),
    }


def _meeting(model_admin, request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not model_admin.has_view_permission(request, meeting):
        raise PermissionDenied
    return meeting


def notice_pdf_preview(model_admin, request, pk):
    """The notice PDF as it would be issued now (not stored)."""
    meeting = _meeting(model_admin, request, pk)
    name = f"forhandsvising-innkalling-{meeting.body.slug}-{meeting.number}-{meeting.year}.pdf"
    return pdf_response(render_notice(meeting), name, public=False)


def notice_bundle_preview(model_admin, request, pk):
    """The notice with the case papers as it would be issued now (not stored)."""
    meeting = _meeting(model_admin, request, pk)
    pdf, _papers = notice_bundle(meeting, render_notice(meeting))
    name = f"forhandsvising-saksdokument-{meeting.body.slug}-{meeting.number}-{meeting.year}.pdf"
    return pdf_response(pdf, name, public=False)


def meeting_urls(model_admin):
    site = model_admin.admin_site
    return [
        path(
            "<int:pk>/innkalling/forhandsvising.pdf",
            site.admin_view(lambda request, pk: notice_pdf_preview(model_admin, request, pk)),
            name="moter_meeting_notice_preview",
        ),
        path(
            "<int:pk>/innkalling/forhandsvising-saksdokument.pdf",
            site.admin_view(lambda request, pk: notice_bundle_preview(model_admin, request, pk)),
            name="moter_meeting_notice_bundle_preview",
        ),
    ]


def case_urls(model_admin):
    site = model_admin.admin_site
    return [
        path(
            "<int:pk>/godkjenn-referat/",
            site.admin_view(lambda request, pk: approve_minutes_view(model_admin, request, pk)),
            name="moter_agendaitem_approve_minutes",
        ),
        path(
            "<int:pk>/utsett/",
            site.admin_view(lambda request, pk: postpone_view(model_admin, request, pk)),
            name="moter_agendaitem_postpone",
        ),
    ]
