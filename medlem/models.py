"""The members' side: invitations to log in, absence reports with a called-in substitute,
and subscriptions to a body's notices and minutes."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from moter.models import Attendance, Meeting, MeetingDocument
from samarbeid.models import Body, Membership, Person


class Invitation(models.Model):
    """An e-mail inviting a person to set a password for their login (who sent it, when)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.person} ({self.sent_at:%Y-%m-%d})"


class AbsenceError(ValidationError):
    """An absence step that the meeting or the report does not allow."""


class AbsenceReport(models.Model):
    """A member's apologies (forfall) for a meeting, and the substitute called in for them.

    Reporting sets the member's attendance to "apologies" at once. When the seat has a
    personal substitute, the substitute is called in: they get the notice by e-mail (a task)
    and stand in the attendance as "substitute for X", pending until they confirm. The
    secretariat can stop the call or call another person.
    """

    class SubstituteStatus(models.TextChoices):
        NONE = "", _("No substitute called in")
        PENDING = "venter", _("Called in, not yet confirmed")
        CONFIRMED = "stadfesta", _("Confirmed")
        STOPPED = "stoppa", _("Stopped by the secretariat")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="absences"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("member"), on_delete=models.CASCADE, related_name="absences"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    substitute = models.ForeignKey(
        Person,
        verbose_name=_("substitute called in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitute_calls",
    )
    substitute_status = models.CharField(
        _("substitute"),
        max_length=10,
        choices=SubstituteStatus.choices,
        blank=True,
        default=SubstituteStatus.NONE,
    )
    substitute_called_at = models.DateTimeField(_("substitute called in"), null=True, blank=True)
    substitute_called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute called in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    substitute_mailed_at = models.DateTimeField(_("notice e-mailed"), null=True, blank=True)
    substitute_confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stopped by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence report")
        verbose_name_plural = _("absence reports")
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="medlem_absencereport_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(substitute_status="") | Q(substitute__isnull=False),
                name="medlem_absencereport_status_names_substitute",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"

    # --- Verbs ---------------------------------------------------------------
    # Each runs in one transaction under a lock on the report (or the meeting, when the
    # report is new), re-checks what it found, and is a no-op when repeated.

    OPEN_STATUSES = (Meeting.Status.PLANNED, Meeting.Status.NOTICE_ISSUED)

    @classmethod
    @transaction.atomic
    def report(cls, meeting, person, *, reason="", by=None):
        """Record `person`'s apologies for `meeting`; call in their personal substitute."""
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status not in cls.OPEN_STATUSES or meeting.starts_at < timezone.now():
            raise AbsenceError(_("Apologies can only be reported before the meeting."))
        seat = member_seat(meeting, person)
        if seat is None:
            raise AbsenceError(_("You have no seat in this body on the day of the meeting."))
        report, created = cls.objects.get_or_create(
            meeting=meeting, person=person, defaults={"reason": reason, "reported_by": by}
        )
        if not created:
            if reason and reason != report.reason:
                report.reason = reason
                report.save(update_fields=["reason"])
            return report
        _set_attendance(meeting, person, seat, status=Attendance.Status.APOLOGIES, note=reason)
        substitute = (
            Membership.objects.current(timezone.localtime(meeting.starts_at).date())
            .filter(substitute_for=seat)
            .select_related("person")
            .first()
        )
        if substitute is not None:
            report._call(substitute.person, by=by)
        return report

    @transaction.atomic
    def call_substitute(self, person, *, by=None):
        """Call in `person` (another substitute) instead of whoever is called in now."""
        report = AbsenceReport.objects.select_for_update().get(pk=self.pk)
        if report.substitute_id == person.pk and report.substitute_status in (
            self.SubstituteStatus.PENDING,
            self.SubstituteStatus.CONFIRMED,
        ):
            return report
        if person.pk == report.person_id:
            raise AbsenceError(_("The member cannot stand in for themselves."))
        report._release(by=by)
        report._call(person, by=by)
        self.refresh_from_db()
        return report

    @transaction.atomic
    def stop(self, *, by=None):
        """Stop the substitute's call: their attendance row goes, the stop is recorded."""
        report = AbsenceReport.objects.select_for_update().get(pk=self.pk)
        if report.substitute_status in ("", self.SubstituteStatus.STOPPED):
            return False
        report._release(by=by)
        report.substitute_status = self.SubstituteStatus.STOPPED
        report.save(update_fields=["substitute_status", "stopped_at", "stopped_by"])
        self.refresh_from_db()
        return True

    @transaction.atomic
    def confirm(self, person):
        """The substitute confirms they will come; only the person called in may."""
        report = AbsenceReport.objects.select_for_update().get(pk=self.pk)
        if report.substitute_id != person.pk or report.substitute_status not in (
            self.SubstituteStatus.PENDING,
            self.SubstituteStatus.CONFIRMED,
        ):
            raise AbsenceError(_("This call to stand in no longer applies."))
        if report.substitute_status == self.SubstituteStatus.PENDING:
            report.substitute_status = self.SubstituteStatus.CONFIRMED
            report.substitute_confirmed_at = timezone.now()
            report.save(update_fields=["substitute_status", "substitute_confirmed_at"])
            row = Attendance.objects.filter(meeting_id=report.meeting_id, person=person).first()
            if row is not None and row.pending:
                row.pending = False
                row.save(update_fields=["pending"])
        self.refresh_from_db()
        return report

    def _call(self, person, *, by):
        from medlem.tasks import mail_substitute

        meeting = self.meeting
        seat = member_seat(meeting, person)
        row = Attendance.objects.filter(meeting=meeting, person=person).first()
        already = row is not None and not (
            row.status == Attendance.Status.SUBSTITUTE and row.substitute_for_id == self.person_id
        )
        if already and row.status != Attendance.Status.APOLOGIES:
            raise AbsenceError(
                _("%(person)s is already on the attendance list of this meeting.")
                % {"person": person}
            )
        _set_attendance(
            meeting, person, seat, status=Attendance.Status.SUBSTITUTE,
            substitute_for=self.person, pending=True,
        )  # fmt: skip
        self.substitute = person
        self.substitute_status = self.SubstituteStatus.PENDING
        self.substitute_called_at = timezone.now()
        self.substitute_called_by = by
        self.substitute_mailed_at = None
        self.substitute_confirmed_at = None
        self.save()
        report_id, person_id = self.pk, person.pk
        transaction.on_commit(lambda: mail_substitute.enqueue(report_id, person_id))

    def _release(self, *, by):
        """Take the substitute now called in off the attendance list (when they are on it
        only because of this call)."""
        if self.substitute_id:
            Attendance.objects.filter(
                meeting_id=self.meeting_id,
                person_id=self.substitute_id,
                status=Attendance.Status.SUBSTITUTE,
                substitute_for_id=self.person_id,
            ).delete()
        self.stopped_at = timezone.now()
        self.stopped_by = by

    def confirm_token(self):
        from django.core import signing

        return signing.dumps([self.pk, self.substitute_id], salt=CONFIRM_SALT, compress=True)


CONFIRM_SALT = "medlem.substitute-confirm"


def member_seat(meeting, person):
    """`person`'s seat in the meeting's body on the meeting's day, or None."""
    return (
        Membership.objects.current(timezone.localtime(meeting.starts_at).date())
        .filter(body_id=meeting.body_id, person=person)
        .order_by(F("substitute_for").asc(nulls_first=True))  # a full seat before a substitute's
        .first()
    )


def _set_attendance(meeting, person, seat, **fields):
    """Create or update `person`'s attendance row (with its history)."""
    row = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if row is None:
        row = Attendance(meeting=meeting, person=person, seat=seat)
    for name, value in fields.items():
        setattr(row, name, value)
    if fields.get("status") != Attendance.Status.SUBSTITUTE:
        row.substitute_for = None
        row.pending = False
    row.save()
    return row


def new_token():
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    """An e-mail address that gets a body's notices and minutes when they come out."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriptions",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["body", "email"]
        constraints = [
            models.UniqueConstraint(fields=["body", "email"], name="medlem_subscription_unique")
        ]

    def __str__(self):
        return f"{self.email} – {self.body}"


class Delivery(models.Model):
    """One document mailed to one subscription: so a task that runs twice mails once."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    document = models.ForeignKey(MeetingDocument, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "document"], name="medlem_delivery_once"
            )
        ]

    def __str__(self):
        return f"{self.subscription} – {self.document}"
