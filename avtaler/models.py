"""Agreements (avtalar) with versions and per-party signing; working groups with their seats.

An agreement is the lasting thing ("Tenesteavtale 7"); its versions are the texts that go
through drafting, consultation, approval, signing and force. Each party signs a version on
its own date: one signing row per party, made in one step when the version is sent.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from samarbeid.access import is_editor, member_body_ids
from samarbeid.deletion import keep_records
from samarbeid.files import (
    ServedFileField,
    check_document,
    download_name,
    extension_of,
    random_name,
)
from samarbeid.models import (
    Body,
    DocumentLanguage,
    MemberGroup,
    Membership,
    Organisation,
    member_group,
    pick_language,
)
from samarbeid.richtext import validate_printable


class StatutoryTopic(models.Model):
    """A topic the law requires an agreement on (helse- og omsorgstenestelova § 6-2 nr. 1–13)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_nn = models.CharField(_("title (nynorsk)"), max_length=200)
    title_nb = models.CharField(_("title (bokmål)"), max_length=200, blank=True)
    added_in = models.PositiveSmallIntegerField(
        _("added in"), null=True, blank=True, help_text=_("The year the topic came into the law.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statutory topic")
        verbose_name_plural = _("statutory topics")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self):
        return pick_language(self.title_nn, self.title_nb)


