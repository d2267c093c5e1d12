"""Meetings of the bodies: notice, agenda (cases with numbers like 03/26), attendance,
decisions and follow-ups, minutes approval and publication."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from samarbeid.files import (
    ServedFileField,
    check_document,
    download_name,
    extension_of,
    random_name,
)
from samarbeid.models import Body, Membership, Organisation, Person
from samarbeid.models import DocumentLanguage as Language


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


class Meeting(models.Model):
    """A meeting of a body, numbered per body and year: "SSU møte 1/2026"."""

    class Status(models.TextChoices):
        PLANNED = "planlagd", _("Planned")
        NOTICE_ISSUED = "innkalla", _("Notice issued")
        HELD = "halde", _("Held")
        DRAFT_MINUTES = "referat_utkast", _("Draft minutes")
        APPROVED = "referat_godkjent", _("Minutes approved")
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
    notice_text = models.TextField(_("notice text"), blank=True, help_text=_("Markdown."))
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
                self.number = (last or 0) + 1
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
        """Published minutes change only through an explicit new version."""
        return self.status == self.Status.PUBLISHED

    def _prepare_new(self):
        """A new meeting starts with case 1 and its members on the attendance list."""
        AgendaItem.objects.create(
            meeting=self,
            title=str(APPROVAL_TITLE.get(self.language, APPROVAL_TITLE["nn"])),
            kind=AgendaItem.Kind.APPROVAL,
            approves_minutes_of=self.previous(),
        )
        seats = Membership.objects.current(timezone.localtime(self.starts_at).date()).filter(
            body_id=self.body_id
        )
        bulk_create_with_history(
            [
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
                for seat in seats.exclude(role=Membership.Role.SUBSTITUTE)
            ],
            Attendance,
        )

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
    # Each step checks where the meeting is and refuses with a message the secretariat
    # can act on (MeetingStateError); nothing is half-done.

    def _require(self, *statuses, action):
        if self.status not in statuses:
            raise MeetingStateError(
                _("%(meeting)s cannot %(action)s while its status is “%(status)s”.")
                % {"meeting": self, "action": action, "status": self.get_status_display()}
            )

    def _set_status(self, status, **fields):
        for name, value in fields.items():
            setattr(self, name, value)
        self.status = status
        self.save(update_fields=["status", *fields])

    @transaction.atomic
    def issue_notice(self, *, by=None):
        """Fix the case numbers, store the notice PDF and mail the members a link to it."""
        from moter.documents import render_notice
        from moter.mail import send_notice

        self._require(self.Status.PLANNED, action=_("issue its notice"))
        if not self.items.exists():
            raise MeetingStateError(_("Add at least one case before issuing the notice."))
        self._set_status(self.Status.NOTICE_ISSUED, notice_issued_at=timezone.now())
        pdf = render_notice(self)
        self.store_document(MeetingDocument.Kind.NOTICE, pdf, by=by)
        transaction.on_commit(lambda: send_notice(self))

    def mark_held(self):
        self._require(self.Status.NOTICE_ISSUED, action=_("be marked as held"))
        self._set_status(self.Status.HELD)

    def start_minutes(self):
        self._require(self.Status.HELD, action=_("get draft minutes"))
        self._set_status(self.Status.DRAFT_MINUTES)

    def approve_minutes(self, *, in_case, correction=""):
        self._require(
            self.Status.HELD, self.Status.DRAFT_MINUTES, action=_("have its minutes approved")
        )
        self._set_status(self.Status.APPROVED, approved_in=in_case, approval_correction=correction)

    def approve_outside_meeting(self):
        """Minutes approved without a case, e.g. by circulation among the members."""
        self.approve_minutes(in_case=None)

    def request_publication(self, *, by=None):
        """Queue the rendering; the meeting is published only when the PDF is stored."""
        from moter.tasks import publish_minutes

        self._require(self.Status.APPROVED, action=_("be published"))
        self.publish_error = ""
        self.save(update_fields=["publish_error"])
        user_id = by.pk if by else None
        transaction.on_commit(lambda: publish_minutes.enqueue(self.pk, user_id))

    def publish(self, *, by=None):
        """Render and freeze the minutes: the PDF with its checksum and the public page."""
        from moter.documents import render_minutes, render_public_minutes

        self._require(self.Status.APPROVED, action=_("be published"))
        pdf = render_minutes(self)
        html = render_public_minutes(self)
        with transaction.atomic():
            Meeting.objects.select_for_update().filter(pk=self.pk).first()
            self.store_document(
                MeetingDocument.Kind.MINUTES, pdf, by=by, html=html, reason=self.revision_reason
            )
            self._set_status(self.Status.PUBLISHED, publish_error="", revision_reason="")

    def open_new_version(self, *, reason, by=None):
        """Unfreeze published minutes for a correction; the old version stays available."""
        self._require(self.Status.PUBLISHED, action=_("get a new version"))
        if not reason.strip():
            raise MeetingStateError(_("Say why the minutes need a new version."))
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
        Meeting.objects.select_for_update().filter(pk=self.pk).first()
        self.refresh_from_db(fields=["status", "revision_reason"])
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
        self._require(self.Status.PLANNED, self.Status.NOTICE_ISSUED, action=_("be cancelled"))
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
        for position, pk in enumerate(item_ids, start=1):
            items[pk].order = position
        if renumber:
            # Park the numbers out of the way first so the unique constraint never trips.
            for item in items.values():
                item.sequence += 10000
                item.save(update_fields=["sequence"])
            for number, pk in zip(numbers, item_ids, strict=True):
                items[pk].sequence = number
        for item in items.values():
            item.save(update_fields=["order", "sequence"])


class MeetingStateError(ValidationError):
    """A lifecycle step that the meeting's status does not allow."""


