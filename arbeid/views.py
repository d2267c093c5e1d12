"""The secretariat's workspace: the dashboard and the follow-ups register (editors only)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arbeid import dashboard as board
from arbeid.filters import FollowUpFilter
from arbeid.forms import CloseForm, OfferForm
from moter.models import FollowUp, Meeting, MeetingStateError
from samarbeid.access import is_editor, member_body_ids
from samarbeid.paging import page_by_ids


def editor_required(*perms):
    """Log in first; then 403 for everyone but the secretariat's editors holding `perms`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # has_perms first: it loads the permissions that is_editor then reads.
            if not (request.user.has_perms(perms) and is_editor(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@require_safe
def start(request):
    """Where log-in leads: the dashboard for editors, "Mine møte" for committee members, the
    front page for everyone else."""
    if is_editor(request.user):
        return redirect("arbeid:dashboard")
    if member_body_ids(request.user):
        return redirect("medlem:mine")
    return redirect("front")


@require_safe
@editor_required()
def dashboard(request):
    return render(request, "arbeid/dashboard.html", board.sections())


@require_safe
@editor_required("moter.view_followup")
def follow_ups(request):
    """Every follow-up across the bodies: overdue first, then by due date."""
    data = request.GET.copy()
    data.setdefault("status", FollowUp.Status.OPEN)
    rows = FollowUp.objects.for_register().order_by(
        F("overdue").desc(), F("due").asc(nulls_last=True), "pk"
    )
    filterset = FollowUpFilter(data, queryset=rows)
    # A choice that cannot be used is reported above the list, which then shows the open ones.
    rows = filterset.qs if filterset.is_valid() else rows.filter(status=FollowUp.Status.OPEN)
    # Sorted and counted on ids first; then the page's 50 with everything they show.
    page = page_by_ids(rows, 50, request.GET.get("side"), load=FollowUp.objects.for_register())
    return render(request, "arbeid/follow_ups.html", {"filter": filterset, "page": page})


def get_follow_up(pk):
    return get_object_or_404(FollowUp.objects.for_register(), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required("moter.change_followup")
def close_follow_up(request, pk):
    follow_up = get_follow_up(pk)
    if not follow_up.is_open:
        messages.info(request, _("This follow-up is already done."))
        return redirect("arbeid:follow_ups")
    form = CloseForm(request.POST or None, follow_up=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up.close(form.cleaned_data["case"], by=request.user)
        except ValidationError as error:
            form.add_error("case", error)
        else:
            messages.success(
                request,
                _("The follow-up is marked done, closed by case %(case)s.")
                % {"case": form.cleaned_data["case"].number},
            )
            return redirect("arbeid:follow_ups")
    return render(request, "arbeid/close.html", {"follow_up": follow_up, "form": form})


@require_POST
@editor_required("moter.change_followup")
def reopen_follow_up(request, pk):
    follow_up = get_follow_up(pk)
    if not follow_up.is_open:
        follow_up.reopen(by=request.user)
        messages.success(request, _("The follow-up is open again."))
    return redirect(f"{reverse('arbeid:follow_ups')}?status=alle")


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required("moter.add_agendaitem", "moter.change_followup")
def offer_follow_ups(request, pk):
    """The follow-ups aimed at a new meeting, offered as cases for its agenda."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    change_url = reverse("admin:moter_meeting_change", args=[meeting.pk])
    form = OfferForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["follow_ups"]
        try:
            with transaction.atomic():
                cases = [f.put_on_agenda(meeting, by=request.user) for f in chosen]
        except MeetingStateError as error:
            messages.error(request, error.messages[0])
            return redirect(change_url)
        if cases:
            messages.success(
                request,
                ngettext(
                    "%(count)d follow-up was put on the agenda as case %(cases)s.",
                    "%(count)d follow-ups were put on the agenda as cases %(cases)s.",
                    len(cases),
                )
                % {"count": len(cases), "cases": ", ".join(c.number for c in cases)},
            )
        return redirect(change_url)
    return render(
        request,
        "arbeid/offer.html",
        {"meeting": meeting, "form": form, "change_url": change_url},
    )