def parties_now():
    """The current parties: municipalities and hospitals marked as parties in the registry."""
    return Organisation.objects.current().filter(is_party=True)


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements with a public version for everybody; all for the responsible body and
        editors."""
        if is_editor(user):
            return self
        public = Exists(
            Version.objects.filter(agreement=OuterRef("pk"), status__in=Version.PUBLIC)
        )
        return self.filter(public | Q(responsible_body_id__in=member_body_ids(user)))

    def for_register(self, user):
        """With topics, parent and the versions `user` may see (`visible_versions`, newest
        first): three queries, however many agreements."""
        return self.select_related("parent").prefetch_related(
            "topics",
            Prefetch(
                "versions",
                queryset=Version.objects.visible_to(user).order_by("-pk"),
                to_attr="visible_versions",
            ),
        )

    def for_matrix(self):
        """Agreements sent for signing, with their sent and in-force versions, those versions'
        signing rows and the listed parties: four queries, however many agreements."""
        signing = Version.objects.filter(status__in=Version.SIGNING)
        return (
            self.filter(Exists(signing.filter(agreement=OuterRef("pk"))))
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=signing.order_by("-pk").prefetch_related(
                        Prefetch("signatures", queryset=Signature.objects.order_by())
                    ),
                    to_attr="signing_versions",
                ),
                Prefetch("parties", queryset=Organisation.objects.only("pk"), to_attr="listed"),
            )
            .order_by("order", "label")
        )


@keep_records
class Agreement(models.Model):
    """An agreement between the parties: the overarching one, a service or a special agreement."""

    class Level(models.TextChoices):
        OVERARCHING = "overordna", _("Overarching collaboration agreement")
        SERVICE = "tenesteavtale", _("Service agreement")
        SPECIAL = "saeravtale", _("Special agreement")
        GUIDELINE = "retningsline", _("Guideline or other")

    class Parties(models.TextChoices):
        ALL = "alle", _("All parties")
        LISTED = "utvalde", _("Listed parties")
        OPT_IN = "tilslutning", _("Parties that opt in")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    label = models.CharField(
        _("label"),
        max_length=100,
        help_text=_(
            "The agreement's own name in this community, as it is written: “Tenesteavtale 11 "
            "og 12”, “Særavtale om LIS1-rekruttering”. The statutory topics are set separately."
        ),
    )
    number = models.CharField(
        _("local number"),
        max_length=20,
        blank=True,
        help_text=_("The community's own number, if any: “7”, “11 og 12”, “8-1”."),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        help_text=_("Fixed part of the web address, for example “ta-7”. Do not change it later."),
    )
    title_nn = models.CharField(_("title (nynorsk)"), max_length=300)
    title_nb = models.CharField(
        _("title (bokmål)"), max_length=300, blank=True, help_text=_("Empty = same as nynorsk.")
    )
    topics = models.ManyToManyField(
        StatutoryTopic,
        verbose_name=_("statutory topics"),
        blank=True,
        related_name="agreements",
        help_text=_("The § 6-2 topics the agreement covers, whatever its own number is."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("For a special agreement: the service agreement it belongs under."),
    )
    parties_rule = models.CharField(
        _("parties"),
        max_length=20,
        choices=Parties.choices,
        default=Parties.ALL,
        help_text=_(
            "All parties: every current party signs. Listed: only those chosen below. "
            "Opt-in: add each party below as it opts in."
        ),
    )
    parties = models.ManyToManyField(
        Organisation,
        verbose_name=_("listed or opted-in parties"),
        blank=True,
        limit_choices_to={"is_party": True},
        related_name="agreements",
        help_text=_("Used when the parties are “listed” or “opt in”; ignored for “all”."),
    )
    responsible_body = models.ForeignKey(
        Body,
        verbose_name=_("responsible body"),
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text=_("Usually SSU. Its members may read drafts and consultation versions."),
    )
    working_group = models.ForeignKey(
        Body,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": Body.Kind.WORKING_GROUP},
        related_name="agreements_worked_on",
    )
    next_review = models.DateField(
        _("next yearly review"),
        null=True,
        blank=True,
        help_text=_("The agreements are reviewed once a year (§ 6-5)."),
    )
    measures = models.ManyToManyField(
        "handlingsplan.Measure",
        verbose_name=_("measures in the action plan"),
        blank=True,
        related_name="agreements",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lower numbers come first in the register.")
    )
    history = HistoricalRecords(m2m_fields=[topics, parties])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["order", "label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(level="saeravtale"),
                name="avtaler_agreement_parent_only_for_special",
                violation_error_message=_("Only a special agreement belongs under another."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="avtaler_agreement_not_own_parent",
                violation_error_message=_("An agreement cannot belong under itself."),
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("avtaler:agreement", kwargs={"slug": self.slug})

    @property
    def title(self):
        return pick_language(self.title_nn, self.title_nb)

    @property
    def signing_version(self):
        """The version whose signing matters now: the one out for signing if there is one,
        else the one in force. Uses `for_matrix()`'s prefetch when it is there."""
        versions = getattr(self, "signing_versions", None)
        if versions is None:
            versions = list(self.versions.filter(status__in=Version.SIGNING).order_by("-pk"))
        sent = [v for v in versions if v.status == Version.Status.SENT]
        return (sent or versions or [None])[0]

    def deletion_refused(self):
        """Why the agreement must be kept (samarbeid.deletion): a version went to the parties."""
        if self.versions.filter(Q(sent_on__isnull=False) | Q(status__in=Version.PUBLIC)).exists():
            return gettext(
                "%(agreement)s has a version that was sent to the parties or is in force, so "
                "the agreement cannot be deleted. Repeal the version instead, with a reason."
            ) % {"agreement": self}
        return ""

    def is_party(self, party):
        if self.parties_rule == self.Parties.ALL:
            return True
        listed = getattr(self, "listed", None)
        if listed is None:
            listed = list(self.parties.all())
        return any(p.pk == party.pk for p in listed)

    def party_list(self):
        """The organisations that are parties to this agreement now."""
        if self.parties_rule == self.Parties.ALL:
            return list(parties_now())
        return list(self.parties.all())


class VersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sent, in force, replaced and repealed versions for all; the rest for the responsible
        body's members and editors."""
        if is_editor(user):
            return self
        return self.filter(
            Q(status__in=Version.PUBLIC)
            | Q(agreement__responsible_body_id__in=member_body_ids(user))
        )


DOCUMENT_TYPES = ("pdf", "docx", "odt")


def document_upload_to(instance, filename):
    return random_name("avtalar", filename)