def lock_body(body_id):
    """Serialise numbering for one body: concurrent writers wait for each other here."""
    list(Body.objects.select_for_update().filter(pk=body_id).values_list("pk", flat=True))


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
            "postponed_to__body", "postponed_from__meeting"
        ).prefetch_related(
            "sub_items", "presenters__person", "attachments", "protocol_entries__person"
        )


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
    body = models.ForeignKey(Body, on_delete=models.PROTECT, editable=False, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveSmallIntegerField(_("case number"), editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    brought_by = models.CharField(
        _("brought by"), max_length=200, blank=True, help_text=_("Who brought the case.")
    )
    narrative = models.TextField(_("narrative"), blank=True, help_text=_("Markdown."))
    summary = models.TextField(
        _("summary from the meeting"), blank=True, help_text=_("Markdown, usually a list.")
    )
    decision_label = models.CharField(
        _("decision label"), max_length=20, choices=DecisionLabel.choices, blank=True
    )
    decision = models.TextField(_("decision"), blank=True, help_text=_("Markdown."))
    correction = models.TextField(
        _("correction"),
        blank=True,
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
        if self._state.adding and not self.sequence:
            with transaction.atomic():
                meeting = self.meeting
                self.body_id, self.year = meeting.body_id, meeting.year
                lock_body(self.body_id)
                last = AgendaItem.objects.filter(body_id=self.body_id, year=self.year).aggregate(
                    n=Max("sequence")
                )["n"]
                self.sequence = (last or 0) + 1
                if not self.order:
                    self.order = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
                super().save(*args, **kwargs)
        else:
            super().save(*args, **kwargs)
        self._approve_previous_minutes()

    def get_absolute_url(self):
        # Through the meeting: on a meeting page the items share its already-loaded body.
        return reverse(
            "moter:case",
            kwargs={"body": self.meeting.body.slug, "year": self.year, "sequence": self.sequence},
        )

    @property
    def number(self):
        if not self.sequence:
            return ""  # given when the case is saved
        return f"{self.sequence:02d}/{self.year % 100:02d}"

    @property
    def is_exempt(self):
        return self.access == self.Access.EXEMPT

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

    @transaction.atomic
    def postpone(self, to):
        """Move the case to a later meeting of the same body: it keeps its number here,
        marked postponed, and becomes a new case (with a new number) there."""
        if to.body_id != self.body_id or to.starts_at <= self.meeting.starts_at:
            raise MeetingStateError(
                _("A case can only be postponed to a later meeting of the same body.")
            )
        if to.status != Meeting.Status.PLANNED:
            raise MeetingStateError(
                _("The later meeting's notice is already issued; add the case there by hand.")
            )
        if self.postponed_to_id:
            raise MeetingStateError(_("This case is already postponed."))
        self.postponed_to = to
        self.save(update_fields=["postponed_to"])
        return AgendaItem.objects.create(
            meeting=to,
            title=self.title,
            kind=self.kind,
            brought_by=self.brought_by,
            narrative=self.narrative,
            access=self.access,
            legal_basis=self.legal_basis,
            public_title=self.public_title,
            postponed_from=self,
        )

    def _approve_previous_minutes(self):
        """Deciding case 1 approves the minutes of the previous meeting."""
        previous = self.approves_minutes_of
        if (
            previous
            and self.decision.strip()
            and previous.status in (Meeting.Status.HELD, Meeting.Status.DRAFT_MINUTES)
        ):
            previous.approve_minutes(in_case=self, correction=self.correction.strip())


class SubItem(models.Model):
    """A point under a case, e.g. each matter raised under Eventuelt."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("case"), on_delete=models.CASCADE, related_name="sub_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
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
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL
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
    text = models.TextField(_("text"))
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
        Meeting, on_delete=models.CASCADE, editable=False, related_name="follow_ups"
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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
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
