"""What the search index holds for each meeting, case, plan and agreement, and how it is
written: all of it at once (`rebuild`, a few queries per kind however much there is) or a
few objects after an edit (`refresh`, called by sok/signals.py).

Who may find a row follows the pages' own rules, taken from the models rather than
restated: `visible_to(<the public>)` of Meeting, Plan, Agreement and Version; a case is
public when its meeting's status is “published”, as on the case page (while a new version
of the minutes is being prepared, the case page and so the search show nothing new).
"""

import html
import re
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from avtaler.models import Agreement, Version
from handlingsplan.models import Measure, Plan, StatusReport
from moter.models import AgendaItem, Meeting, SubItem
from sok.models import START, STOP, Entry, fold, uses_postgres

THE_PUBLIC = AnonymousUser()
BATCH = 2000

Kind, Audience = Entry.Kind, Entry.Audience


def seen_by_public(model, pk_field="pk"):
    """Annotation: may the public see this row's object, by `model.objects.visible_to`?"""
    return Exists(model.objects.visible_to(THE_PUBLIC).filter(pk=OuterRef(pk_field)))


# --- Markdown to plain text ------------------------------------------------------------
# Fast and rough on purpose: a rebuild converts tens of thousands of texts, and the search
# needs words, not layout. Script and style content goes, as the pages' sanitiser drops it.
HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"</?[A-Za-z!][^>]*>")  # "5 < 6 & 7 > 3" is no tag
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+|[*`]+|__|^\s*[-=|: ]{3,}\s*$", re.M)


def plain_text(markdown):
    text = markdown or ""
    if "<" in text:
        text = TAG.sub(" ", HIDDEN.sub(" ", text))
    if "](" in text:
        text = LINK.sub(r"\1", text)
    text = MARKUP.sub(" ", text).replace("|", " ")
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.replace(START, " ").replace(STOP, " ").split())


def joined(*parts):
    return plain_text("\n\n".join(part for part in parts if part))


def url_maker(viewname, **sample):
    """reverse() for many rows: reversed once with the (distinct) sample values, which are
    then replaced by each row's own. Reversing per row is the slowest part of a rebuild."""
    pattern = reverse(viewname, kwargs=sample)

    def url(**values):
        result = pattern
        for name, placeholder in sample.items():
            result = result.replace(str(placeholder), str(values[name]), 1)
        return result

    return url


# --- One builder per kind of source -----------------------------------------------------
# A builder takes a queryset, reads what it needs at once (a few queries, however many rows)
# and returns an iterator of Entry objects that touches the database no more: so a rebuild
# can stream them into COPY while the connection is busy with it.


def meeting_entries(meetings):
    ct = ContentType.objects.get_for_model(Meeting)
    rows = list(meetings.select_related("body").annotate(public=seen_by_public(Meeting)))
    return (meeting_entry(meeting, ct) for meeting in rows)


def meeting_entry(meeting, ct):
    body = meeting.body
    name = (body.name_nb if meeting.language == "nb" else "") or body.name_nn
    return Entry(
        kind=Kind.MEETING,
        audience=Audience.PUBLIC if meeting.public else Audience.INTERNAL,
        content_type=ct,
        object_id=meeting.pk,
        body_id=meeting.body_id,
        year_from=meeting.year,
        year_to=meeting.year,
        date=timezone.localtime(meeting.starts_at).date(),
        number=meeting.label,
        title=f"{name}, møte {meeting.label}",  # "møte" in nynorsk and bokmål alike
        text=joined(body.short_name, meeting.place, meeting.notice_text),
        url=meeting.get_absolute_url(),
    )


CASE_FIELDS = (
    "pk", "body_id", "year", "sequence", "title", "brought_by", "narrative", "summary",
    "decision", "correction", "access", "public_title", "meeting__status", "meeting__starts_at",
    "meeting__body__slug",
)  # fmt: skip


def meeting_as_its_cases_show_it(status, starts_at, body_id):
    """What a case's rows take from its meeting (the meeting__ fields of CASE_FIELDS, as
    `case_rows` reads them): while these stay the same, saving the meeting changes none of
    its cases' rows (sok/signals.py then rewrites the meeting's own row only)."""
    return (status == Meeting.Status.PUBLISHED, starts_at, body_id)


def case_entries(items):
    """Cases, read as plain values rather than model instances: there may be tens of
    thousands of them."""
    ct = ContentType.objects.get_for_model(AgendaItem)
    sub_items = defaultdict(list)
    for item_id, title, text in (
        SubItem.objects.filter(item__in=items)
        .order_by("item_id", "order", "pk")
        .values_list("item_id", "title", "text")
    ):
        sub_items[item_id] += [title, text]
    case_url = url_maker("moter:case", body="body-slug", year=1901, sequence=9901)
    rows = list(items.values(*CASE_FIELDS))
    return (
        entry for item in rows for entry in case_rows(item, ct, case_url, sub_items[item["pk"]])
    )


def case_rows(item, ct, case_url, sub_items):
    """A case, and its decision as a hit of its own; an exempt case also as an excerpt."""
    public = item["meeting__status"] == Meeting.Status.PUBLISHED
    exempt = item["access"] == AgendaItem.Access.EXEMPT
    year, sequence = item["year"], item["sequence"]
    common = {
        "content_type": ct,
        "object_id": item["pk"],
        "body_id": item["body_id"],
        "year_from": year,
        "year_to": year,
        "date": timezone.localtime(item["meeting__starts_at"]).date(),
        "number": f"{sequence:02d}/{year % 100:02d}",  # as AgendaItem.number
        "url": case_url(body=item["meeting__body__slug"], year=year, sequence=sequence),
    }
    full = Audience.PUBLIC if public and not exempt else Audience.INTERNAL
    text = joined(
        item["brought_by"], item["narrative"], item["summary"], *sub_items, item["correction"]
    )
    yield Entry(kind=Kind.CASE, audience=full, title=item["title"], text=text, **common)
    if public and exempt and item["public_title"].strip():
        yield Entry(
            kind=Kind.CASE, audience=Audience.EXCERPT, title=item["public_title"], **common
        )
    if item["decision"].strip():
        yield Entry(
            kind=Kind.DECISION,
            audience=full,
            title=item["title"],
            text=plain_text(item["decision"]),
            **common,
        )


def plan_entries(plans):
    ct = ContentType.objects.get_for_model(Plan)
    rows = list(plans.annotate(public=seen_by_public(Plan)))
    return (
        Entry(
            kind=Kind.PLAN,
            audience=Audience.PUBLIC if plan.public else Audience.INTERNAL,
            content_type=ct,
            object_id=plan.pk,
            body_id=plan.adopted_by_id,
            year_from=plan.period_from,
            year_to=plan.period_to,
            date=plan.adopted_on,
            number=plan.period,
            title=plan.title,
            text=plain_text(plan.introduction),
            url=plan.get_absolute_url(),
        )
        for plan in rows
    )


def measure_entries(measures):
    """Measures with their sub-actions, timeframe and newest status text."""
    ct = ContentType.objects.get_for_model(Measure)
    newest = {}
    for measure_id, text in (
        StatusReport.objects.filter(measure__in=measures)
        .order_by("measure_id", "reported_on", "pk")
        .values_list("measure_id", "text")
    ):
        newest[measure_id] = text  # the last one per measure wins
    rows = list(
        measures.select_related("area__plan").annotate(
            public=seen_by_public(Plan, "area__plan_id")
        )
    )
    return (measure_entry(measure, ct, newest.get(measure.pk, "")) for measure in rows)


def measure_entry(measure, ct, status_text):
    plan = measure.area.plan
    return Entry(
        kind=Kind.MEASURE,
        audience=Audience.PUBLIC if measure.public else Audience.INTERNAL,
        content_type=ct,
        object_id=measure.pk,
        body_id=plan.adopted_by_id,
        year_from=plan.period_from,
        year_to=plan.period_to,
        number=measure.number,
        title=measure.title,
        text=joined(measure.sub_actions, measure.timeframe, measure.case_reference, status_text),
        url=measure.get_absolute_url(),
    )


def agreement_entries(agreements):
    ct = ContentType.objects.get_for_model(Agreement)
    rows = list(agreements.annotate(public=seen_by_public(Agreement)))
    return (agreement_entry(agreement, ct) for agreement in rows)


def agreement_entry(agreement, ct):
    title, full = agreement.label, agreement.title_nn
    if title.casefold() in full.casefold():
        title = full  # "Overordna samarbeidsavtale (med tenesteavtale 1)"
    elif full.casefold() not in title.casefold():
        title = f"{title}: {full}"  # "Tenesteavtale 3: Innlegging i sjukehus"
    return Entry(
        kind=Kind.AGREEMENT,
        audience=Audience.PUBLIC if agreement.public else Audience.INTERNAL,
        content_type=ct,
        object_id=agreement.pk,
        body_id=agreement.responsible_body_id,
        number=agreement.number,
        title=title[:400],
        text=joined(agreement.title_nb),
        url=agreement.get_absolute_url(),
    )


def version_entries(versions):
    ct = ContentType.objects.get_for_model(Version)
    rows = list(versions.select_related("agreement").annotate(public=seen_by_public(Version)))
    return (version_entry(version, ct) for version in rows)


def version_entry(version, ct):
    agreement = version.agreement
    day = version.valid_from or version.sent_on
    return Entry(
        kind=Kind.AGREEMENT,
        audience=Audience.PUBLIC if version.public else Audience.INTERNAL,
        content_type=ct,
        object_id=version.pk,
        body_id=agreement.responsible_body_id,
        year_from=day.year if day else None,
        year_to=day.year if day else None,
        date=day,
        title=f"{agreement.label} ({version.label})",
        text=joined(version.change_summary, version.text),
        url=reverse("avtaler:version", kwargs={"slug": agreement.slug, "pk": version.pk}),
    )


BUILDERS = {
    Meeting: meeting_entries,
    AgendaItem: case_entries,
    Plan: plan_entries,
    Measure: measure_entries,
    Agreement: agreement_entries,
    Version: version_entries,
}


# --- Writing ---------------------------------------------------------------------------


def store(entries, *, upsert=False):
    """Insert `entries` (with the folded copies the SQLite fallback searches); with `upsert`,
    a row already there under the same key is overwritten."""
    entries = list(entries)
    if not uses_postgres():
        for entry in entries:
            entry.folded_title = fold(f"{entry.number} {entry.title}")
            entry.folded_text = fold(entry.text)
    if upsert:
        fields = [f.name for f in Entry._meta.concrete_fields
                  if not f.primary_key and f.name not in KEY]  # fmt: skip
        Entry.objects.bulk_create(
            entries, batch_size=BATCH, update_conflicts=True, unique_fields=KEY,
            update_fields=fields,
        )  # fmt: skip
    else:
        Entry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def copy_in(entries):
    """Insert `entries` with PostgreSQL's COPY: ten times faster than INSERT for a rebuild.
    The database computes each row's words itself (the generated `search` column), while
    Python makes the next rows. `entries` must not query: the connection is busy."""
    fields = [f for f in Entry._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {Entry._meta.db_table} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for entry in entries:
            copy.write_row([getattr(entry, f.attname) for f in fields])
            count += 1
    return count


KEY = ("content_type", "object_id", "kind", "audience")  # sok_entry_one_per_audience


@transaction.atomic
def refresh(model, ids):
    """Rewrite the rows of these objects of `model` (rows of deleted ones just go).

    An upsert on the rows' key, then the rows no longer wanted go: two refreshes of one
    object at once (two requests, a request and a worker) both end well, where "delete,
    then insert" let the second insert run into the first one's rows (a unique violation).
    """
    ids = list(ids)
    if not ids:
        return 0
    ct = ContentType.objects.get_for_model(model)
    entries = list(BUILDERS[model](model.objects.filter(pk__in=ids)))
    wanted = {(e.object_id, e.kind, e.audience) for e in entries}
    rows = Entry.objects.filter(content_type=ct, object_id__in=ids)
    stale = [pk for pk, *key in rows.values_list("pk", "object_id", "kind", "audience")
             if tuple(key) not in wanted]  # fmt: skip
    if stale:
        Entry.objects.filter(pk__in=stale).delete()
    return store(entries, upsert=True)


def rebuild():
    """Write the whole index anew; returns {model: rows}. Readers see the old index until
    it is done (one transaction)."""
    with transaction.atomic():
        Entry.objects.all().delete()
        write = copy_in if uses_postgres() else store
        counts = {
            model._meta.label: write(build(model.objects.order_by()))
            for model, build in BUILDERS.items()
        }
    if uses_postgres():
        # Fresh statistics for the planner; outside a transaction also clear out the old rows
        # (else every rebuild leaves the table and its GIN index twice as big until autovacuum).
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{vacuum} {Entry._meta.db_table}")
    return counts
