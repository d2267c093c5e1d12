"""The action plan: plans with areas, numbered measures and their dated status reports."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samarbeid.access import is_editor, member_body_ids
from samarbeid.deletion import keep_records
from samarbeid.models import Body, DocumentLanguage, Organisation
from samarbeid.richtext import validate_printable


class Status(models.TextChoices):
    """Where a measure stands; a status report sets it."""

    NOT_STARTED = "ikkje_starta", _("Not started")
    IN_PROGRESS = "i_gang", _("In progress")
    DELAYED = "forseinka", _("Delayed")
    STALLED = "stoppa_opp", _("Stalled")
    COMPLETED = "sluttfort", _("Completed")
    DISCONTINUED = "utgatt", _("Discontinued")


FINISHED = (Status.COMPLETED, Status.DISCONTINUED)


def month_label(day):
    """ "september 2020": the reporting month in the active language."""
    return date_format(day, "F Y")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Adopted and archived plans for everybody; drafts for the adopting body and editors."""
        if is_editor(user):
            return self
        public = Q(status__in=[Plan.Status.ADOPTED, Plan.Status.ARCHIVED])
        return self.filter(public | Q(adopted_by_id__in=member_body_ids(user)))


@keep_records
class Plan(models.Model):
    """An action plan (handlingsplan) for a period, adopted by a body."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Draft")
        ADOPTED = "vedteken", _("Adopted")
        ARCHIVED = "arkivert", _("Archived")

    # The allowed changes of status: an adopted plan has been public and never becomes a
    # draft again; an archived plan may be taken out of the archive.
    TRANSITIONS = {
        Status.DRAFT: {Status.ADOPTED},
        Status.ADOPTED: {Status.ARCHIVED},
        Status.ARCHIVED: {Status.ADOPTED},
    }

    Language = DocumentLanguage

    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example “Handlingsplan 2026–2027”.")
    )
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        help_text=_("Fixed part of the web address, for example “2026-2027”."),
    )
    period_from = models.PositiveSmallIntegerField(_("from year"))
    period_to = models.PositiveSmallIntegerField(_("to year"))
    adopted_by = models.ForeignKey(
        Body,
        verbose_name=_("adopted by"),
        on_delete=models.PROTECT,
        related_name="action_plans",
        help_text=_("The body that adopts the plan; its members may read the draft."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_in = models.ForeignKey(
        "moter.AgendaItem",
        verbose_name=_("adopted in case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_plans",
        help_text=_("The case that adopted the plan, when it is known."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.NYNORSK,
        help_text=_("The language of the plan's text; the PDF's labels follow it."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Drafts are shown only to the secretariat and the adopting body's members."),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("May be written in Markdown."),
        validators=[validate_printable],
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-period_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")),
                name="handlingsplan_plan_period_in_order",
                violation_error_message=_("“To year” cannot be before “from year”."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("handlingsplan:plan", kwargs={"slug": self.slug})

    @property
    def period(self):
        if self.period_from == self.period_to:
            return str(self.period_from)
        return f"{self.period_from}–{self.period_to}"

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT

    def clean(self):
        before = Plan.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if before and before != self.status and self.status not in self.TRANSITIONS[before]:
            raise ValidationError(
                {
                    "status": _("A plan that is “%(before)s” cannot become “%(after)s”.")
                    % {"before": self.Status(before).label, "after": self.get_status_display()}
                }
            )

    def deletion_refused(self):
        """Why the plan must be kept (samarbeid.deletion): it was adopted."""
        if self.is_public:
            return gettext(
                "%(plan)s is adopted, so neither the plan nor its areas, measures and status "
                "reports can be deleted. Archive the plan; mark a measure discontinued."
            ) % {"plan": self}
        return ""

    def reporting_dates(self):
        """The dates of this plan's status reports, newest first."""
        return list(
            StatusReport.objects.filter(measure__area__plan=self)
            .order_by("-reported_on")
            .values_list("reported_on", flat=True)
            .distinct()
        )

    @transaction.atomic
    def record_status_round(self, day, entries, *, by=None):
        """Save a status round: one report per entry on `day`, all or nothing.

        `entries` are dicts with measure, status, text, lines [(party, text)] and version:
        the version of the measure's report on `day` that the editor saw ("" for none).
        If any of them has changed since, nothing is saved (RoundConflict).
        """
        ids = [e["measure"].pk for e in entries]
        # Lock the measures, so that a second round for them waits until this one is done.
        list(Measure.objects.select_for_update().filter(pk__in=ids, area__plan=self))
        existing = {
            r.measure_id: r
            for r in StatusReport.objects.filter(measure_id__in=ids, reported_on=day)
        }
        conflicts = [
            e["measure"]
            for e in entries
            if (existing[e["measure"].pk].version if e["measure"].pk in existing else "")
            != e["version"]
        ]
        if conflicts:
            raise RoundConflict(conflicts)
        earlier = {
            r.measure_id: r
            for r in StatusReport.objects.newest_per_measure(
                day - datetime.timedelta(days=1)
            ).filter(measure_id__in=ids)
        }
        saved = []
        for e in entries:
            report = existing.get(e["measure"].pk) or StatusReport(
                measure=e["measure"], reported_on=day, written_by=by
            )
            report.status, report.text = e["status"], e["text"]
            report._history_user = by
            report.save()
            report.replace_lines(e["lines"], by=by, earlier=earlier.get(e["measure"].pk))
            saved.append(report)
        return saved

    @transaction.atomic
    def copy_to(self, period_from, period_to, *, by=None, title=None, slug=None):
        """A draft plan for a new period with the same areas and the unfinished measures.

        Each carried measure points back to the one it came from (`carried_from`), so its
        status history stays one click away; it starts with the status it had.
        """
        period = str(period_from) if period_from == period_to else f"{period_from}-{period_to}"
        copy = Plan(
            title=title or f"{self.title.rsplit(' ', 1)[0]} {period.replace('-', '–')}",
            slug=slug or period,
            period_from=period_from,
            period_to=period_to,
            adopted_by=self.adopted_by,
            language=self.language,
            introduction=self.introduction,
            copied_from=self,
        )
        copy._change_reason = f"Copied from {self}"
        copy.save()
        measures = Measure.objects.for_plan_page(self).exclude(current_status__in=FINISHED)
        by_area = {}
        for measure in measures:
            by_area.setdefault(measure.area_id, []).append(measure)
        for area in self.areas.all():
            new_area = Area.objects.create(plan=copy, number=area.number, title=area.title)
            for old in by_area.get(area.pk, []):
                old.carry_to(new_area, by=by)
        return copy


