"""The secretariat's meeting screen in three steps on the same meeting.

*Saksliste* (the agenda: cases, access, case papers, proposed decisions), *Oppmøte* (the
attendance grid) and *Referat* (per case: summary, decision, dissent, presenters; the
follow-ups). Each step is the admin's change form of the meeting with its own fieldsets and
inlines, at /admin/moter/meeting/<id>/saksliste/, …/oppmote/ and …/referat/; the plain change
URL is the first step. Each step saves on its own, through the same guards (the meeting's
version, each case's version) as the one screen had.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from moter.models import Attendance, Meeting
from samarbeid.models import Membership

AGENDA, ATTENDANCE, MINUTES = "saksliste", "oppmote", "referat"
STEPS = [
    (AGENDA, gettext_lazy("Agenda")),
    (ATTENDANCE, gettext_lazy("Attendance")),
    (MINUTES, gettext_lazy("Minutes")),
]


def step_of(request):
    """The step this request shows (the plain change URL shows the agenda)."""
    return getattr(request, "meeting_step", AGENDA)


def step_url(meeting_pk, step):
    return reverse(f"admin:moter_meeting_{step}", args=[meeting_pk])


class MeetingSteps:
    """ModelAdmin mixin: the steps' URLs, fieldsets, inlines, navigation and buttons.

    `step_fieldsets` and `step_inlines` ({step: …}) choose what each step shows; a step not
    named there shows the admin's `fieldsets` / `inlines`."""

    step_fieldsets = {}
    step_inlines = {}

    def get_urls(self):
        urls = [
            path(
                f"<int:object_id>/{step}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=f"moter_meeting_{step}",
            )
            for step, _label in STEPS
        ]
        return [*urls, *super().get_urls()]

    def step_view(self, request, object_id, step):
        request.meeting_step = step
        return self.change_view(request, str(object_id))

    def get_fieldsets(self, request, obj=None):
        if obj is not None and step_of(request) in self.step_fieldsets:
            return self.step_fieldsets[step_of(request)]
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        if obj is not None and step_of(request) in self.step_inlines:
            return self.step_inlines[step_of(request)]
        return self.step_inlines.get(AGENDA, super().get_inlines(request, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        current = step_of(request)
        nav = [
            {
                "url": step_url(object_id, step),
                "label": label,
                "number": i,
                "current": step == current,
            }
            for i, (step, label) in enumerate(STEPS, start=1)
        ]
        extra_context = {
            **(extra_context or {}),
            "meeting_steps": nav,
            "meeting_step": current,
            "step_label": dict(STEPS)[current],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        """After a step's save: the explicit actions of the attendance step, then back to the
        same step ("Save and continue editing") or on as the admin does."""
        if "_fill_attendance" in request.POST:
            added = obj.fill_attendance_from_seats()
            if added:
                self.message_user(
                    request,
                    ngettext(
                        "%(n)d member added to the attendance list from the body's seats.",
                        "%(n)d members added to the attendance list from the body's seats.",
                        added,
                    )
                    % {"n": added},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("Nobody added: everyone holding a seat in the body is already on the list."),
                    messages.INFO,
                )
            return redirect(step_url(obj.pk, ATTENDANCE))
        if call := request.POST.get("_call_substitute"):
            try:
                name = call_in_substitute(obj, call)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(name)s is on the attendance list as substitute.") % {"name": name},
                    messages.SUCCESS,
                )
            return redirect(step_url(obj.pk, ATTENDANCE))
        response = super().response_change(request, obj)
        if "_continue" in request.POST and getattr(request, "meeting_step", None):
            return redirect(step_url(obj.pk, step_of(request)))
        return response


@transaction.atomic
def call_in_substitute(meeting, value):
    """Put the personal substitute of a member with apologies on the list: `value` is
    "<attendance id>:<substitute's membership id>". Returns the substitute's name."""
    try:
        row_id, seat_id = (int(part) for part in value.split(":"))
    except ValueError:
        raise ValidationError(_("That substitute could not be called in.")) from None
    meeting._lock()  # a double click: the second finds the substitute on the list
    row = (
        Attendance.objects.filter(pk=row_id, meeting=meeting, status=Attendance.Status.APOLOGIES)
        .select_related("seat", "person")
        .first()
    )
    substitute = (
        Membership.objects.filter(pk=seat_id, substitute_for_id=row.seat_id)
        .select_related("person")
        .first()
        if row is not None and row.seat_id
        else None
    )
    if substitute is None:
        raise ValidationError(
            _("That substitute could not be called in: the member no longer has apologies.")
        )
    if meeting.attendance.filter(person_id=substitute.person_id).exists():
        raise ValidationError(
            _("%(name)s is already on the attendance list.") % {"name": substitute.person.name}
        )
    Attendance.objects.create(
        meeting=meeting,
        person_id=substitute.person_id,
        seat=row.seat,
        status=Attendance.Status.SUBSTITUTE,
        substitute_for=row.person,
    )
    return substitute.person.name


class StatusRadios(forms.RadioSelect):
    """The attendance status as one radio group per person, named by the person."""

    template_name = "admin/moter/meeting/status_radios.html"
    group_label = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.group_label
        return context


def seat_label(seat):
    parts = [seat.get_role_display(), seat.get_category_display()]
    if seat.organisation_id:
        parts.append(str(seat.organisation))
    return " – ".join(parts)


class AttendanceRowForm(forms.ModelForm):
    """One person's row: the seat offered is only theirs in this body; a substitute's seat is
    the seat of the member they stand in for."""

    seats = {}  # {person id: [seat, …]} of the body, set for the page by the formset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person_id = self.instance.person_id
        if "status" in self.fields:
            widget = self.fields["status"].widget
            widget = getattr(widget, "widget", widget)
            if isinstance(widget, StatusRadios):
                widget.group_label = _("Attendance of %(name)s") % {
                    "name": self.instance.person.name if person_id else _("a new person")
                }
        if "seat" in self.fields:
            if person_id:
                own = list(self.seats.get(person_id, []))
                principal = self.instance.substitute_for_id
                if principal and principal != person_id:
                    own += self.seats.get(principal, [])
                choices = [
                    (s.pk, seat_label(s) if s.person_id == person_id
                     else f"{s.person.name}: {seat_label(s)}")
                    for s in own
                ]  # fmt: skip
            else:
                choices = [
                    (s.pk, f"{s.person.name}: {seat_label(s)}")
                    for seats in self.seats.values()
                    for s in seats
                ]
            self.fields["seat"].choices = [("", "---------"), *choices]
            if self.instance.seat_id and self.instance.seat_id not in {c[0] for c in choices}:
                seat = self.instance.seat
                self.fields["seat"].choices = [
                    *self.fields["seat"].choices,
                    (seat.pk, seat_label(seat)),
                ]

    def clean(self):
        cleaned = super().clean()
        person, seat = cleaned.get("person"), cleaned.get("seat")
        status, principal = cleaned.get("status"), cleaned.get("substitute_for")
        if status == Attendance.Status.SUBSTITUTE and principal is not None:
            theirs = self.seats.get(principal.pk, [])
            if theirs:
                cleaned["seat"] = seat = theirs[0]
                self.instance.seat = seat
        if person is not None and seat is not None:
            holder = principal if status == Attendance.Status.SUBSTITUTE else None
            if seat.person_id not in {person.pk, holder.pk if holder else None}:
                message = _(
                    "%(seat)s is %(holder)s's seat, not %(person)s's. Choose one of "
                    "%(person)s's own seats, or leave it empty."
                )
                names = {"seat": seat_label(seat), "holder": seat.person, "person": person.name}
                self.add_error("seat", message % names)
        return cleaned


def seats_of_body(meeting):
    """{person id: [seat, …]}: the body's seats on the meeting's day (one query)."""
    seats = {}
    if meeting is None:
        return seats
    rows = Meeting.current_seats(meeting).select_related("person", "organisation")
    for seat in rows.order_by("person__name", "pk"):
        seats.setdefault(seat.person_id, []).append(seat)
    return seats
