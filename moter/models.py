"""Meetings of the bodies: notice, agenda (cases with numbers like 03/26), attendance,
decisions and follow-ups, minutes approval and publication."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from samarbeid.deletion import keep_records
from samarbeid.files import (
    ServedFileField,
    check_document,
    download_name,
    extension_of,
    random_name,
)
from samarbeid.models import Body, Membership, Organisation, Person
from samarbeid.models import DocumentLanguage as Language
from samarbeid.pdf import describe_error
from samarbeid.richtext import validate_printable


def _has_published_minutes():
    """A version of the minutes is out (and not withdrawn) for the meeting in the outer query."""
    return Exists(
        MeetingDocument.objects.served().filter(
            meeting=OuterRef("pk"), kind=MeetingDocument.Kind.MINUTES
        )
    )


class MeetingQuerySet(models.QuerySet):
    def published(self):
        """Meetings with published minutes (also while a new version is being prepared)."""
        return self.filter(_has_published_minutes())

    def visible_to(self, user):
        """Published meetings for everyone; all meetings of their bodies for members."""
        from samarbeid.access import is_editor, member_body_ids

        if is_editor(user):
            return self
        return self.filter(_has_published_minutes() | Q(body_id__in=member_body_ids(user)))

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED)


def bodies_with_meetings():
    """The bodies that have had or will have a meeting (a semi-join: no DISTINCT over every
    meeting)."""
    return Body.objects.filter(Exists(Meeting.objects.filter(body=OuterRef("pk"))))


@keep_records
class Meeting(models.Model):
    """A meeting of a body, numbered per body and year: "SSU møte 1/2026"."""

    class Status(models.TextChoices):
        PLANNED = "planlagd", _("Planned")
        NOTICE_ISSUED = "innkalla", _("Notice issued")
        HELD = "halde", _("Held")
        DRAFT_MINUTES = "referat_utkast", _("Draft minutes")
        APPROVED = "referat_godkjent", _("Minutes approved")
        PUBLISHING = "publiserer", _("Being published")
        PUBLISHED = "publisert", _("Published")
        CANCELLED = "avlyst", _("Cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveSmallIntegerField(
        _("number"), editable=False, help_text=_("Given automatically: møte 1, 2 … each year.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair of the meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    referent = models.ForeignKey(
        Person,
        verbose_name=_("minute-taker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty when the secretariat as a body takes the minutes."),
    )
    referent_body = models.ForeignKey(
        Body,
        verbose_name=_("minute-taking body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For example Samarbeidssekretariatet (SSE)."),
    )
    language = models.CharField(
        _("document language"),
        max_length=2,
        choices=Language.choices,
        default=Language.NYNORSK,
        help_text=_("Decides the fixed labels in pages and PDFs (Til stades/Til stede …)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    notice_text = models.TextField(
        _("notice text"), blank=True, help_text=_("Markdown."), validators=[validate_printable]
    )
    notice_issued_at = models.DateTimeField(_("notice issued"), null=True, editable=False)
    approved_in = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("minutes approved in case"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="approves",
    )
    approval_correction = models.TextField(_("correction at approval"), blank=True, editable=False)
    publish_error = models.TextField(_("last publishing error"), blank=True, editable=False)
    publish_requested_at = models.DateTimeField(
        _("publishing requested"),
        null=True,
        editable=False,
        help_text=_("When the secretariat asked for the minutes to be published."),
    )
    revision_reason = models.TextField(
        _("reason for the coming new version"), blank=True, editable=False
    )
    public_notice_outdated = models.BooleanField(
        _("public notice being remade"),
        default=False,
        editable=False,
        help_text=_("A case's public access changed after the notice; a new notice PDF is made."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [
            # Newest first: the meetings list, the decisions register, the calendars.
            models.Index(fields=["-starts_at", "id"], name="moter_meeting_newest"),
            # Each body's newest meeting: the dashboard's "copy the agenda of the last one".
            models.Index(fields=["body", "-starts_at", "-id"], name="moter_meeting_body_newest"),
            # The few meetings not yet published (or whose publishing failed), out of thousands:
            # the dashboard's minutes section (arbeid.dashboard.minutes_waiting, whose filter
            # must stay within this condition for the index to serve it). The statuses are
            # Status's values but published and cancelled (Status is not in reach in Meta).
            models.Index(
                fields=["starts_at"],
                condition=Q(
                    status__in=[
                        "planlagd",
                        "innkalla",
                        "halde",
                        "referat_utkast",
                        "referat_godkjent",
                        "publiserer",
                    ]
                )
                | ~Q(publish_error=""),
                name="moter_meeting_unfinished",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="moter_meeting_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="moter_meeting_ends_after_start",
                violation_error_message=_("The meeting cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.body} {_('meeting')} {self.number}/{self.year}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        if adding:
            with transaction.atomic():
                self.year = timezone.localtime(self.starts_at).year
                lock_body(self.body_id)
                last = Meeting.objects.filter(body_id=self.body_id, year=self.year).aggregate(
                    n=Max("number")
                )["n"]
                first = NumberStart.first_numbers(self.body_id, self.year)[0]
                self.number = max(last or 0, first - 1) + 1
                super().save(*args, **kwargs)
                self._prepare_new()
        else:
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "moter:meeting",
            kwargs={"body": self.body.slug, "year": self.year, "number": self.number},
        )

    @property
    def label(self):
        return f"{self.number}/{self.year}"

    @property
    def is_frozen(self):
        """Published minutes change only through an explicit new version; minutes being
        published do not change under the renderer (the PDF and the page are made from
        one reading)."""
        return self.status in (self.Status.PUBLISHING, self.Status.PUBLISHED)

    @property
    def publishing_is_late(self):
        """Publishing was asked for more than PUBLISH_LATE ago and has not finished."""
        return (
            self.status == self.Status.PUBLISHING
            and self.publish_requested_at is not None
            and timezone.now() - self.publish_requested_at > PUBLISH_LATE
        )

    def deletion_refused(self):
        """Why the meeting must be kept (samarbeid.deletion): its notice went out."""
        # No query: every status after "planned" went through the notice (a document
        # protects the row in the database too).
        if self.notice_issued_at or self.status not in (
            self.Status.PLANNED,
            self.Status.CANCELLED,
        ):
            return gettext(
                "%(meeting)s has a notice that was sent, or minutes that were published, so it "
                "cannot be deleted. Cancel the meeting instead."
            ) % {"meeting": self}
        return ""

    def _prepare_new(self):
        """A new meeting starts with the body's standing items (unless the person who made it
        said no: `add_standing_items = False`), or the agenda copied from another meeting. The
        attendance list starts empty: the secretariat fills it from the seats when it chooses
        (fill_attendance_from_seats)."""
        if source := getattr(self, "copy_agenda_from", None):
            self.copy_agenda(source)
        elif getattr(self, "add_standing_items", True):
            self.put_standing_items()

    def current_seats(self):
        """The body's seats on the meeting's day."""
        return Membership.objects.current(timezone.localtime(self.starts_at).date()).filter(
            body_id=self.body_id
        )

    @transaction.atomic
    def fill_attendance_from_seats(self):
        """Put the holders of the body's seats who are not on the attendance list yet on it:
        members as present, observers as observers (personal substitutes come only when called
        in). Returns how many were added; a second call adds none."""
        self._lock()  # two clicks at once add each person once
        on_list = set(self.attendance.values_list("person_id", flat=True))
        rows = [
            Attendance(
                meeting=self,
                person_id=seat.person_id,
                seat=seat,
                status=(
                    Attendance.Status.OBSERVER
                    if seat.role == Membership.Role.OBSERVER
                    else Attendance.Status.PRESENT
                ),
            )
            for seat in self.current_seats()
            .exclude(role=Membership.Role.SUBSTITUTE)
            .order_by("pk")
        ]
        new, seen = [], set(on_list)
        for row in rows:
            if row.person_id not in seen:
                seen.add(row.person_id)
                new.append(row)
        bulk_create_with_history(new, Attendance)
        return len(new)

    def put_standing_items(self):
        """The body's agenda template (StandingItem) as cases of this meeting: those "at the
        start" first, those "at the end" last. Each takes a case number, so this happens only
        when asked for (the meeting screen's tick box, on by default)."""
        previous = None
        made = []
        for standing in self.body.standing_items.order_by("-place", "order", "pk"):
            if standing.approves_previous_minutes and previous is None:
                previous = self.previous()
            made.append(
                AgendaItem.objects.create(
                    meeting=self,
                    title=standing.title_in(self.language),
                    kind=standing.kind,
                    approves_minutes_of=previous if standing.approves_previous_minutes else None,
                )
            )
        return made

    def copy_agenda(self, source):
        """The skeleton of `source`'s agenda: each case's title, kind and access, not its texts
        or papers; an approval case approves this meeting's previous minutes."""
        previous = self.previous()
        return [
            AgendaItem.objects.create(
                meeting=self,
                title=item.title,
                kind=item.kind,
                access=item.access,
                legal_basis=item.legal_basis,
                public_title=item.public_title,
                approves_minutes_of=previous if item.approves_minutes_of_id else None,
            )
            for item in source.items.order_by("order", "sequence")
        ]

    def previous(self):
        """The body's meeting before this one (the one whose minutes case 1 approves)."""
        return (
            Meeting.objects.filter(body_id=self.body_id, starts_at__lt=self.starts_at)
            .exclude(status=self.Status.CANCELLED)
            .exclude(pk=self.pk)
            .order_by("-starts_at")
            .first()
        )

    # --- Lifecycle ---------------------------------------------------------
    # Each step runs in one transaction with the meeting's row locked and its status read
    # again under the lock, so two clicks (or two people) at once cannot do a step twice: the
    # second finds it done (StepAlreadyDone, a message and nothing more) or refused
    # (MeetingStateError, a message the secretariat can act on). Nothing is half-done. Slow
    # work (the PDFs, the e-mail) happens outside the transaction or in the background.

    LOCKED_FIELDS = (
        "status", "version", "notice_issued_at", "publish_requested_at", "publish_error",
        "revision_reason", "approved_in", "approval_correction", "public_notice_outdated",
    )  # fmt: skip

    def _lock(self):
        """Lock the meeting's row (inside a transaction) and read its lifecycle state again."""
        self.refresh_from_db(
            fields=self.LOCKED_FIELDS, from_queryset=Meeting.objects.select_for_update()
        )

    def _require(self, *statuses, action, done=None):
        """Refuse unless the status is one of `statuses`; `done` names the status the step
        leads to, which a second click finds (a message, not an error)."""
        if done is not None and self.status in done:
            raise StepAlreadyDone(self._done_message(done[0]))
        if self.status not in statuses:
            raise MeetingStateError(
                _("%(meeting)s cannot %(action)s while its status is “%(status)s”.")
                % {"meeting": self, "action": action, "status": self.get_status_display()}
            )

    def _done_message(self, status):
        if status == self.Status.PUBLISHING:
            when = timezone.localtime(self.publish_requested_at or timezone.now())
            return gettext(
                "Nothing more was done: publishing of %(meeting)s was asked for at %(time)s "
                "and is under way."
            ) % {"meeting": self, "time": time_format(when)}
        messages = {
            self.Status.NOTICE_ISSUED: _("Nothing more was done: the notice of %(meeting)s "
                                         "has already been issued."),
            self.Status.HELD: _("Nothing more was done: %(meeting)s is already marked as held."),
            self.Status.DRAFT_MINUTES: _("Nothing more was done: the minutes of %(meeting)s "
                                         "are already a draft."),
            self.Status.APPROVED: _("Nothing more was done: the minutes of %(meeting)s are "
                                    "already approved."),
            self.Status.PUBLISHED: _("Nothing more was done: the minutes of %(meeting)s are "
                                     "already published."),
            self.Status.CANCELLED: _("Nothing more was done: %(meeting)s is already cancelled."),
        }  # fmt: skip
        return messages[status] % {"meeting": self}

    def _set_status(self, status, **fields):
        """Write the new status (and `fields`); the version goes up, so an edit screen opened
        before the step cannot save its stale copy over it (see MeetingForm)."""
        for name, value in fields.items():
            setattr(self, name, value)
        self.status = status
        self.version += 1
        self.save(update_fields=["status", "version", *fields])

    def _check_notice(self):
        self._require(
            self.Status.PLANNED, action=_("issue its notice"), done=[self.Status.NOTICE_ISSUED]
        )
        if not self.items.exists():
            raise MeetingStateError(_("Add at least one case before issuing the notice."))

    def issue_notice(self, *, by=None):
        """Fix the case numbers, store the notice PDF and queue the e-mail to the members.

        The PDF renders outside the transaction (on SQLite a write lock held while it renders
        stops every other save). Under the lock the status is checked again, and the agenda
        too: if it changed while the PDF rendered, the PDF is made again. Returns the
        NoticeMailing that records the e-mail.
        """
        from moter.documents import notice_context, render_notice

        for _attempt in range(3):
            self._check_notice()  # a quick refusal before rendering
            doc = notice_context(self)
            pdf = render_notice(self, doc=doc)
            with transaction.atomic():
                self._lock()
                self._check_notice()
                if notice_context(self) != doc:
                    continue  # changed while rendering: render again
                self._set_status(self.Status.NOTICE_ISSUED, notice_issued_at=timezone.now())
                self.store_document(MeetingDocument.Kind.NOTICE, pdf, by=by)
                return NoticeMailing.queue(self, by=by)
        raise MeetingStateError(
            _("The agenda was changed while the notice was made. Try again in a moment.")
        )

    def send_notice_again(self, *, by=None):
        """Queue the notice e-mail once more (after a failure, or to members added since)."""
        with transaction.atomic():
            self._lock()
            if self.status != self.Status.NOTICE_ISSUED:
                raise MeetingStateError(
                    _("The notice of %(meeting)s can be sent again only between the notice "
                      "and the meeting.") % {"meeting": self}
                )  # fmt: skip
            pending = self.mailings.filter(status__in=NoticeMailing.PENDING).first()
            if pending is not None:
                raise StepAlreadyDone(
                    _("Nothing more was done: the notice e-mail of %(meeting)s is already on "
                      "its way (%(status)s).")
                    % {"meeting": self, "status": pending.get_status_display().lower()}
                )  # fmt: skip
            return NoticeMailing.queue(self, by=by)

    def mark_held(self):
        with transaction.atomic():
            self._lock()
            self._require(
                self.Status.NOTICE_ISSUED, action=_("be marked as held"), done=[self.Status.HELD]
            )
            self._set_status(self.Status.HELD)

    def start_minutes(self):
        with transaction.atomic():
            self._lock()
            self._require(
                self.Status.HELD, action=_("get draft minutes"), done=[self.Status.DRAFT_MINUTES]
            )
            self._set_status(self.Status.DRAFT_MINUTES)

    def approve_minutes(self, *, in_case, correction=""):
        with transaction.atomic():
            self._lock()
            self._require(
                self.Status.HELD, self.Status.DRAFT_MINUTES,
                action=_("have its minutes approved"), done=[self.Status.APPROVED],
            )  # fmt: skip
            self._set_status(
                self.Status.APPROVED, approved_in=in_case, approval_correction=correction
            )

    def approve_outside_meeting(self):
        """Minutes approved without a case, e.g. by circulation among the members."""
        self.approve_minutes(in_case=None)

    def request_publication(self, *, by=None):
        """Freeze the minutes ("being published") and queue the rendering; the meeting is
        published when the PDF is stored. While a request is pending, another does nothing."""
        with transaction.atomic():
            self._lock()
            self._require(
                self.Status.APPROVED, action=_("be published"),
                done=[self.Status.PUBLISHING, self.Status.PUBLISHED],
            )  # fmt: skip
            self._set_status(
                self.Status.PUBLISHING, publish_error="", publish_requested_at=timezone.now()
            )
            self._queue_publishing(by)

    def retry_publication(self, *, by=None):
        """Queue the rendering again when publishing has waited too long (a worker stopped).
        The earlier task, should it still finish, then stores nothing (see publish)."""
        with transaction.atomic():
            self._lock()
            self._require(self.Status.PUBLISHING, action=_("have its publishing retried"))
            if not self.publishing_is_late:
                raise StepAlreadyDone(self._done_message(self.Status.PUBLISHING))
            self._set_status(self.Status.PUBLISHING, publish_requested_at=timezone.now())
            self._queue_publishing(by)

    def _queue_publishing(self, by):
        from moter.tasks import publish_minutes

        args = (self.pk, by.pk if by else None, self.publish_requested_at.isoformat())
        transaction.on_commit(lambda: publish_minutes.enqueue(*args))

    def publish(self, *, by=None, requested_at=None):
        """Render and freeze the minutes: the PDF with its checksum and the public page, both
        made from one reading of the meeting, which is frozen ("being published") meanwhile.

        The background task passes `requested_at`, the request it serves: when the meeting is
        no longer waiting for that request (another task published it, or it was asked again),
        nothing is done and None is returned, so a duplicate task never stores a second
        version. Called directly, it publishes approved minutes at once.
        """
        from moter.documents import render_minutes_and_page

        with transaction.atomic():
            self._lock()
            if requested_at is not None:
                if not self._serves(requested_at):
                    return None
            elif self.status == self.Status.PUBLISHED:
                return None
            elif self.status != self.Status.PUBLISHING:
                self._require(self.Status.APPROVED, action=_("be published"))
                self._set_status(
                    self.Status.PUBLISHING, publish_error="", publish_requested_at=timezone.now()
                )
            request = self.publish_requested_at
        try:
            pdf, html = render_minutes_and_page(self)  # outside: no lock while rendering
        except Exception as error:
            self.publishing_failed(describe_error(error), requested_at=request)
            raise
        with transaction.atomic():
            self._lock()
            if not self._serves(request):
                return None
            document = self.store_document(
                MeetingDocument.Kind.MINUTES, pdf, by=by, html=html, reason=self.revision_reason
            )
            self._set_status(self.Status.PUBLISHED, publish_error="", revision_reason="")
            return document

    def _serves(self, requested_at):
        """Is the meeting still being published for the request made at `requested_at`?"""
        if isinstance(requested_at, str):
            requested_at = datetime.datetime.fromisoformat(requested_at)
        return self.status == self.Status.PUBLISHING and self.publish_requested_at == requested_at

    def publishing_failed(self, error, *, requested_at=None):
        """Back to "approved" with the error shown, if the meeting is still being published
        for this request (a failed duplicate task leaves a published meeting alone)."""
        with transaction.atomic():
            self._lock()
            if requested_at is not None and not self._serves(requested_at):
                return False
            if self.status != self.Status.PUBLISHING:
                return False
            self._set_status(self.Status.APPROVED, publish_error=str(error))
            return True

    def open_new_version(self, *, reason, by=None):
        """Unfreeze published minutes for a correction; the old version stays available."""
        if not reason.strip():
            raise MeetingStateError(_("Say why the minutes need a new version."))
        with transaction.atomic():
            self._lock()
            self._require(self.Status.PUBLISHED, action=_("get a new version"))
            self._set_status(self.Status.APPROVED, revision_reason=reason.strip())

    @transaction.atomic
    def withdraw_published(self, *, reason, by=None):
        """Take the newest published version of the minutes out of circulation.

        For a privacy error in a frozen version: the file is no longer served to anybody (it
        stays in storage for the archive record), the reason and who did it are recorded, and
        the meeting goes back to "approved" so that a corrected version can be published.
        """
        if not reason.strip():
            raise MeetingStateError(_("Say why the version is withdrawn."))
        self._lock()
        document = (
            self.documents.served()
            .filter(kind=MeetingDocument.Kind.MINUTES)
            .order_by("-version")
            .first()
        )
        if document is None:
            raise MeetingStateError(_("%(meeting)s has no published minutes to withdraw.")
                                    % {"meeting": self})  # fmt: skip
        document.withdrawn_at = timezone.now()
        document.withdrawn_by = by
        document.withdrawn_reason = reason.strip()
        document.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        if self.status == self.Status.PUBLISHED:
            correction = gettext("Corrected after version %(version)s was withdrawn: %(reason)s")
            self._set_status(
                self.Status.APPROVED,
                revision_reason=correction
                % {"version": document.version, "reason": reason.strip()},
            )
        return document

    def refresh_public_notice(self):
        """Make the notice PDF again after a case's public access changed.

        The outdated notice is not given out to readers outside the body meanwhile; the earlier
        versions stay for the members. Does nothing when no refresh is waiting (a second call).
        """
        from moter.documents import render_notice

        with transaction.atomic():
            if (
                not Meeting.objects.select_for_update()
                .filter(pk=self.pk, public_notice_outdated=True)
                .exists()
            ):
                return None
        pdf = render_notice(self)  # outside the transaction: no write lock while rendering
        with transaction.atomic():
            if (
                not Meeting.objects.select_for_update()
                .filter(pk=self.pk, public_notice_outdated=True)
                .update(public_notice_outdated=False)
            ):
                return None
            return self.store_document(MeetingDocument.Kind.NOTICE, pdf)

    def cancel(self):
        with transaction.atomic():
            self._lock()
            self._require(
                self.Status.PLANNED, self.Status.NOTICE_ISSUED, action=_("be cancelled"),
                done=[self.Status.CANCELLED],
            )  # fmt: skip
            self._set_status(self.Status.CANCELLED)

    def store_document(self, kind, pdf, *, by=None, html="", reason=""):
        from django.core.files.base import ContentFile

        last = self.documents.filter(kind=kind).aggregate(n=Max("version"))["n"] or 0
        name = f"{self.body.slug}-{kind}-{self.number}-{self.year}-v{last + 1}.pdf"
        return MeetingDocument.objects.create(
            meeting=self,
            kind=kind,
            version=last + 1,
            file=ContentFile(pdf, name=name),
            sha256=MeetingDocument.checksum(pdf),
            html=html,
            reason=reason,
            created_by=by,
        )

    def published_minutes(self):
        """The newest published version of the minutes still served, or None."""
        return (
            self.documents.served()
            .filter(kind=MeetingDocument.Kind.MINUTES)
            .order_by("-version")
            .first()
        )

    @transaction.atomic
    def reorder(self, item_ids):
        """Put the agenda in the order given; before the notice, numbers follow the order."""
        items = {item.pk: item for item in self.items.select_for_update()}
        if set(item_ids) != set(items):
            raise MeetingStateError(_("The new order must list every case of the meeting once."))
        numbers = sorted(item.sequence for item in items.values())
        renumber = self.status == self.Status.PLANNED
        before = {pk: (item.order, item.sequence) for pk, item in items.items()}
        for position, pk in enumerate(item_ids, start=1):
            items[pk].order = position
        if renumber and [items[pk].sequence for pk in item_ids] == numbers:
            renumber = False  # the numbers already follow the order
        if renumber:
            # Park the numbers out of the way first so the unique constraint never trips.
            for item in items.values():
                item.sequence += 10000
                item.save(update_fields=["sequence"])
            for number, pk in zip(numbers, item_ids, strict=True):
                items[pk].sequence = number
        for pk, item in items.items():
            # Only the rows that moved: a save raises the case's version (GuardedForm).
            if (item.order, item.sequence) != before[pk] or renumber:
                item.save(update_fields=["order", "sequence"])


class MeetingStateError(ValidationError):
    """A lifecycle step that the meeting's status does not allow."""


class StepAlreadyDone(MeetingStateError):
    """A lifecycle step found already done (a second click): nothing more happens."""


# Publishing that has not finished this long after it was asked for is flagged on the
# dashboard, and the secretariat may ask for it again (a worker may have stopped).
PUBLISH_LATE = datetime.timedelta(minutes=10)


def lock_body(body_id):
    """Serialise numbering for one body: concurrent writers wait for each other here."""
    list(Body.objects.select_for_update().filter(pk=body_id).values_list("pk", flat=True))


class NumberStart(models.Model):
    """Where a body's numbers start in a year: for a secretariat that takes the app into use
    mid-year, after meetings and cases numbered elsewhere ("the next case is 20/26")."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"))
    first_meeting = models.PositiveSmallIntegerField(
        _("number of the next meeting"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("For example 3 when meetings 1 and 2 of the year were held before."),
    )
    first_case = models.PositiveSmallIntegerField(
        _("number of the next case"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("For example 20 when cases 1 to 19 of the year were numbered before."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("starting numbers")
        verbose_name_plural = _("starting numbers")
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="moter_numberstart_one_a_year")
        ]

    def __str__(self):
        return _("%(body)s %(year)s: meeting %(meeting)s, case %(case)s") % {
            "body": self.body, "year": self.year, "meeting": self.first_meeting,
            "case": f"{self.first_case:02d}/{self.year % 100:02d}",
        }  # fmt: skip

    @staticmethod
    def first_numbers(body_id, year):
        """(first meeting number, first case number) of a body's year: (1, 1) unless set."""
        row = (
            NumberStart.objects.filter(body_id=body_id, year=year)
            .values_list("first_meeting", "first_case")
            .first()
        )
        return row or (1, 1)

    def clean(self):
        """The numbers already given stay: a start below them would be silently ignored."""
        errors = {}
        if not self.body_id or not self.year:
            return
        given = {"body_id": self.body_id, "year": self.year}
        stored = NumberStart.objects.filter(pk=self.pk, **given).values().first() or {}
        last = Meeting.objects.filter(**given).aggregate(n=Max("number"))["n"] or 0
        changed = self.first_meeting != stored.get("first_meeting")
        if changed and self.first_meeting and self.first_meeting <= last:
            errors["first_meeting"] = _(
                "Meeting %(number)s/%(year)s exists already; the next meeting is at least "
                "number %(next)s."
            ) % {"number": last, "year": self.year, "next": last + 1}
        last = AgendaItem.objects.filter(**given).aggregate(n=Max("sequence"))["n"] or 0
        changed = self.first_case != stored.get("first_case")
        if changed and self.first_case and self.first_case <= last:
            errors["first_case"] = _(
                "Case %(number)s exists already; the next case is at least number %(next)s."
            ) % {"number": f"{last:02d}/{self.year % 100:02d}", "next": last + 1}
        if errors:
            raise ValidationError(errors)


APPROVAL_TITLE = {
    "nn": "Godkjenning av innkalling, saksliste og referat frå førre møte",
    "nb": "Godkjenning av innkalling, saksliste og referat fra forrige møte",
}


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases of the meetings this reader may see (see MeetingQuerySet.visible_to)."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user))

    def for_meeting_page(self):
        return self.select_related(
            "postponed_to__body", "postponed_from__meeting__body"
        ).prefetch_related(
            "sub_items", "presenters__person", "attachments", "protocol_entries__person"
        )


@keep_records
class AgendaItem(models.Model):
    """A case (sak) on a meeting's agenda, numbered NN/YY per body and year.

    Numbers run on across the year's meetings. A case gets its number when it is added
    (under a lock on the body, and unique in the database); while the agenda is a draft,
    reordering swaps the numbers among the meeting's cases; the notice fixes them.
    A postponed case keeps its number in the meeting that postponed it; at the later
    meeting it is a new case with a new number, linked to the first (postponed_from).
    """

    class Kind(models.TextChoices):
        APPROVAL = "godkjenning", _("Approval")
        INFORMATION = "orientering", _("Information")
        DISCUSSION = "drofting", _("Discussion")
        DECISION = "vedtakssak", _("Decision")
        ANY_OTHER_BUSINESS = "eventuelt", _("Any other business")

    class DecisionLabel(models.TextChoices):
        DECISION = "vedtak", _("Decision (VEDTAK)")
        FOLLOW_UP = "oppfolging", _("Follow-up")
        NONE = "", _("None")

    class Access(models.TextChoices):
        OPEN = "open", _("Open")
        EXEMPT = "exempt", _("Exempt from public access")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveSmallIntegerField(_("case number"), editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    brought_by = models.CharField(
        _("brought by"), max_length=200, blank=True, help_text=_("Who brought the case.")
    )
    narrative = models.TextField(
        _("narrative"), blank=True, help_text=_("Markdown."), validators=[validate_printable]
    )
    summary = models.TextField(
        _("summary from the meeting"),
        blank=True,
        help_text=_("Markdown, usually a list."),
        validators=[validate_printable],
    )
    proposed_decision = models.TextField(
        _("proposed decision"),
        blank=True,
        help_text=_(
            "Markdown. Printed in the notice and on the case page; the decision starts from it."
        ),
        validators=[validate_printable],
    )
    decision_label = models.CharField(
        _("decision label"), max_length=20, choices=DecisionLabel.choices, blank=True
    )
    decision = models.TextField(
        _("decision"), blank=True, help_text=_("Markdown."), validators=[validate_printable]
    )
    correction = models.TextField(
        _("correction"),
        blank=True,
        validators=[validate_printable],
        help_text=_(
            "A correction to earlier minutes or to the case papers, recorded in these minutes. "
            "In case 1 it is also noted on the approved minutes."
        ),
    )
    approves_minutes_of = models.ForeignKey(
        Meeting,
        verbose_name=_("approves the minutes of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approval_items",
    )
    postponed_to = models.ForeignKey(
        Meeting,
        verbose_name=_("postponed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postponed_items",
    )
    postponed_from = models.ForeignKey(
        "self",
        verbose_name=_("postponed from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_in",
    )
    access = models.CharField(
        _("public access"), max_length=10, choices=Access.choices, default=Access.OPEN
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("For an exempt case, e.g. “offl. § 13 jf. fvl. § 13”."),
    )
    public_title = models.CharField(
        _("public title"),
        max_length=300,
        blank=True,
        help_text=_("For an exempt case: the title the public may see. Empty: no title shown."),
    )
    # Raised by every save; the case screens refuse to save over a newer save (GuardedForm),
    # and find in the history what a screen opened at a version showed.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["meeting", "order", "sequence"]
        indexes = [
            # The decisions register: the decided cases of each meeting, in its order.
            models.Index(
                fields=["meeting", "-sequence", "-id"],
                condition=~Q(decision=""),
                name="moter_agendaitem_decided",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                name="moter_agendaitem_number_unique",
                violation_error_message=_("This case number is taken."),
            ),
            models.CheckConstraint(
                condition=Q(access="open") | ~Q(legal_basis=""),
                name="moter_agendaitem_exempt_has_legal_basis",
                violation_error_message=_("An exempt case needs its legal basis."),
            ),
        ]

    def __str__(self):
        return f"{self.number}: {self.title}"

    # What the public notice prints of a case (see moter.documents.item_context).
    PUBLIC_ACCESS_FIELDS = ("access", "public_title", "legal_basis")

    def save(self, *args, **kwargs):
        self._outdate_public_notice()
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "version"]
        if self._state.adding and not self.sequence:
            with transaction.atomic():
                meeting = self.meeting
                self.body_id, self.year = meeting.body_id, meeting.year
                lock_body(self.body_id)
                last = AgendaItem.objects.filter(body_id=self.body_id, year=self.year).aggregate(
                    n=Max("sequence")
                )["n"]
                first = NumberStart.first_numbers(self.body_id, self.year)[1]
                self.sequence = max(last or 0, first - 1) + 1
                placed = bool(self.order)
                if not placed:
                    self.order = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
                super().save(*args, **kwargs)
                if not placed and self.kind != self.Kind.ANY_OTHER_BUSINESS:
                    self._go_before_any_other_business()
        else:
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Through the meeting: on a meeting page the items share its already-loaded body.
        return reverse(
            "moter:case",
            kwargs={"body": self.meeting.body.slug, "year": self.year, "sequence": self.sequence},
        )

    def _go_before_any_other_business(self):
        """A case added to an agenda that ends with "Eventuelt" goes before it (and, before the
        notice, takes its number, so the numbers still follow the order)."""
        rows = list(self.meeting.items.order_by("order", "sequence").values_list("pk", "kind"))
        tail = []
        for pk, kind in reversed(rows[:-1]):
            if kind != self.Kind.ANY_OTHER_BUSINESS:
                break
            tail.insert(0, pk)
        if tail:
            rest = [pk for pk, _kind in rows if pk not in tail and pk != self.pk]
            self.meeting.reorder([*rest, self.pk, *tail])
            self.refresh_from_db(fields=["order", "sequence", "version"])

    @property
    def number(self):
        if not self.sequence:
            return ""  # given when the case is saved
        return f"{self.sequence:02d}/{self.year % 100:02d}"

    @property
    def is_exempt(self):
        return self.access == self.Access.EXEMPT

    def deletion_refused(self):
        """Why the case must be kept (samarbeid.deletion): it is in a notice that was sent,
        or in published minutes, with its number."""
        meeting = self.meeting
        if meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).exists():
            return gettext(
                "Case %(case)s is in the published minutes of %(meeting)s, so it cannot be "
                "deleted. To correct the minutes, make a new version of them."
            ) % {"case": self.number, "meeting": meeting}
        if meeting.notice_issued_at:
            return gettext(
                "Case %(case)s is in the notice of %(meeting)s that was sent, so it cannot be "
                "deleted, and its number stays. Postpone the case, or write in the minutes that "
                "it was taken off the agenda."
            ) % {"case": self.number, "meeting": meeting}
        return ""

    @property
    def is_postponed(self):
        return self.postponed_to_id is not None

    def _outdate_public_notice(self):
        """A change to what the public may read of a case, after the notice was issued: the
        notice PDF is made again (a task), and the old one is not given to the public meanwhile.
        """
        if self._state.adding or not self.meeting.notice_issued_at:
            return
        before = (
            AgendaItem.objects.filter(pk=self.pk).values(*self.PUBLIC_ACCESS_FIELDS).first() or {}
        )
        if all(before.get(f) == getattr(self, f) for f in self.PUBLIC_ACCESS_FIELDS):
            return
        from moter.tasks import refresh_public_notice

        Meeting.objects.filter(pk=self.meeting_id).update(public_notice_outdated=True)
        self.meeting.public_notice_outdated = True
        meeting_id = self.meeting_id
        transaction.on_commit(lambda: refresh_public_notice.enqueue(meeting_id))

    def clean(self):
        if self.is_exempt and not self.legal_basis.strip():
            raise ValidationError({"legal_basis": _("An exempt case needs its legal basis.")})

    def _check_postpone_target(self, to):
        """Refuse a meeting the case cannot be postponed to, saying why in the editor's words."""
        if to.pk == self.meeting_id:
            raise MeetingStateError(
                _("Case %(case)s is already in %(meeting)s. Choose a later meeting.")
                % {"case": self.number, "meeting": to}
            )
        if to.body_id != self.body_id:
            raise MeetingStateError(
                _(
                    "Case %(case)s can only be postponed to a meeting of %(body)s, not of %(other)s."
                )
                % {"case": self.number, "body": self.meeting.body, "other": to.body}
            )
        if to.starts_at <= self.meeting.starts_at:
            raise MeetingStateError(
                _("Case %(case)s can only be postponed to a meeting after %(meeting)s.")
                % {"case": self.number, "meeting": self.meeting}
            )
        if to.status != Meeting.Status.PLANNED:
            raise MeetingStateError(
                _("The later meeting's notice is already issued; add the case there by hand.")
            )

    @transaction.atomic
    def postpone(self, to):
        """Move the case to a later meeting of the same body: it keeps its number here,
        marked postponed, and becomes a new case (with a new number) there, linked both ways
        (`postponed_to` here, `postponed_from` there). Returns the continued case.

        The case's row is locked and read again, so a second click finds it postponed
        (StepAlreadyDone when to the same meeting) and no second continued case is made."""
        locked = AgendaItem.objects.select_for_update().get(pk=self.pk)
        self.postponed_to_id, self.version = locked.postponed_to_id, locked.version
        if self.postponed_to_id:
            continued = self.continued_case()
            message = {"case": self.number, "meeting": self.postponed_to,
                       "new": continued.number if continued else "–"}  # fmt: skip
            if self.postponed_to_id == to.pk:
                raise StepAlreadyDone(
                    _("Nothing more was done: case %(case)s is already postponed to "
                      "%(meeting)s, where it continues as case %(new)s.") % message
                )  # fmt: skip
            raise MeetingStateError(
                _("Case %(case)s is already postponed to %(meeting)s (case %(new)s).") % message
            )
        if self.meeting.is_frozen:
            raise MeetingStateError(
                _("The minutes of %(meeting)s are published; make a new version first.")
                % {"meeting": self.meeting}
            )
        self._check_postpone_target(to)
        self.postponed_to = to
        self.save(update_fields=["postponed_to"])
        return AgendaItem.objects.create(
            meeting=to,
            title=self.title,
            kind=self.kind,
            brought_by=self.brought_by,
            narrative=self.narrative,
            proposed_decision=self.proposed_decision,
            access=self.access,
            legal_basis=self.legal_basis,
            public_title=self.public_title,
            postponed_from=self,
        )

    def continued_case(self):
        """The case this postponed case continues as at the later meeting, or None."""
        if not self.postponed_to_id:
            return None
        return (
            AgendaItem.objects.select_related("meeting__body")
            .filter(postponed_from=self, meeting_id=self.postponed_to_id)
            .first()
        )

    @transaction.atomic
    def approve_previous_minutes(self, *, decision=None, correction=None):
        """Decide case 1 ("Godkjenning av referat") at a held meeting: the minutes it names
        are approved in this case, with the correction recorded then. One transaction: the
        decision, the correction and the approval are saved together or not at all.

        Both meetings' rows are locked and their status read again; a second click finds the
        minutes approved in this case (StepAlreadyDone). Returns the approved meeting.
        """
        meeting = self.meeting
        meeting._lock()
        locked = AgendaItem.objects.select_for_update().get(pk=self.pk)
        self.version, self.approves_minutes_of_id = locked.version, locked.approves_minutes_of_id
        previous = self.approves_minutes_of
        if previous is None:
            raise MeetingStateError(
                _("Case %(case)s approves no minutes.") % {"case": self.number}
            )
        previous._lock()
        words = {"case": self.number, "meeting": previous.label, "this": meeting.label}
        S = Meeting.Status
        if previous.status in (S.APPROVED, S.PUBLISHING, S.PUBLISHED):
            if previous.approved_in_id == self.pk:
                raise StepAlreadyDone(
                    _("Nothing more was done: the minutes of meeting %(meeting)s are already "
                      "approved in case %(case)s.") % words
                )  # fmt: skip
            raise MeetingStateError(
                _("The minutes of meeting %(meeting)s are already approved, so case %(case)s "
                  "cannot approve them. Nothing was saved.") % words
            )  # fmt: skip
        if previous.status != S.DRAFT_MINUTES:
            raise MeetingStateError(
                _("The minutes of meeting %(meeting)s are not finished: they must be a draft "
                  "(mark that meeting held and start its minutes) before case %(case)s can "
                  "approve them. Nothing was saved.") % words
            )  # fmt: skip
        if meeting.status not in (S.HELD, S.DRAFT_MINUTES):
            raise MeetingStateError(
                _("Case %(case)s approves the minutes when meeting %(this)s is held: mark it "
                  "as held first. Nothing was saved.") % words
            )  # fmt: skip
        if decision is not None:
            self.decision = decision.strip()
        if correction is not None:
            self.correction = correction.strip()
        if not self.decision:  # in the minutes' own language, as the title of case 1
            with translation.override(meeting.language):
                self.decision = gettext("The minutes of meeting %(meeting)s are approved.") % words
        self.save(update_fields=["decision", "correction"])
        previous.approve_minutes(in_case=self, correction=self.correction)
        return previous

    def approval_message(self, previous):
        """ "Referatet frå møte 2/2026 er no godkjent i sak 20/26." """
        return gettext("The minutes of meeting %(meeting)s are now approved in case %(case)s.") % {
            "meeting": previous.label,
            "case": self.number,
        }


class StandingItem(models.Model):
    """A case the body puts on every meeting's agenda (fast sak): approval of the notice and
    the minutes, "Eventuelt" … The body's agenda template, changed by the secretariat."""

    class Place(models.TextChoices):
        START = "start", _("At the start")
        END = "end", _("At the end")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="standing_items"
    )
    title_nn = models.CharField(_("title (nynorsk)"), max_length=300)
    title_nb = models.CharField(
        _("title (bokmål)"), max_length=300, blank=True, help_text=_("Empty = same as nynorsk.")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.APPROVAL
    )
    place = models.CharField(
        _("place on the agenda"), max_length=5, choices=Place.choices, default=Place.START
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    approves_previous_minutes = models.BooleanField(
        _("approves the previous minutes"),
        default=False,
        help_text=_(
            "Deciding this case at a held meeting approves the minutes of the body's previous "
            "meeting."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standing item")
        verbose_name_plural = _("standing items")
        ordering = ["body", "-place", "order", "pk"]

    def __str__(self):
        return self.title_nn

    def title_in(self, language):
        return self.title_nb if language == "nb" and self.title_nb else self.title_nn


def give_a_new_body_its_standing_items(sender, instance, created, raw=False, **kwargs):
    """A new body starts with the approval case as its one standing item (as every body had
    before the template could be changed)."""
    if created and not raw:
        StandingItem.objects.create(
            body=instance,
            title_nn=APPROVAL_TITLE["nn"],
            title_nb=APPROVAL_TITLE["nb"],
            kind=AgendaItem.Kind.APPROVAL,
            approves_previous_minutes=True,
        )


models.signals.post_save.connect(
    give_a_new_body_its_standing_items,
    sender=Body,
    dispatch_uid="moter_standing_items_for_new_bodies",
)


class SubItem(models.Model):
    """A point under a case, e.g. each matter raised under Eventuelt."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sub_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Markdown."), validators=[validate_printable]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.title


class Presenter(models.Model):
    """Someone who presented a case ("Orientering ved …"), registered or not."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("case"), on_delete=models.CASCADE, related_name="presenters"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # named in the minutes: the person is kept (see Person)
        related_name="presented",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        ordering = ["item", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="moter_presenter_has_name",
                violation_error_message=_("Give the presenter's name or choose a person."),
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or (self.person.name if self.person_id else "")


class ProtocolEntry(models.Model):
    """A dissent, a protocol entry (protokolltilførsel) or a declared conflict of interest
    (inhabilitet: the member left while the case was dealt with) by a named member."""

    class Kind(models.TextChoices):
        DISSENT = "dissens", _("Dissent")
        PROTOCOL_ENTRY = "protokolltilforsel", _("Protocol entry")
        CONFLICT = "inhabil", _("Conflict of interest")

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="protocol_entries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, verbose_name=_("member"), on_delete=models.PROTECT)
    text = models.TextField(_("text"), validators=[validate_printable])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dissent or protocol entry")
        verbose_name_plural = _("dissents and protocol entries")
        ordering = ["item", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def with_due(self):
        """Annotate `due` (the date, or the day of the meeting it is due at) and `overdue`."""
        today = timezone.localdate()
        return self.annotate(
            due=Coalesce("due_date", TruncDate("due_meeting__starts_at")),
        ).annotate(
            overdue=models.Case(
                models.When(Q(status=FollowUp.Status.OPEN) & Q(due__lt=today), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def overdue(self):
        return self.open().with_due().filter(overdue=True)

    def aimed_at(self, meeting):
        """Open follow-ups that ask for a case at `meeting`: due at it, or at the next meeting
        of its body, decided before it and not yet on an agenda."""
        return self.open().filter(
            Q(due_meeting=meeting) | Q(due_meeting__isnull=True, case_body_id=meeting.body_id),
            taken_up_in__isnull=True,
            item__meeting__starts_at__lt=meeting.starts_at,
        )

    def for_register(self):
        return self.with_due().select_related(
            "item__meeting__body",
            "owner_body",
            "owner_organisation",
            "case_body",
            "due_meeting__body",
            "taken_up_in__meeting__body",
            "closed_by__meeting__body",
        )


class FollowUp(models.Model):
    """Something a decision asks for: what, who, by when, and the case that closes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("decided in"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        editable=False,
        related_name="follow_ups",
    )  # the item's meeting, so the meeting screen can edit its follow-ups
    description = models.TextField(_("what"))
    owner_body = models.ForeignKey(
        Body,
        verbose_name=_("owner (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text=_("A body, or the secretariat (SSE)."),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    case_body = models.ForeignKey(
        Body,
        verbose_name=_("follow-up case in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups_for_agenda",
        help_text=_(
            "The body that shall have a follow-up case. When its next meeting is made, the "
            "follow-up is offered for that meeting's agenda."
        ),
    )
    due_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("due at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups_due",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    taken_up_in = models.ForeignKey(
        AgendaItem,
        verbose_name=_("on the agenda as case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups_taken_up",
        help_text=_(
            "The later case that takes the follow-up up; set when it is put on an agenda."
        ),
    )
    closed_by = models.ForeignKey(
        AgendaItem,
        verbose_name=_("closed by case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="closes",
    )
    # Links from decisions to measures, agreement versions and working groups are added by
    # their apps as relations to FollowUp/AgendaItem (see handlingsplan and avtaler).
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["status", "due_date", "pk"]
        indexes = [
            # The open ones (a few hundred of twenty years' thousands): the dashboard's overdue
            # follow-ups and the follow-ups register's default view.
            models.Index(
                fields=["due_date"], condition=Q(status="open"), name="moter_followup_open"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_by__isnull=False),
                name="moter_followup_done_has_closing_case",
                violation_error_message=_("A follow-up is done when a later case closes it."),
            )
        ]

    def __str__(self):
        return self.description[:80]

    def save(self, *args, **kwargs):
        self.meeting_id = self.item.meeting_id
        if self.due_meeting_id:
            self.case_body_id = self.due_meeting.body_id
        super().save(*args, **kwargs)

    @property
    def owner(self):
        return self.owner_body or self.owner_organisation

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_overdue(self, today=None):
        """Open and past its date, or its meeting has been held without closing it."""
        if not self.is_open:
            return False
        today = today or timezone.localdate()
        if self.due_date and self.due_date < today:
            return True
        return bool(self.due_meeting_id and self.due_meeting.starts_at.date() < today)

    def clean(self):
        if self.due_meeting_id and self.item_id and (message := self._not_later(self.due_meeting)):
            raise ValidationError({"due_meeting": message})

    def _not_later(self, meeting):
        """Why `meeting` cannot have the follow-up case (None when it can)."""
        if meeting.starts_at <= self.item.meeting.starts_at:
            return _("The follow-up case must be at a meeting after %(meeting)s.") % {
                "meeting": self.item.meeting
            }
        return None

    def close(self, by_case, *, by=None):
        """Done: a case of a later meeting has dealt with it."""
        if by_case.meeting.starts_at <= self.item.meeting.starts_at:
            raise ValidationError(
                _("A follow-up is closed by a case of a later meeting than the decision.")
            )
        self.status, self.closed_by = self.Status.DONE, by_case
        self._history_user = by
        self.save(update_fields=["status", "closed_by"])

    def reopen(self, *, by=None):
        """Undo a closing made by mistake."""
        self.status, self.closed_by = self.Status.OPEN, None
        self._history_user = by
        self.save(update_fields=["status", "closed_by"])

    @transaction.atomic
    def put_on_agenda(self, meeting, *, by=None):
        """Make the follow-up case at `meeting`, linked to the decision that asked for it."""
        if meeting.status != Meeting.Status.PLANNED:
            raise MeetingStateError(
                _("The notice of this meeting is already issued; add the case there by hand.")
            )
        if message := self._not_later(meeting):
            raise MeetingStateError(message)
        if self.taken_up_in_id:
            raise MeetingStateError(
                _("This follow-up is already on the agenda as case %(case)s.")
                % {"case": self.taken_up_in.number}
            )
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        case = AgendaItem(
            meeting=meeting,
            title=Truncator(first_line).chars(300),
            kind=AgendaItem.Kind.DECISION,
            narrative=(
                gettext("Follow-up of case %(case)s (%(body)s, %(date)s):")
                % {
                    "case": self.item.number,
                    "body": self.item.meeting.body.name,
                    "date": date_format(self.item.meeting.starts_at.date()),
                }
                + "\n\n"
                + self.description
            ),
        )
        case._history_user = by
        case.save()
        self.taken_up_in, self.due_meeting = case, meeting
        self.case_body_id = meeting.body_id
        self._history_user = by
        self.save(update_fields=["taken_up_in", "due_meeting", "case_body"])
        return case


class Attendance(models.Model):
    """Who was at a meeting, and how: present, apologies, substitute, observer or guest."""

    class Status(models.TextChoices):
        PRESENT = "til_stades", _("Present")
        APOLOGIES = "forfall", _("Apologies")
        SUBSTITUTE = "vara", _("Substitute")
        OBSERVER = "observator", _("Observer")
        GUEST = "gjest", _("Guest")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    seat = models.ForeignKey(
        Membership,
        verbose_name=_("seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The membership the person attends in; decides the group in the minutes."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("substitute for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrived_at = models.ForeignKey(
        AgendaItem,
        verbose_name=_("came at case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    left_after = models.ForeignKey(
        AgendaItem,
        verbose_name=_("left after case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    pending = models.BooleanField(
        _("waiting for confirmation"),
        default=False,
        help_text=_(
            "A substitute called in by a member's absence report who has not yet confirmed "
            "that they will come."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="moter_attendance_once_per_meeting",
                violation_error_message=_("This person is already on the attendance list."),
            ),
            models.CheckConstraint(
                condition=~Q(status="vara") | Q(substitute_for__isnull=False),
                name="moter_attendance_substitute_names_member",
                violation_error_message=_("Say whom the substitute stands in for."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"


def published_upload_to(instance, filename):
    return random_name("moter", filename)


class MeetingDocumentQuerySet(models.QuerySet):
    def served(self):
        """The documents still given out: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class MeetingDocument(models.Model):
    """A frozen PDF of a meeting: the notice, or a published version of the minutes.

    A version withdrawn for a privacy error keeps its row (with the reason) and its file, but
    is never served again.
    """

    class Kind(models.TextChoices):
        NOTICE = "innkalling", _("Notice")
        MINUTES = "referat", _("Minutes")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    file = ServedFileField(_("file"), upload_to=published_upload_to)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    html = models.TextField(
        _("public page"), blank=True, help_text=_("The public page as published (minutes).")
    )
    reason = models.TextField(_("reason for the new version"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True, editable=False)

    objects = MeetingDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "kind", "-version"]
        indexes = [
            # The newest withdrawal, for the version of the public pages (samarbeid/pagecache.py).
            models.Index(fields=["withdrawn_at"], name="moter_document_withdrawn"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "version"], name="moter_meetingdocument_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.meeting} – {self.get_kind_display()} v{self.version}"

    @staticmethod
    def checksum(data):
        return hashlib.sha256(data).hexdigest()

    def get_download_url(self):
        """The view that serves the file (with the meeting's access rule): the notice's view
        serves the newest notice."""
        meeting = self.meeting
        kwargs = {"body": meeting.body.slug, "year": meeting.year, "number": meeting.number}
        if self.kind == self.Kind.NOTICE:
            return reverse("moter:notice_pdf", kwargs=kwargs)
        return reverse("moter:minutes_pdf", kwargs={**kwargs, "version": self.version})


class NoticeMailing(models.Model):
    """One sending of a meeting's notice by e-mail: when, to how many, who has no e-mail
    address, and why it failed. Sent in the background (moter.tasks.send_notice_mail), tried
    again after a failure, and shown on the meeting screen and the dashboard."""

    class Status(models.TextChoices):
        QUEUED = "i_ko", _("waiting to be sent")
        SENDING = "sender", _("being sent")
        RETRYING = "prov_igjen", _("failed, will be tried again")
        SENT = "sendt", _("sent")
        FAILED = "feila", _("failed")

    PENDING = (Status.QUEUED, Status.SENDING, Status.RETRYING)
    # Tries in all, and the waits before the second, third … try.
    ATTEMPTS = 5
    BACKOFF = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60)]

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="mailings"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("asked for"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked for by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("sent to"), default=0)
    without_address = models.JSONField(
        _("without an e-mail address"), default=list, blank=True,
        help_text=_("Members who got no e-mail: give them the notice another way."),
    )  # fmt: skip
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("notice e-mail")
        verbose_name_plural = _("notice e-mails")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # The newest sending of a meeting: the meeting screen and the dashboard.
            models.Index(fields=["meeting", "-requested_at"], name="moter_mailing_newest"),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.summary()}"

    @classmethod
    def queue(cls, meeting, *, by=None):
        """Record a sending and queue it once the transaction commits."""
        mailing = cls.objects.create(meeting=meeting, requested_by=by)
        transaction.on_commit(mailing.enqueue)
        return mailing

    def enqueue(self, run_after=None):
        from moter.tasks import send_notice_mail

        task = (
            send_notice_mail if run_after is None else send_notice_mail.using(run_after=run_after)
        )
        task.enqueue(self.pk)

    @property
    def is_pending(self):
        return self.status in self.PENDING

    @property
    def missing_count(self):
        return len(self.without_address)

    def summary(self):
        """'Sent 3 March at 14.05 to 24; 4 have no e-mail address' and the like."""
        return mailing_summary(
            self.status, sent_at=self.sent_at, sent_count=self.sent_count,
            missing=self.missing_count, error=self.error, next_attempt_at=self.next_attempt_at,
        )  # fmt: skip


def _when(moment):
    if not moment:
        return ""
    moment = timezone.localtime(moment)
    # "3. mars kl. 14.05" / "3 March at 14:05": the interface language's own formats.
    return gettext("%(day)s at %(time)s") % {
        "day": date_format(moment, "MONTH_DAY_FORMAT"), "time": time_format(moment),
    }  # fmt: skip


def mailing_summary(
    status, *, sent_at, sent_count, missing, error="", next_attempt_at=None, brief=False
):
    """The notice e-mail's state in a sentence (also for the dashboard's annotated rows,
    `brief`: without the mail server's own words, which the meeting screen shows)."""
    S = NoticeMailing.Status
    when = _when(next_attempt_at)
    if status == S.SENT:
        text = ngettext("sent %(when)s to %(n)s", "sent %(when)s to %(n)s", sent_count) % {
            "when": _when(sent_at),
            "n": sent_count,
        }
    elif status == S.RETRYING and brief:
        text = gettext("not sent yet; tried again %(when)s") % {"when": when}
    elif status == S.RETRYING:
        text = gettext("not sent yet: %(error)s; tried again %(when)s") % {
            "error": error,
            "when": when,
        }
    elif status == S.FAILED and brief:
        text = gettext("NOT sent: use “Send the notice again” on the meeting")
    elif status == S.FAILED:
        text = gettext("NOT sent: %(error)s. Use “Send the notice again”.") % {"error": error}
    else:
        text = gettext("waiting to be sent")
    if missing and status == S.SENT:
        text += ", " + ngettext(
            "%(n)s has no e-mail address", "%(n)s have no e-mail address", missing
        ) % {"n": missing}
    return text


def attachment_upload_to(instance, filename):
    return random_name("saksgrunnlag", filename)


class Attachment(models.Model):
    """A case paper (saksgrunnlag): PDF, DOCX, XLSX or ODT, checked from its content."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = ServedFileField(_("file"), upload_to=attachment_upload_to)
    file_type = models.CharField(_("file type"), max_length=10, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False, default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case paper")
        verbose_name_plural = _("case papers")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.file and not self.file._committed:
            self.file_type = check_document(self.file, field="file")
            self.size = self.file.size

    def get_download_url(self):
        item = self.item
        return reverse(
            "moter:case_paper",
            kwargs={"body": item.meeting.body.slug, "year": item.year,
                    "sequence": item.sequence, "pk": self.pk},
        )  # fmt: skip

    def download_name(self):
        return download_name(self.title, self.file_type or extension_of(self.file.name))
