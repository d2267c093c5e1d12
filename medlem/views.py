"""The members' pages: "Mine møte", apologies, conflicts of interest, the substitute's
confirmation, and subscriptions to a body's notices and minutes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from medlem.forms import AbsenceForm, ConflictForm, SubscribeForm
from medlem.models import CONFIRM_SALT, AbsenceError, AbsenceReport, Subscription, member_seat
from medlem.tasks import mail_subscription_confirmation
from moter.models import AgendaItem, Attendance, Meeting, MeetingDocument, ProtocolEntry
from samarbeid.access import can_read_internal, member_body_ids
from samarbeid.models import Body, Membership, Person
from samarbeid.privacy import shown_name

# How long the substitute's confirmation link works.
CONFIRM_MAX_AGE = 90 * 86400


def _person(request):
    """The person the logged-in user is, or None."""
    return Person.objects.filter(user=request.user).first()


@require_safe
@login_required
def mine(request):
    """Mine møte: the coming meetings of the member's bodies, with the notice, the cases,
    their papers and proposed decisions, and the latest minutes. A fixed number of queries."""
    person = _person(request)
    context = {"person": person, "seats": [], "coming": [], "calls": [], "minutes": []}
    if person is None:
        return render(request, "medlem/mine.html", context)
    seats = list(
        Membership.objects.current()
        .filter(person=person)
        .select_related("body", "substitute_for__person")
        .order_by("body__order", "body__name_nn")
    )
    body_ids = {seat.body_id for seat in seats}
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    context["seats"] = seats
    context["coming"] = list(
        Meeting.objects.filter(body_id__in=body_ids, starts_at__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .prefetch_related(*_mine_prefetches(person))
        .order_by("starts_at")[:12]
    )
    context["calls"] = list(
        AbsenceReport.objects.filter(
            substitute=person,
            substitute_status__in=[
                AbsenceReport.SubstituteStatus.PENDING,
                AbsenceReport.SubstituteStatus.CONFIRMED,
            ],
            meeting__starts_at__gte=today,
        ).select_related("meeting__body", "person")
    )
    context["minutes"] = list(
        Meeting.objects.published()
        .filter(body_id__in=body_ids)
        .select_related("body")
        .order_by("-starts_at")[:10]
    )
    context["absence_form"] = AbsenceForm()
    context["conflict_form"] = ConflictForm()
    return render(request, "medlem/mine.html", context)


def _mine_prefetches(person):
    items = AgendaItem.objects.order_by("order", "sequence").prefetch_related(
        "attachments",
        Prefetch(
            "protocol_entries",
            queryset=ProtocolEntry.objects.filter(kind=ProtocolEntry.Kind.CONFLICT, person=person),
            to_attr="my_conflicts",
        ),
    )
    return [
        Prefetch("items", queryset=items),
        Prefetch("attendance", queryset=Attendance.objects.filter(person=person), to_attr="mine"),
        Prefetch(
            "absences",
            queryset=AbsenceReport.objects.filter(person=person).select_related("substitute"),
            to_attr="my_absence",
        ),
        Prefetch(
            "documents",
            queryset=MeetingDocument.objects.served()
            .filter(kind=MeetingDocument.Kind.NOTICE)
            .order_by("-version"),
            to_attr="notices",
        ),
    ]


def _member_meeting(request, pk):
    """(meeting, person): a meeting of one of the user's bodies; 404 for anyone else."""
    person = _person(request)
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if person is None or meeting.body_id not in member_body_ids(request.user):
        raise Http404
    return meeting, person


@require_POST
@login_required
def report_absence(request, pk):
    meeting, person = _member_meeting(request, pk)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("medlem:mine")
    try:
        report = AbsenceReport.report(
            meeting, person, reason=form.cleaned_data["reason"], by=request.user
        )
    except AbsenceError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("medlem:mine")
    if report.substitute_id:
        messages.success(
            request,
            _("Your apologies are recorded. Your substitute %(name)s is called in by e-mail.")
            % {"name": report.substitute.name},
        )
    else:
        messages.success(
            request,
            _("Your apologies are recorded. You have no named substitute: the secretariat "
              "decides whether someone is called in."),
        )  # fmt: skip
    return redirect("medlem:mine")


# The conflict can be declared until the minutes are approved.
CONFLICT_OPEN = (
    Meeting.Status.PLANNED,
    Meeting.Status.NOTICE_ISSUED,
    Meeting.Status.HELD,
    Meeting.Status.DRAFT_MINUTES,
)


