"""The search index: one row per thing a reader can find, as that reader may see it.

The rows are derived data, rebuilt from the meetings, cases, plans and agreements at any time
(`manage.py rebuild_search_index`) and kept current by signals (sok/signals.py); they have
no history of their own.

Who finds a row is decided when it is written, by the same rules the pages use
(`audience`): public rows for everyone; internal rows for the members of `body` and the
secretariat; and for a case exempt from public access, an *excerpt* row with only its public
title, for those who may not read the case itself.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
)
from django.db import connection, models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import Col
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samarbeid.access import is_editor, member_body_ids
from samarbeid.models import Body
from sok import spelling

# PostgreSQL: the 'simple' configuration (lower-cased words, no stemming) for both written
# standards; sok/spelling.py widens the query instead (see there).
CONFIG = "simple"
# The words of a row on PostgreSQL: a tsvector column the database computes itself from
# number and title (weight A: they rank first) and text (weight C). It is a generated column
# with a GIN index, made by migration 0001 on PostgreSQL only: SQLite has no tsvector, so the
# column is not on the model (Django never writes or reads it; `Words()` names it in queries)
# and the SQLite fallback searches the folded copies instead, which PostgreSQL leaves empty.

# Marks PostgreSQL puts around a hit in a snippet: control characters that the indexed text
# never contains (index.plain_text removes them), so escaping the snippet cannot touch them.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40


def uses_postgres():
    return connection.vendor == "postgresql"


SEARCH_COLUMN = models.TextField()
SEARCH_COLUMN.set_attributes_from_name("search")


class Words(models.Expression):
    """The PostgreSQL-only `search` column of the query's own table (see CONFIG)."""

    def resolve_expression(self, query=None, *args, **kwargs):
        return Col(query.get_initial_alias(), SEARCH_COLUMN)


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows `user` may find: see the module's docstring."""
        if is_editor(user):
            return self.exclude(audience=Entry.Audience.EXCERPT)
        bodies = member_body_ids(user)
        return self.filter(
            Q(audience=Entry.Audience.PUBLIC)
            | Q(audience=Entry.Audience.INTERNAL, body_id__in=bodies)
            | (Q(audience=Entry.Audience.EXCERPT) & ~Q(body_id__in=bodies))
        )

    def filtered(self, *, body=None, year=None, kind=None):
        rows = self
        if body is not None:
            rows = rows.filter(body=body)
        if year is not None:
            rows = rows.filter(year_from__lte=year, year_to__gte=year)
        if kind:
            rows = rows.filter(kind=kind)
        return rows

    def matching(self, groups):
        """Rows matching every group of `spelling.parse(query)`, best first.

        PostgreSQL: full-text search on the stored vector, ranked (title above text); the
        highlighted `headline` comes with `with_headline`. Elsewhere (SQLite): every group
        must occur at a word start of the folded title or text; rows with more groups in the
        title come first.
        """
        if not groups:
            return self.none()
        if uses_postgres():
            query = _search_query(groups)
            return (
                self.filter(SearchVectorExact(Words(), query))  # @@, served by the GIN index
                .annotate(rank=SearchRank(Words(), query))
                .order_by("-rank", F("date").desc(nulls_last=True), "pk")
            )
        rows, title_hits = self, Value(0)
        for group in groups:
            rows = rows.filter(_contains("folded_title", group) | _contains("folded_text", group))
            title_hits += Case(When(_contains("folded_title", group), then=1), default=0)
        return rows.annotate(
            rank=models.ExpressionWrapper(title_hits, output_field=IntegerField())
        ).order_by("-rank", F("date").desc(nulls_last=True), "pk")

    def matching_newest_first(self, groups):
        """The rows `matching` finds, newest first and unranked: for a search with very many
        hits. On PostgreSQL the match is tested row by row along the index on the date
        (`ts_match_vq` is `@@` that the GIN index cannot serve), so the first page costs a few
        dozen rows instead of scoring every match."""
        if not groups:
            return self.none()
        if not uses_postgres():
            return self.matching(groups).order_by(*Entry.NEWEST_FIRST)
        match = models.Func(
            Words(), _search_query(groups), function="ts_match_vq",
            output_field=models.BooleanField(),
        )  # fmt: skip
        return self.filter(match).order_by(*Entry.NEWEST_FIRST)

    def with_headline(self, groups):
        """On PostgreSQL, each row's highlighted `headline` (see Entry.snippet). Costly: ask
        for it only for the rows shown (a page's ids), never before the offset and limit."""
        if not groups or not uses_postgres():
            return self
        return self.annotate(
            headline=SearchHeadline(
                "text",
                _search_query(groups),
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )


def _search_query(groups):
    return SearchQuery(tsquery(groups), search_type="raw", config=CONFIG)


def _contains(field, group):
    """Any variant at a word start of `field` (folded text begins and ends with a space)."""
    condition = Q()
    for term, is_prefix in group:
        condition |= Q(**{f"{field}__contains": f" {term}" if is_prefix else f" {term} "})
    return condition


def tsquery(groups):
    """The groups as a PostgreSQL tsquery: (a:* | b:*) & (c:* | d) …

    The terms are letters, digits and "/" only (spelling.WORD), so quoting them is enough.
    """
    return " & ".join(
        "(" + " | ".join(f"'{t}'" + (":*" if p else "") for t, p in group) + ")"
        for group in groups
    )


def fold(text):
    """Text as the SQLite fallback searches it: " its lower-cased words separated by spaces "."""
    return f" {' '.join(spelling.words(text))} "


class Entry(models.Model):
    """A search hit: a meeting, case, decision, measure, plan, agreement or version."""

    class Kind(models.TextChoices):
        MEETING = "mote", _("Meeting")
        CASE = "sak", _("Case")
        DECISION = "vedtak", pgettext_lazy("search hit type", "Decision")
        MEASURE = "tiltak", _("Measure")
        PLAN = "handlingsplan", _("Action plan")
        AGREEMENT = "avtale", _("Agreement")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everybody")
        INTERNAL = "internal", _("The body's members and the secretariat")
        EXCERPT = "excerpt", _("Those who may not read the internal row (public title only)")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    audience = models.CharField(_("who finds it"), max_length=10, choices=Audience.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The body it belongs to; its members find its internal rows."),
    )
    year_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=400)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("web address"), max_length=300)
    # For the SQLite fallback; PostgreSQL searches its own `search` column (see CONFIG).
    folded_title = models.TextField(editable=False, blank=True)
    folded_text = models.TextField(editable=False, blank=True)

    objects = EntryQuerySet.as_manager()

    # The order of hits beyond the counted cap (sok.views.HitPaginator), served by the index
    # sok_entry_newest that migration 0002 makes (its NULLS LAST is PostgreSQL's words only,
    # so it is not in Meta.indexes: on SQLite, where nulls sort first, it is `date DESC`).
    NEWEST_FIRST = (F("date").desc(nulls_last=True), "pk")

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            # A type with a year ("decisions of 2026") narrows the words' matches.
            models.Index(fields=["kind", "year_to"], name="sok_entry_kind_year"),
        ]
        constraints = [
            # One row per thing, type and audience; also the index the signals delete by.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "audience"],
                name="sok_entry_one_per_audience",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} {self.title}".strip()

    def snippet(self, groups):
        """The text around the first hit, HTML-escaped, hits in <mark>."""
        if getattr(self, "headline", None) is not None:  # made by PostgreSQL
            html = escape(self.headline)
            return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))
        return highlight(excerpt(self.text, groups), groups)

    def highlighted_title(self, groups):
        return highlight(self.title, groups)


def _pattern(groups):
    """A regular expression for the words the groups match (at a word start, like the search)."""
    terms = sorted({term for group in groups for term in group}, key=lambda t: -len(t[0]))
    if not terms:
        return None
    alternatives = "|".join(
        re.escape(t) + (r"[^\W_]*" if prefix else r"(?![^\W_])") for t, prefix in terms
    )
    return re.compile(rf"(?<![^\W_])(?:{alternatives})", re.IGNORECASE)


def excerpt(text, groups, words=SNIPPET_WORDS):
    """About `words` words of `text` around its first hit (the start when there is none)."""
    pattern = _pattern(groups)
    match = pattern.search(text) if pattern else None
    tokens = text.split()
    if not match:
        return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")
    before = text[: match.start()].split()
    start = max(0, len(before) - words // 3)
    chosen = tokens[start : start + words]
    return (
        ("… " if start else "") + " ".join(chosen) + (" …" if start + words < len(tokens) else "")
    )


def highlight(text, groups):
    """`text` HTML-escaped, with the words the groups match in <mark>."""
    pattern = _pattern(groups)
    if not pattern:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