class RoundConflict(Exception):
    """Someone else saved a report for these measures and date while the round was open."""

    def __init__(self, measures):
        super().__init__(", ".join(m.number for m in measures))
        self.measures = measures


@keep_records
class Area(models.Model):
    """An area (område) of a plan, numbered 1, 2, …; it holds the measures."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="areas"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="handlingsplan_area_unique_number",
                violation_error_message=_("The plan already has an area with this number."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def deletion_refused(self):
        return self.plan.deletion_refused()

    @transaction.atomic
    def renumber(self, *, by=None):
        """Number the area's measures 1, 2, 3 … in their present order (closes gaps).

        Recorded in each moved measure's history with the old and the new number.
        """
        measures = list(self.measures.order_by("seq"))
        return Measure.renumber_in_order(self, measures, by=by)


class MeasureQuerySet(models.QuerySet):
    def with_current_status(self, as_of=None):
        """Annotate `current_status`: the newest report's status (on or before `as_of`)."""
        reports = StatusReport.objects.filter(measure=OuterRef("pk"))
        if as_of:
            reports = reports.filter(reported_on__lte=as_of)
        newest = reports.order_by("-reported_on", "-pk").values("status")[:1]
        return self.annotate(current_status=Coalesce(Subquery(newest), F("status")))

    def for_plan_page(self, plan, as_of=None):
        """The plan's measures with area, responsible and their current report (with lines).

        The current report of each measure is found by one window query, not one per row;
        `measure.current_report` is it (or None).
        """
        return (
            self.filter(area__plan=plan)
            .with_current_status(as_of)
            .select_related("area")
            .prefetch_related(
                "responsible_bodies",
                "responsible_organisations",
                Prefetch(
                    "reports",
                    queryset=StatusReport.objects.newest_per_measure(as_of),
                    to_attr="current_reports",
                ),
            )
            .order_by("area__number", "seq")
        )