@require_POST
@login_required
def declare_conflict(request, pk):
    """A member declares a conflict of interest in a case: a protocol entry the minutes print
    as "X left while case NN/YY was dealt with"."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), pk=pk)
    meeting, person = _member_meeting(request, item.meeting_id)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("medlem:mine")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status not in CONFLICT_OPEN:
            messages.error(request, _("The minutes are approved; ask the secretariat."))
            return redirect("medlem:mine")
        entry = ProtocolEntry.objects.filter(
            item=item, person=person, kind=ProtocolEntry.Kind.CONFLICT
        ).first()
        if entry is None:
            entry = ProtocolEntry(item=item, person=person, kind=ProtocolEntry.Kind.CONFLICT)
        entry.text = form.cleaned_data["reason"]
        entry.save()
    messages.success(
        request,
        _("Recorded: you are not impartial in case %(case)s. The minutes will say that you left "
          "while it was dealt with.") % {"case": item.number},
    )  # fmt: skip
    return redirect("medlem:mine")


def _call_from_token(token):
    try:
        report_id, person_id = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise Http404 from error
    report = get_object_or_404(
        AbsenceReport.objects.select_related("meeting__body", "person", "substitute"),
        pk=report_id,
    )
    return report, person_id


@require_http_methods(["GET", "POST"])
def confirm_substitute(request, token):
    """The substitute's link from the e-mail: a page with one button (a link checker that
    opens the link confirms nothing)."""
    report, person_id = _call_from_token(token)
    current = report.substitute_id == person_id and report.substitute_status in (
        AbsenceReport.SubstituteStatus.PENDING,
        AbsenceReport.SubstituteStatus.CONFIRMED,
    )
    if request.method == "POST" and current:
        report.confirm(report.substitute)
        messages.success(request, _("Thank you: you are on the attendance list."))
        return redirect("medlem:confirm_substitute", token=token)
    # The member is named by the privacy rule: the link may be opened by anyone who has it.
    public = not can_read_internal(request.user, report.meeting.body)
    context = {
        "report": report,
        "current": current,
        "member": shown_name(report.person, public=public, seat=member_seat(report.meeting,
                                                                             report.person)),
    }  # fmt: skip
    return render(request, "medlem/confirm_substitute.html", context)


# --- Subscriptions ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request, body):
    """Subscribe to a body's notices and minutes: anyone by an address they confirm; a logged-in
    user with an address on their login at once."""
    body = get_object_or_404(Body, slug=body)
    own_email = request.user.email if request.user.is_authenticated else ""
    form = SubscribeForm(request.POST or None, initial={"email": own_email})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip()
        confirmed = bool(own_email) and email.lower() == own_email.lower()
        subscription = _subscribe(body, email, request.user if confirmed else None)
        if subscription.confirmed_at:
            messages.success(
                request,
                _("You will get an e-mail when %(body)s issues a notice or publishes minutes.")
                % {"body": body.name},
            )
        else:
            messages.success(
                request,
                _("We have sent a link to %(email)s. The subscription starts when you click it.")
                % {"email": email},
            )
        return redirect(body.get_absolute_url())
    return render(request, "medlem/subscribe.html", {"body": body, "form": form})


# A new confirmation mail to the same address is sent at most this often (seconds).
CONFIRMATION_INTERVAL = 3600


def _subscribe(body, email, user):
    now = timezone.now()
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                body=body, email__iexact=email, defaults={"email": email}
            )
    except IntegrityError:  # the same address at the same moment
        subscription = Subscription.objects.get(body=body, email__iexact=email)
    if subscription.confirmed_at:
        return subscription
    if user is not None:
        subscription.user, subscription.confirmed_at = user, now
        subscription.save(update_fields=["user", "confirmed_at"])
        return subscription
    sent = subscription.confirmation_sent_at
    if sent is None or (now - sent).total_seconds() > CONFIRMATION_INTERVAL:
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["confirmation_sent_at"])
        transaction.on_commit(lambda: mail_subscription_confirmation.enqueue(subscription.pk))
    return subscription


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the confirmation mail: a page with one button."""
    subscription = get_object_or_404(Subscription.objects.select_related("body"), token=token)
    if request.method == "POST":
        if subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        messages.success(request, _("The subscription is confirmed."))
        return redirect(subscription.body.get_absolute_url())
    return render(request, "medlem/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click: a POST (the page's button, or the mail program) ends the subscription; the
    link opened (GET) shows the button. An unknown or used link says it is done."""
    subscription = Subscription.objects.select_related("body").filter(token=token).first()
    if request.method == "POST":
        body = subscription.body if subscription else None
        if subscription is not None:
            subscription.delete()
        return render(request, "medlem/unsubscribed.html", {"body": body})
    if subscription is None:
        return render(request, "medlem/unsubscribed.html", {"body": None})
    return render(request, "medlem/unsubscribe.html", {"subscription": subscription})