@keep_records
class Version(models.Model):
    """A version of an agreement's text, from the first draft until it is replaced."""

    class Status(models.TextChoices):
        IN_PREPARATION = "under_arbeid", _("In preparation")
        DRAFT = "utkast", _("Draft")
        CONSULTATION = "hoyring", _("Out for consultation")
        FOR_APPROVAL = "til_godkjenning", _("For approval")
        APPROVED = "godkjend", _("Approved")
        SENT = "sendt", _("Sent to the parties")
        IN_FORCE = "i_kraft", _("In force")
        REPLACED = "erstatta", _("Replaced")
        REPEALED = "oppheva", _("Repealed")

    Language = DocumentLanguage

    # What the public may read; earlier stages only the responsible body and the secretariat.
    PUBLIC = (Status.SENT, Status.IN_FORCE, Status.REPLACED, Status.REPEALED)
    # The versions whose signing the matrix follows.
    SIGNING = (Status.SENT, Status.IN_FORCE)
    # Statuses the secretariat sets by hand; the later ones only through the actions.
    BY_HAND = (
        Status.IN_PREPARATION, Status.DRAFT, Status.CONSULTATION, Status.FOR_APPROVAL,
        Status.APPROVED,
    )  # fmt: skip
    # The allowed changes of status. Until it is sent a version moves freely among the early
    # stages; once sent it never goes back: sent → in force → replaced, or repealed.
    TRANSITIONS = {
        Status.IN_PREPARATION: {*BY_HAND} - {Status.IN_PREPARATION},
        Status.DRAFT: {*BY_HAND} - {Status.DRAFT},
        Status.CONSULTATION: {*BY_HAND} - {Status.CONSULTATION},
        Status.FOR_APPROVAL: {*BY_HAND} - {Status.FOR_APPROVAL},
        Status.APPROVED: {*BY_HAND, Status.SENT, Status.IN_FORCE} - {Status.APPROVED},
        Status.SENT: {Status.IN_FORCE, Status.REPEALED},
        Status.IN_FORCE: {Status.REPLACED, Status.REPEALED},
        Status.REPLACED: {Status.REPEALED},
        Status.REPEALED: set(),
    }
    # What the version screen's status field offers besides the current status; "sent" and
    # "in force" come from the actions, which also make the signing rows.
    SET_ON_SCREEN = (*BY_HAND, Status.REPEALED)

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(
        _("version"), max_length=60, help_text=_("For example “2026” or “revisjon 2026”.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.IN_PREPARATION,
        help_text=_(
            "Set the early stages by hand. “Sent to the parties” and “In force” are set by the "
            "actions in the list of versions, which also make the signing rows."
        ),
    )
    consultation_deadline = models.DateField(
        _("consultation deadline"),
        null=True,
        blank=True,
        help_text=_("Required while out for consultation."),
    )
    approved_in = models.ForeignKey(
        "moter.AgendaItem",
        verbose_name=_("approved in case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_agreement_versions",
    )
    sent_in = models.ForeignKey(
        "moter.AgendaItem",
        verbose_name=_("sent for signing in case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreement_versions_sent",
        help_text=_("The case whose decision sent the version to the parties for signing."),
    )
    sent_on = models.DateField(_("sent to the parties"), null=True, blank=True, editable=False)
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NYNORSK
    )
    document = ServedFileField(
        _("document"),
        upload_to=document_upload_to,
        blank=True,
        help_text=_("The signed or approved document as PDF, DOCX or ODT."),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("The agreement's text in Markdown; it can be printed."),
        validators=[validate_printable],
    )
    change_summary = models.TextField(_("what changed"), blank=True)
    repeal_reason = models.TextField(
        _("why it was repealed"),
        blank=True,
        help_text=_("Required when the status is “Repealed”: the version stays in the history."),
    )
    # Raised by every save; the version screen refuses to save over a newer save (GuardedForm).
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["agreement", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="i_kraft"),
                name="avtaler_version_one_in_force",
                violation_error_message=_("Another version of this agreement is in force."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "label"],
                name="avtaler_version_unique_label",
                violation_error_message=_("The agreement already has a version with this name."),
            ),
            models.CheckConstraint(
                condition=~Q(status="hoyring") | Q(consultation_deadline__isnull=False),
                name="avtaler_version_consultation_has_deadline",
                violation_error_message=_("A version out for consultation needs a deadline."),
            ),
            models.CheckConstraint(
                condition=~Q(status="i_kraft") | Q(valid_from__isnull=False),
                name="avtaler_version_in_force_has_date",
                violation_error_message=_(
                    "A version in force needs the date it is in force from."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.agreement} ({self.label})"

    def save(self, *args, **kwargs):
        _follow_transitions_and_count(self, kwargs)
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return self.status in self.PUBLIC

    @property
    def was_sent(self):
        return self.sent_on is not None

    def deletion_refused(self):
        """Why the version must be kept (samarbeid.deletion): it went to the parties."""
        if self.was_sent or self.status in self.PUBLIC:
            return gettext(
                "%(version)s was sent to the parties (it is “%(status)s”), so it cannot be "
                "deleted; its signatures stay with it. Repeal it instead, with a reason."
            ) % {"version": self, "status": self.get_status_display()}
        return ""

    def get_download_url(self):
        """The document, through the view that applies the version page's access rule."""
        return reverse(
            "avtaler:version_document", kwargs={"slug": self.agreement.slug, "pk": self.pk}
        )

    def download_name(self):
        """“Tenesteavtale 11 (2026).pdf”: the agreement's label and the version's."""
        title = f"{self.agreement.label} ({self.label})"
        return download_name(title, extension_of(self.document.name))

    def clean(self):
        if self.document and not self.document._committed:
            check_document(self.document, types=DOCUMENT_TYPES, field="document")
        if message := self._refused_transition():
            raise ValidationError({"status": message})
        if self.status not in self.BY_HAND and not self.was_sent:
            raise ValidationError(
                {"status": _("Use the action “Send to the parties” before this status.")}
            )
        if self.status == self.Status.REPEALED and not self.repeal_reason.strip():
            raise ValidationError({"repeal_reason": _("Say why the version is repealed.")})

    def _refused_transition(self):
        """Why the status may not change from the stored one to this one ("" when it may)."""
        if self._state.adding:
            return ""
        before = Version.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if before is None or before == self.status or self.status in self.TRANSITIONS[before]:
            return ""
        return _("A version that is “%(before)s” cannot become “%(after)s”.") % {
            "before": self.Status(before).label,
            "after": self.get_status_display(),
        }

    def _lock(self):
        """Lock the agreement's row: its versions change one at a time."""
        Agreement.objects.select_for_update().filter(pk=self.agreement_id).first()
        self.refresh_from_db(fields=["status", "sent_on", "revision"])

    @transaction.atomic
    def approve(self, *, in_case, by=None):
        """Record that the decision in `in_case` approved this version."""
        self._lock()
        if self.status not in self.BY_HAND:
            raise ValidationError(
                _("This version is “%(status)s”; only a version not yet sent can be approved.")
                % {"status": self.get_status_display()}
            )
        if self.approved_in_id and self.approved_in_id != in_case.pk:
            raise ValidationError(
                _("This version was already approved in case %(case)s.")
                % {"case": self.approved_in.number}
            )
        self.status, self.approved_in = self.Status.APPROVED, in_case
        self._history_user = by
        self.save(update_fields=["status", "approved_in"])

    @transaction.atomic
    def send_for_signing(self, *, in_case, on=None, by=None):
        """Send the version to the parties as `in_case` decided, all or nothing.

        A version not yet approved is approved by the same case first (SSU usually
        “approves the agreement and sends it to the parties for handling and signing”).
        Returns the number of signing rows, as `send_to_parties` does.
        """
        self._lock()
        if self.status in self.BY_HAND and self.status != self.Status.APPROVED:
            self.approve(in_case=in_case, by=by)
        count = self.send_to_parties(on=on, by=by)
        self.sent_in = in_case
        self.save(update_fields=["sent_in"])
        return count

    @transaction.atomic
    def send_to_parties(self, *, on=None, by=None):
        """Send the approved version to every party: one signing row each, all at once.

        Rows the secretariat made in advance (with a note) are kept and marked as sent.
        """
        self._lock()
        if self.status != self.Status.APPROVED:
            raise ValidationError(
                _("Only an approved version can be sent to the parties; this one is “%(status)s”.")
                % {"status": self.get_status_display()}
            )
        parties = self.agreement.party_list()
        if not parties:
            raise ValidationError(_("The agreement has no parties to send it to."))
        on = on or timezone.localdate()
        existing = {row.party_id: row for row in self.signatures.all()}
        for row in existing.values():
            if row.status == Signature.Status.NOT_SENT:
                row.status = Signature.Status.SENT
                row._history_user = by
                row.save(update_fields=["status", "updated_at"])
        new = [
            Signature(version=self, party=p, status=Signature.Status.SENT)
            for p in parties
            if p.pk not in existing
        ]
        bulk_create_with_history(new, Signature, default_user=by)
        self.status, self.sent_on = self.Status.SENT, on
        self._history_user = by
        self.save(update_fields=["status", "sent_on"])
        return len(new) + len(existing)

    @transaction.atomic
    def record_signature(self, party, *, on, by=None, note=None):
        """Record that `party` signed this version on `on` (None: signed, date unknown)."""
        if not self.was_sent:
            raise ValidationError(
                _("This version has not been sent to the parties, so nobody can sign it yet.")
            )
        row = self.signatures.select_for_update().filter(party=party).first()
        if row is None:
            raise ValidationError(
                _("%(party)s is not among the parties this version was sent to.")
                % {"party": party}
            )
        if on is not None and on < self.sent_on:
            raise ValidationError(
                _("A signature cannot be dated before the version was sent (%(date)s).")
                % {"date": date_format(self.sent_on)}
            )
        if on is not None and on > timezone.localdate():
            raise ValidationError(_("A signature cannot be dated in the future."))
        row.status, row.signed_on = Signature.Status.SIGNED, on
        if note is not None:
            row.note = note
        row._history_user = by
        row.save()
        return row

    @transaction.atomic
    def put_in_force(self, *, on, by=None):
        """Make this version the one in force from `on`; the one in force before is replaced."""
        self._lock()
        if self.status not in (self.Status.APPROVED, self.Status.SENT):
            raise ValidationError(
                _(
                    "Only an approved or sent version can be put in force; this one is “%(status)s”."
                )
                % {"status": self.get_status_display()}
            )
        previous = Version.objects.filter(
            agreement_id=self.agreement_id, status=self.Status.IN_FORCE
        ).first()
        if previous:
            previous.status = self.Status.REPLACED
            previous._history_user = by
            previous.save(update_fields=["status"])
            self.replaces = self.replaces or previous
        self.status, self.valid_from = self.Status.IN_FORCE, on
        self._history_user = by
        self.save(update_fields=["status", "valid_from", "replaces"])
        return previous

    def signing_summary(self):
        """{status: count} of the signing rows (uses prefetched rows when there are)."""
        counts = {}
        for row in self.signatures.all():
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts


@keep_records
class Signature(models.Model):
    """One party's handling of one version: sent, being handled, signed (when), declined …"""

    class Status(models.TextChoices):
        NOT_SENT = "ikkje_sendt", _("Not sent")
        SENT = "sendt", _("Sent for handling")
        IN_PROCESS = "under_behandling", _("Being handled")
        SIGNED = "signert", _("Signed")
        DECLINED = "avslatt", _("Declined")
        NOT_APPLICABLE = "ikkje_aktuelt", _("Not applicable")

    # Statuses that say "we have not heard the outcome yet".
    OUTSTANDING = (Status.SENT, Status.IN_PROCESS)
    # The allowed changes of status: a recorded signature is final (its date may be corrected);
    # a party that declined may reconsider; "not applicable" set by mistake can be undone.
    TRANSITIONS = {
        Status.NOT_SENT: {Status.SENT, Status.NOT_APPLICABLE},
        Status.SENT: {Status.IN_PROCESS, Status.SIGNED, Status.DECLINED, Status.NOT_APPLICABLE},
        Status.IN_PROCESS: {Status.SENT, Status.SIGNED, Status.DECLINED, Status.NOT_APPLICABLE},
        Status.DECLINED: {Status.IN_PROCESS, Status.SIGNED},
        Status.SIGNED: set(),
        Status.NOT_APPLICABLE: {Status.NOT_SENT, Status.SENT, Status.IN_PROCESS},
    }

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.ForeignKey(
        Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="signatures"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_SENT
    )
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        help_text=_(
            "When the party signed. Leave it empty when a party has signed but the date is not "
            "known: the signature is then shown as “date unknown”."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("For example “Kontakt mellom partane er oppretta”."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Raised by every save; the version screen's signing rows refuse to save over a newer save.
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signing by a party")
        verbose_name_plural = _("signing by party")
        ordering = ["version", "party__short_name_nn"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party"],
                name="avtaler_signature_one_per_party",
                violation_error_message=_("This party already has a row for this version."),
            ),
            # A signature may have no known date (old paper agreements); nothing else has one.
            models.CheckConstraint(
                condition=Q(status="signert") | Q(signed_on__isnull=True),
                name="avtaler_signature_date_only_when_signed",
                violation_error_message=_(
                    "Only a signature has a date: empty the date, or set the status to “Signed”."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        _follow_transitions_and_count(self, kwargs)
        super().save(*args, **kwargs)

    @property
    def is_outstanding(self):
        return self.status in self.OUTSTANDING

    def deletion_refused(self):
        """Why the row must be kept (samarbeid.deletion): the version went to this party."""
        if self.version.was_sent:
            return gettext(
                "%(version)s was sent to %(party)s, so the party's signing row cannot be "
                "deleted. Set it to “Not applicable” instead, with a note."
            ) % {"version": self.version, "party": self.party}
        return ""

    def clean(self):
        if message := self._refused_transition():
            raise ValidationError({"status": message})
        sent = self.version_id and self.version.was_sent
        if not sent and self.status not in (self.Status.NOT_SENT, self.Status.NOT_APPLICABLE):
            raise ValidationError(
                {"status": _("The version has not been sent to the parties yet, so it cannot "
                             "be handled or signed.")}
            )  # fmt: skip

    def _refused_transition(self):
        """Why the status may not change from the stored one to this one ("" when it may)."""
        if self._state.adding:
            return ""
        before = Signature.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if before is None or before == self.status or self.status in self.TRANSITIONS[before]:
            return ""
        return _("%(party)s is “%(before)s”; that cannot become “%(after)s”.") % {
            "party": self.party,
            "before": self.Status(before).label,
            "after": self.get_status_display(),
        }


def _follow_transitions_and_count(row, kwargs):
    """Before a version or signing row is saved again: refuse a change of status that its
    TRANSITIONS do not allow, and raise its `revision` (the screens' guard against lost
    updates)."""
    if row._state.adding:
        return
    update_fields = kwargs.get("update_fields")
    if (update_fields is None or "status" in update_fields) and (
        message := row._refused_transition()
    ):
        raise ValidationError({"status": message})
    row.revision += 1
    if update_fields is not None:
        kwargs["update_fields"] = [*update_fields, "revision"]


# --- Working groups ---------------------------------------------------------------------


def free_slug(name):
    """A web address for a new body made from `name`, with -2, -3 … when it is taken."""
    base = slugify(name)[:55].strip("-") or "gruppe"
    slug, n = base, 1
    while Body.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Seats that count towards a cap: chairs and members, not substitutes, observers or secretaries.
SEAT_ROLES = (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR, Membership.Role.MEMBER)


@keep_records
class WorkingGroup(models.Model):
    """What a working group (a body of kind “arbeidsgruppe”) has besides its members."""

    class Status(models.TextChoices):
        SET_UP = "oppretta", _("Set up")
        WORKING = "i_arbeid", _("At work")
        DELIVERED = "levert", _("Delivered")
        CLOSED = "avslutta", _("Closed")

    body = models.OneToOneField(
        Body,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        limit_choices_to={"kind": Body.Kind.WORKING_GROUP},
        related_name="working_group",
        help_text=_("The group in the registry; its name, mandate and members are kept there."),
    )
    process = models.TextField(
        _("process and plan"),
        blank=True,
        help_text=_("May be written in Markdown."),
        validators=[validate_printable],
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SET_UP
    )
    reports_to = models.ForeignKey(
        Body,
        verbose_name=_("reports to"),
        on_delete=models.PROTECT,
        related_name="reporting_groups",
    )
    set_up_in = models.ForeignKey(
        "moter.AgendaItem",
        verbose_name=_("set up in case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups_set_up",
    )
    delivers_agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("delivers a version of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivering_groups",
    )
    delivers_version = models.ForeignKey(
        Version,
        verbose_name=_("delivered version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivering_groups",
        help_text=_("The version the group handed over, once it exists."),
    )
    delivers_measure = models.ForeignKey(
        "handlingsplan.Measure",
        verbose_name=_("delivers on measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups",
    )
    delivers_report = models.CharField(
        _("delivers a report"), max_length=300, blank=True, help_text=_("What report, if any.")
    )
    changed_in = models.ManyToManyField(
        "moter.AgendaItem",
        verbose_name=_("changed in cases"),
        blank=True,
        related_name="working_groups_changed",
        help_text=_(
            "Later cases whose decisions changed the group: its mandate, composition or deadline."
        ),
    )
    history = HistoricalRecords(m2m_fields=[changed_in])

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["body__name_nn"]

    def __str__(self):
        return str(self.body)

    def get_absolute_url(self):
        return reverse("avtaler:group", kwargs={"slug": self.body.slug})

    def deletion_refused(self):
        """Why the group must be kept (samarbeid.deletion): a decision set it up."""
        if self.set_up_in_id:
            return gettext(
                "%(group)s was set up by the decision in case %(case)s, so it cannot be "
                "deleted. Mark it closed instead."
            ) % {"group": self, "case": self.set_up_in.number}
        return ""

    @classmethod
    @transaction.atomic
    def set_up(cls, *, in_case, name_nn, name_nb="", short_name="", slug="", mandate="",
               deadline=None, reports_to=None, by=None):  # fmt: skip
        """A new working group as the decision in `in_case` set it up: the group in the
        registry (a body of kind “arbeidsgruppe” under the body it reports to) and its row
        here, both or neither. It reports to the deciding body unless told otherwise."""
        reports_to = reports_to or in_case.body
        body = Body(
            name_nn=name_nn, name_nb=name_nb, short_name=short_name, kind=Body.Kind.WORKING_GROUP,
            slug=slug or free_slug(short_name or name_nn), parent=reports_to, mandate=mandate,
            active_from=timezone.localtime(in_case.meeting.starts_at).date(),
        )  # fmt: skip
        body.full_clean()
        body._history_user = by
        body.save()
        group = cls(body=body, reports_to=reports_to, set_up_in=in_case, deadline=deadline)
        group._history_user = by
        group.save()
        return group

    def record_change(self, *, in_case, by=None):
        """Record that the decision in `in_case` changed this group."""
        if self.set_up_in_id == in_case.pk:
            raise ValidationError(_("This case set the group up; it is linked already."))
        set_up = self.set_up_in
        if set_up and in_case.meeting.starts_at < set_up.meeting.starts_at:
            raise ValidationError(
                _("Case %(case)s is older than the case that set the group up (%(set_up)s).")
                % {"case": in_case.number, "set_up": set_up.number}
            )
        if self.changed_in.filter(pk=in_case.pk).exists():
            raise ValidationError(
                _("The change in case %(case)s is recorded already.") % {"case": in_case.number}
            )
        self._history_user = by
        self.changed_in.add(in_case)

    def seats(self):
        """The group's current seats that count towards the caps."""
        return list(
            Membership.objects.current()
            .filter(body_id=self.body_id, role__in=SEAT_ROLES)
            .select_related("person", "organisation", "area", "substitute_for")
        )

    def composition(self, seats=None):
        """[(cap, [seats in its category])] in MemberGroup order, then the seats with no cap."""
        seats = self.seats() if seats is None else seats
        by_group = {}
        for seat in seats:
            by_group.setdefault(member_group(seat), []).append(seat)
        rows = [(cap, by_group.pop(cap.category, [])) for cap in self.caps.all()]
        return rows, [s for rest in by_group.values() for s in rest]

    @transaction.atomic
    def add_member(self, person, *, category, role=Membership.Role.MEMBER, organisation=None,
                   area=None, fills=None, start=None, by=None):  # fmt: skip
        """Give `person` a seat, refusing one beyond the cap of its category.

        `fills`: a required seat of this group the new member fills ("one from the
        hospital pharmacy").
        """
        Body.objects.select_for_update().filter(pk=self.body_id).first()
        seat = Membership(
            person=person, body=self.body, role=role, category=category,
            organisation=organisation, area=area, start=start,
        )  # fmt: skip
        if fills is not None:
            self._check_fills(seat, fills)
        seat.full_clean()  # Membership.clean() asks check_seat() about the caps
        seat._history_user = by
        seat.save()
        if fills is not None:
            fills.filled_by = seat
            fills._history_user = by
            fills.save(update_fields=["filled_by"])
        return seat

    def check_seat(self, seat):
        """Refuse a new seat beyond the cap of its category (ValidationError)."""
        if seat.role in SEAT_ROLES:
            self._check_cap(seat)

    def _check_cap(self, seat):
        caps = {cap.category: cap for cap in self.caps.all()}
        if not caps:
            return  # no composition rule: any number of seats
        group = member_group(seat)
        cap = caps.get(group)
        if cap is None:
            raise ValidationError(
                _("The group's composition has no seats for “%(category)s”.")
                % {"category": MemberGroup(group).label}
            )
        taken = sum(1 for s in self.seats() if member_group(s) == group)
        if taken >= cap.max_seats:
            raise ValidationError(
                _("The group already has %(taken)d of at most %(cap)d seats for “%(category)s”. "
                  "End a seat first, or change the composition.")
                % {"taken": taken, "cap": cap.max_seats, "category": cap.get_category_display()}
            )  # fmt: skip

    def _check_fills(self, seat, required):
        if required.group_id != self.pk:
            raise ValidationError(_("That required seat belongs to another group."))
        if required.is_filled:
            raise ValidationError(
                _("The seat “%(seat)s” is already filled by %(person)s.")
                % {"seat": required.description, "person": required.filled_by.person}
            )
        if member_group(seat) != required.category:
            raise ValidationError(
                _("The seat “%(seat)s” is for “%(category)s”.")
                % {"seat": required.description, "category": required.get_category_display()}
            )


class SeatCap(models.Model):
    """A cap in a group's composition: “up to 5 from the specialist health services”."""

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="caps",
    )
    category = models.CharField(_("represents"), max_length=30, choices=MemberGroup.choices)
    max_seats = models.PositiveSmallIntegerField(_("at most"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat cap")
        verbose_name_plural = _("composition: seats per category")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "category"],
                name="avtaler_seatcap_one_per_category",
                violation_error_message=_("The group already has a cap for this category."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.max_seats}"


class RequiredSeat(models.Model):
    """A seat the composition requires: “one from the hospital pharmacy”."""

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="required_seats",
    )
    description = models.CharField(
        _("seat"), max_length=200, help_text=_("As the decision says: “éin frå sjukehusapoteket”.")
    )
    category = models.CharField(
        _("counts towards"),
        max_length=30,
        choices=MemberGroup.choices,
        help_text=_("The category whose cap the seat is part of."),
    )
    filled_by = models.ForeignKey(
        Membership,
        verbose_name=_("filled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="required_seats",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required seat")
        verbose_name_plural = _("composition: required seats")
        ordering = ["group", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_filled(self):
        seat = self.filled_by
        today = timezone.localdate()
        return seat is not None and (seat.end is None or seat.end >= today)
