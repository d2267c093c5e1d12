"""The registry the rest of the product builds on: who is who in the health community."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samarbeid.deletion import keep_records
from samarbeid.richtext import validate_printable


def pick_language(nn, nb):
    """The bokmål text for a bokmål reader, else nynorsk (the community's default)."""
    if (get_language() or "").startswith("nb") and nb:
        return nb
    return nn or nb


class DocumentLanguage(models.TextChoices):
    """The written standard of a document (plan, minutes, agreement); its labels follow it."""

    NYNORSK = "nn", _("Nynorsk")
    BOKMAAL = "nb", _("Bokmål")


class CurrentQuerySet(models.QuerySet):
    """Rows with a validity period (`start`/`end` fields named by the model)."""

    period_fields = ("valid_from", "valid_to")

    def current(self, on=None):
        on = on or timezone.localdate()
        start, end = self.period_fields
        return self.filter(
            Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on}),
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}),
        )


class BodyQuerySet(CurrentQuerySet):
    period_fields = ("active_from", "active_to")


@keep_records
class Body(models.Model):
    """An organ of the health community: partnership meeting, SSU, an OU, an FSU, a group …"""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnarskapsmote", _("Partnership meeting")
        SSU = "ssu", _("Strategic committee")
        OU = "ou", _("Area committee")
        FSU = "fsu", _("Professional committee")
        SUBCOMMITTEE = "underutval", _("Sub-committee")
        WORKING_GROUP = "arbeidsgruppe", _("Working group")
        NETWORK = "nettverk", _("Network")
        SECRETARIAT = "sekretariat", _("Secretariat")

    name_nn = models.CharField(_("name (nynorsk)"), max_length=200)
    name_nb = models.CharField(
        _("name (bokmål)"), max_length=200, blank=True, help_text=_("Empty = same as nynorsk.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("For example SSU, OU Bergen, UFAB."),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_(
            "Fixed part of the web address, for example “ssu”. Do not change it once the page is in use."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    mandate = models.TextField(
        _("mandate"),
        blank=True,
        help_text=_("May be written in Markdown."),
        validators=[validate_printable],
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lower numbers come first in the directory.")
    )
    established_in = models.ForeignKey(
        "moter.AgendaItem",
        verbose_name=_("established in case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies_established",
        help_text=_("The case whose decision set up this body, when it is known."),
    )
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["order", "name_nn"]
        # What makes a staff login the secretariat (samarbeid.access.is_editor).
        permissions = [
            ("secretariat", _("Works in the secretariat: reads everything unpublished")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="samarbeid_body_period_in_order",
                violation_error_message=_("“Active until” cannot be before “active from”."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("body", kwargs={"slug": self.slug})

    @property
    def name(self):
        return pick_language(self.name_nn, self.name_nb)

    def deletion_refused(self):
        """Why the body must be kept (samarbeid.deletion): it has meetings, or it is a working
        group set up by a decision."""
        if self.meetings.exists():
            return gettext(
                "%(body)s has meetings, so it cannot be deleted. Set “active until” instead."
            ) % {"body": self}
        if hasattr(self, "working_group"):
            return gettext(
                "%(body)s is a working group, so it cannot be deleted. Mark the group closed "
                "and set “active until” instead."
            ) % {"body": self}
        return ""


class Organisation(models.Model):
    """A party or other organisation: municipality, hospital trust, KS, union, college …"""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Municipality")
        HOSPITAL_TRUST = "helseforetak", _("Hospital trust")
        PRIVATE_HOSPITAL = "privat_ideell", _("Private non-profit hospital/DPS")
        KS = "ks", _("KS")
        COUNTY_GOVERNOR = "statsforvaltar", _("County governor")
        UNION = "fagforeining", _("Union")
        EDUCATION = "utdanning", _("Education")
        USER_ORGANISATION = "brukarorganisasjon", _("User organisation")
        OTHER = "anna", _("Other")

    short_name_nn = models.CharField(_("short name (nynorsk)"), max_length=80)
    short_name_nb = models.CharField(_("short name (bokmål)"), max_length=80, blank=True)
    name_nn = models.CharField(_("full name (nynorsk)"), max_length=200)
    name_nb = models.CharField(
        _("full name (bokmål)"),
        max_length=200,
        blank=True,
        help_text=_("Empty = same as nynorsk."),
    )
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area_committee = models.ForeignKey(
        Body,
        verbose_name=_("area committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Body.Kind.OU},
        related_name="municipalities",
        help_text=_("For municipalities: the area committee the municipality belongs to."),
    )
    is_party = models.BooleanField(
        _("party to the collaboration agreement"),
        default=False,
        help_text=_("Municipalities and hospitals that have signed the agreements."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("After a merger: the organisation that took over."),
    )
    history = HistoricalRecords()

    objects = CurrentQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["short_name_nn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="samarbeid_organisation_period_in_order",
                violation_error_message=_("“Valid until” cannot be before “valid from”."),
            ),
            models.CheckConstraint(
                condition=Q(area_committee__isnull=True) | Q(kind="kommune"),
                name="samarbeid_organisation_area_only_for_municipalities",
                violation_error_message=_("Only municipalities belong to an area committee."),
            ),
        ]

    def __str__(self):
        return self.short_name

    @property
    def short_name(self):
        return pick_language(self.short_name_nn, self.short_name_nb)

    @property
    def name(self):
        return pick_language(self.name_nn, self.name_nb)


@keep_records
class Person(models.Model):
    """Someone who sits in a body, presents a case or works in the secretariat."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Never shown publicly."))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Never shown publicly.")
    )
    name_is_public = models.BooleanField(
        _("name may be shown publicly"),
        default=True,
        help_text=_(
            "Turn off for private persons: user representatives, youth council and GPs. "
            "The public then sees the role, not the name."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("The user account this person logs in with, if any."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def deletion_refused(self):
        """Why the person must be kept (samarbeid.deletion): the minutes name them."""
        cases = [p.item.number for p in self.presented.select_related("item")[:5]]
        if cases:
            return gettext(
                "%(person)s presented case %(cases)s and is named in the minutes, so the person "
                "cannot be deleted. End their memberships instead; untick “name may be shown "
                "publicly” for a private person."
            ) % {"person": self, "cases": ", ".join(cases)}
        return ""


class MembershipQuerySet(CurrentQuerySet):
    period_fields = ("start", "end")

    def for_body_page(self, body):
        """Current members of `body`, with everything the body page prints."""
        return (
            self.current()
            .filter(body=body)
            .select_related(
                "person",
                "person__organisation",
                "organisation",
                "area",
                "substitute_for__person",
            )
            .order_by("person__name")
        )


class Membership(models.Model):
    """A person's seat in a body: role, what they represent, and for how long."""

    class Role(models.TextChoices):
        CHAIR = "leiar", _("Chair")
        VICE_CHAIR = "nestleiar", _("Vice-chair")
        MEMBER = "medlem", _("Member")
        SUBSTITUTE = "vara", _("Substitute")
        OBSERVER = "observator", _("Observer with the right to speak and propose")
        SECRETARIAT = "sekretariat", _("Secretariat")

    class Category(models.TextChoices):
        MUNICIPAL = "kommunehelsetenesta", _("Municipal health services")
        SPECIALIST = "spesialisthelsetenesta", _("Specialist health services")
        USER_MUNICIPAL = "brukar_kommune", _("User representative, municipalities")
        USER_SPECIALIST = "brukar_spesialist", _("User representative, specialist health services")
        GP = "fastlege", _("GP representative")
        MUNICIPAL_CHIEF_MEDICAL_OFFICER = "kommuneoverlege", _("Municipal chief medical officer")
        KS = "ks", _("KS")
        UNION = "tillitsvald", _("Union representative")
        COUNTY_GOVERNOR = "statsforvaltar", _("County governor")
        YOUTH_COUNCIL = "ungdomsrad", _("Youth council")
        SECRETARIAT = "sekretariat", _("Secretariat")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    category = models.CharField(
        _("represents"),
        max_length=30,
        choices=Category.choices,
        help_text=_("The category the seat belongs to."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("for organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
        help_text=_("The organisation the seat represents, for example Helse Bergen."),
    )
    area = models.ForeignKey(
        Body,
        verbose_name=_("for area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Body.Kind.OU},
        related_name="represented_by",
        help_text=_(
            "For example the area committee a municipal seat, or a secretariat member, stands for."
        ),
    )
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("personal substitute for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
        help_text=_("The member this person is personal substitute for, in the same body."),
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the list, for example “fylkeslege i Vestland”."),
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="samarbeid_membership_period_in_order",
                violation_error_message=_("“Until” cannot be before “from”."),
            ),
            models.CheckConstraint(
                condition=~Q(substitute_for=models.F("pk")),
                name="samarbeid_membership_not_own_substitute",
                violation_error_message=_("Nobody can be their own substitute."),
            ),
        ]
        indexes = [
            # The body page: current members of one body.
            models.Index(fields=["body", "end"], name="samarbeid_membership_body_end"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.substitute_for_id and self.substitute_for.body_id != self.body_id:
            raise ValidationError(
                {"substitute_for": _("A substitute must stand in for a member of the same body.")}
            )
        # A working group's composition rule (caps per category) holds here too, so a seat
        # added in the admin is refused like one added through WorkingGroup.add_member.
        group = getattr(self.body, "working_group", None) if self.body_id else None
        if group is not None and self._state.adding:
            group.check_seat(self)


class MemberGroup(models.TextChoices):
    """How member lists are grouped on pages and in minutes, in the order the seed uses."""

    MUNICIPAL = "kommunehelsetenesta", _("Municipal health services")
    SPECIALIST = "spesialisthelsetenesta", _("Specialist health services")
    USERS = "brukar", _("User representatives")
    GP = "fastlege", _("GP representative")
    YOUTH = "ungdomsrad", _("Youth council")
    CHIEF_MEDICAL_OFFICERS = "kommuneoverlege", _("Municipal chief medical officers")
    KS = "ks", _("KS")
    UNIONS = "tillitsvald", _("Union representatives")
    COUNTY_GOVERNOR = "statsforvaltar", _("County governor")
    OBSERVERS = "observator", _("Observers with the right to speak and propose")
    SECRETARIAT = "sekretariat", _("The secretariat (SSE)")


def member_group(membership):
    """The group a seat is listed under: observers together, then by category."""
    seat = membership.substitute_for or membership
    if membership.role == Membership.Role.OBSERVER or seat.role == Membership.Role.OBSERVER:
        return MemberGroup.OBSERVERS
    if membership.category in (
        Membership.Category.USER_MUNICIPAL,
        Membership.Category.USER_SPECIALIST,
    ):
        return MemberGroup.USERS
    return MemberGroup(membership.category)


def grouped_members(memberships):
    """[(MemberGroup, [membership, …]), …] in MemberGroup order, empty groups left out.

    Substitutes are listed right after the member they stand in for.
    """
    rank = {value: i for i, value in enumerate(MemberGroup.values)}
    role_rank = {value: i for i, value in enumerate(Membership.Role.values)}
    groups = {}
    for m in memberships:
        groups.setdefault(member_group(m), []).append(m)
    ordered = []
    for key in sorted(groups, key=rank.__getitem__):
        seats = groups[key]
        principal = [m for m in seats if not m.substitute_for_id]
        principal.sort(key=lambda m: (role_rank[m.role], m.person.name))
        subs = {}
        for m in seats:
            if m.substitute_for_id:
                subs.setdefault(m.substitute_for_id, []).append(m)
        listed = []
        for m in principal:
            listed.append(m)
            listed.extend(subs.pop(m.pk, []))
        for rest in subs.values():  # substitutes whose member is listed elsewhere
            listed.extend(rest)
        ordered.append((key, listed))
    return ordered