@keep_records
class Measure(models.Model):
    """A measure (tiltak) in an area of the plan, numbered `area.seq` (1.3)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="measures"
    )
    seq = models.PositiveSmallIntegerField(
        _("number in the area"),
        editable=False,
        help_text=_("Given automatically; change it only by renumbering."),
    )
    title = models.CharField(_("title"), max_length=300)
    sub_actions = models.TextField(
        _("sub-actions"), blank=True, help_text=_("One sub-action per line.")
    )
    timeframe = models.CharField(
        _("timeframe"),
        max_length=100,
        blank=True,
        help_text=_("As it is printed, for example “Vår 2020” or “Hausten 2022”."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    responsible_bodies = models.ManyToManyField(
        Body,
        verbose_name=_("responsible bodies"),
        blank=True,
        related_name="measures",
        help_text=_("Committees, groups or the secretariat (SSE) that follow the measure up."),
    )
    responsible_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("responsible organisations"),
        blank=True,
        related_name="measures",
    )
    status = models.CharField(
        _("status without a report"),
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        help_text=_("Shown until the first status report; after that the newest report counts."),
    )
    cases = models.ManyToManyField(
        "moter.AgendaItem",
        verbose_name=_("cases"),
        blank=True,
        related_name="measures",
        help_text=_("The cases that decided or discussed the measure."),
    )
    case_reference = models.CharField(
        _("from case (text)"),
        max_length=200,
        blank=True,
        help_text=_("For cases that are not in Samarbeid, as text, for example “OSU 12/19”."),
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        editable=False,
    )
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["area__plan", "area__number", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "seq"],
                name="handlingsplan_measure_unique_number",
                violation_error_message=_("The area already has a measure with this number."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="handlingsplan_measure_dates_in_order",
                violation_error_message=_("“Ends on” cannot be before “starts on”."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.seq is None:
            # The next number in the area. The area row is locked until the transaction
            # ends, so two editors adding at once get 1.8 and 1.9, never two 1.8s (the
            # unique constraint is the last guard).
            with transaction.atomic():
                Area.objects.select_for_update().filter(pk=self.area_id).first()
                last = Measure.objects.filter(area_id=self.area_id).aggregate(n=Max("seq"))["n"]
                self.seq = (last or 0) + 1
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "handlingsplan:measure", kwargs={"slug": self.area.plan.slug, "pk": self.pk}
        )

    @property
    def number(self):
        return f"{self.area.number}.{self.seq}" if self.seq else f"{self.area.number}.?"

    def deletion_refused(self):
        return self.area.plan.deletion_refused()

    @property
    def sub_action_list(self):
        return [line.strip(" -•\t") for line in self.sub_actions.splitlines() if line.strip()]

    @property
    def current_report(self):
        """The newest report (prefetched by `for_plan_page`, else one query)."""
        if hasattr(self, "current_reports"):
            return self.current_reports[0] if self.current_reports else None
        return self.reports.order_by("-reported_on", "-pk").first()

    def renumber(self, seq, *, by=None):
        """Move the measure to number `seq` in its area; the others close up around it."""
        others = [m for m in self.area.measures.order_by("seq") if m.pk != self.pk]
        seq = max(1, min(seq, len(others) + 1))
        others.insert(seq - 1, self)
        return Measure.renumber_in_order(self.area, others, by=by)

    @staticmethod
    @transaction.atomic
    def renumber_in_order(area, measures, *, by=None):
        """Give `measures` the numbers 1, 2, … in list order; record each change in history."""
        Area.objects.select_for_update().filter(pk=area.pk).first()
        changed = [(m, i) for i, m in enumerate(measures, start=1) if m.seq != i]
        # Park the moving rows on free numbers first, so the unique constraint holds at
        # every step. The parking step is not history: only the final numbers are.
        top = (Measure.objects.filter(area=area).aggregate(n=Max("seq"))["n"] or 0) + 1
        for offset, (m, _i) in enumerate(changed):
            Measure.objects.filter(pk=m.pk).update(seq=top + offset)
        for m, i in changed:
            old = m.number
            m.seq = i
            m._change_reason = f"Renumbered from {old} to {m.number}"
            m._history_user = by
            m.save(update_fields=["seq"])
        return len(changed)

    def carry_to(self, area, *, by=None):
        """A copy of this measure in `area` (of a later plan), linked back to this one."""
        copy = Measure(
            area=area,
            title=self.title,
            sub_actions=self.sub_actions,
            timeframe=self.timeframe,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            status=getattr(self, "current_status", None) or self.status,
            case_reference=self.case_reference,
            carried_from=self,
        )
        copy._change_reason = f"Carried over from {self.area.plan} {self.number}"
        copy._history_user = by
        copy.save()
        copy.responsible_bodies.set(self.responsible_bodies.all())
        copy.responsible_organisations.set(self.responsible_organisations.all())
        return copy

    def history_chain(self):
        """This measure and the ones it was carried over from, newest plan first."""
        chain, measure, seen = [], self, set()
        while measure is not None and measure.pk not in seen:
            seen.add(measure.pk)
            chain.append(measure)
            measure = measure.carried_from
        return chain


class StatusReportQuerySet(models.QuerySet):
    def newest_per_measure(self, as_of=None):
        """Each measure's newest report (on or before `as_of`), with its per-party lines."""
        reports = self
        if as_of:
            reports = reports.filter(reported_on__lte=as_of)
        return (
            reports.annotate(
                rank=models.Window(
                    RowNumber(),
                    partition_by=[F("measure_id")],
                    order_by=[F("reported_on").desc(), F("pk").desc()],
                )
            )
            .filter(rank=1)
            .prefetch_related(
                Prefetch("lines", queryset=StatusLine.objects.select_related("party"))
            )
        )


@keep_records
class StatusReport(models.Model):
    """A measure's status on a reporting date ("Status pr. september 2020")."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField(
        _("reporting date"),
        help_text=_("Shown as the month: “Status as of September 2020”."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = models.TextField(_("text"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up for the demonstration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["measure", "-reported_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "reported_on"],
                name="handlingsplan_statusreport_one_per_date",
                violation_error_message=_("The measure already has a report on this date."),
            ),
        ]
        indexes = [
            # The plan's reporting dates and "changes since a date".
            models.Index(fields=["reported_on"], name="handlingsplan_report_date"),
        ]

    def __str__(self):
        return f"{self.measure}: {self.month}"

    @property
    def month(self):
        return month_label(self.reported_on)

    def deletion_refused(self):
        return self.measure.area.plan.deletion_refused()

    def replace_lines(self, lines, *, by=None, earlier=None):
        """Make the per-party lines `lines` [(party, text)], keeping unchanged rows.

        With `earlier` (the measure's report before this one), the parties it has a line for
        and `lines` leaves out keep their line, carried forward with the date it was last
        reported: a round that updates three parties does not drop the other four.
        """
        wanted = [(party, text, None) for party, text in lines]
        if earlier is not None:
            given = {party.pk for party, _text in lines}
            carried = [
                (line.party, line.text, line.last_reported_on or earlier.reported_on)
                for line in earlier.lines.all()
                if line.party_id not in given
            ]
            # The parties in the order the earlier report had them, then the new ones.
            order = [line.party_id for line in earlier.lines.all()]
            wanted = sorted(
                wanted + carried,
                key=lambda row: order.index(row[0].pk) if row[0].pk in order else len(order),
            )
        old = {line.party_id: line for line in self.lines.all()}
        for order, (party, text, last_reported_on) in enumerate(wanted):
            line = old.pop(party.pk, None) or StatusLine(report=self, party=party)
            if line.pk and (line.text, line.order, line.last_reported_on) == (
                text, order, last_reported_on,
            ):  # fmt: skip
                continue
            line.text, line.order, line.last_reported_on = text, order, last_reported_on
            line._history_user = by
            line.save()
        for line in old.values():
            line._history_user = by
            line.delete()

    def own_lines(self):
        """The lines written for this report (not carried forward from an earlier one)."""
        return [line for line in self.lines.all() if line.last_reported_on is None]

    @property
    def version(self):
        """What the status round compares to notice an edit made in the meantime."""
        return f"{self.pk}:{self.updated_at.isoformat()}"


class StatusLine(models.Model):
    """One party's line in a status report (“Austevoll: Avtale utarbeidd og signert.”)."""

    report = models.ForeignKey(
        StatusReport, verbose_name=_("status report"), on_delete=models.CASCADE,
        related_name="lines",
    )  # fmt: skip
    party = models.ForeignKey(
        Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("status"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    last_reported_on = models.DateField(
        _("last reported"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the party had no news in this round: the line is carried forward from "
            "the report of this date."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("line per party")
        verbose_name_plural = _("lines per party")
        ordering = ["report", "order", "pk"]

    def __str__(self):
        return f"{self.party}: {self.text}"

    @property
    def last_reported_month(self):
        """ "september 2020" for a line carried forward, else ""."""
        return month_label(self.last_reported_on) if self.last_reported_on else ""
