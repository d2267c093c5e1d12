"""The decisions register: every decided case a reader may see, newest first, with what
each decision caused (measures, agreement versions approved or sent for signing, working
groups set up or changed, bodies established, follow-ups).

What a decision caused is loaded in one place, `DecisionQuerySet.with_consequences()`, and
turned into links in one place, `consequences()`: a new kind of link is added in those two.

Who sees what (the same rules as the meeting and case pages):
- the public: decisions of meetings whose minutes are published (status “published”; while a
  new version is being prepared the case pages are closed, so are the rows); an exempt case
  shows only its number, public title and legal basis, never its decision or what it caused;
- members: also every decision of their own bodies, exempt ones included;
- editors: everything.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from avtaler.models import Agreement, StatutoryTopic, Version, WorkingGroup
from handlingsplan.models import Area, Measure, Plan
from moter.models import AgendaItem, AgendaItemQuerySet, FollowUp, Meeting
from samarbeid.access import can_read_internal, is_editor, member_body_ids
from samarbeid.lib import render_markdown
from samarbeid.models import Body, Organisation
from samarbeid.pagecache import public_parts
from samarbeid.paging import page_by_ids

PAGE_SIZE = 25
# Matches of the word filter counted at most: beyond it the page says "more than".
WORDS_COUNTED = 1000


class DecisionQuerySet(AgendaItemQuerySet):
    def decided(self):
        return self.exclude(decision="")

    def in_register(self, user):
        """The decided cases `user` may see, newest meeting first."""
        decided = self.decided().order_by("-meeting__starts_at", "-sequence", "-pk")
        if is_editor(user):
            return decided
        published = Q(meeting__status=Meeting.Status.PUBLISHED)
        return decided.filter(published | Q(body_id__in=member_body_ids(user)))

    def with_consequences(self, user):
        """With meeting, body and what each decision caused, as far as `user` may see it:
        one query per kind of link, however many decisions."""
        plans = Plan.objects.visible_to(user)
        versions = Version.objects.visible_to(user).select_related("agreement")
        groups = WorkingGroup.objects.select_related("body")
        return self.select_related("meeting__body").prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.filter(area__plan__in=plans).select_related("area__plan"),
                to_attr="caused_measures",
            ),
            Prefetch("approved_agreement_versions", queryset=versions, to_attr="caused_approvals"),
            Prefetch("agreement_versions_sent", queryset=versions, to_attr="caused_sendings"),
            Prefetch("working_groups_set_up", queryset=groups, to_attr="caused_groups"),
            Prefetch("working_groups_changed", queryset=groups, to_attr="caused_group_changes"),
            Prefetch("bodies_established", to_attr="caused_bodies"),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("owner_body", "owner_organisation"),
                to_attr="caused_follow_ups",
            ),
        )


def decisions():
    """All cases, as a DecisionQuerySet (the model's manager stays the meetings app's own)."""
    return DecisionQuerySet(model=AgendaItem)


def readable_q(user):
    """The cases whose content `user` may read: not exempt, or of the user's own bodies."""
    if is_editor(user):
        return Q()
    return ~Q(access=AgendaItem.Access.EXEMPT) | Q(body_id__in=member_body_ids(user))


def filter_by_versions(queryset, user, **lookups):
    """The cases that approved or sent for signing a version (matching `lookups`) that `user`
    may see; only among the cases whose content `user` may read."""
    versions = Version.objects.visible_to(user).filter(
        Q(approved_in=OuterRef("pk")) | Q(sent_in=OuterRef("pk")), **lookups
    )
    return queryset.filter(readable_q(user), Exists(versions))


def consequences(item):
    """What the decision caused, as links: [{"kind", "text", "url", "note"}, …].
    Uses the prefetches of `with_consequences()`."""
    links = [
        link(_("Measure"), f"{m.area.plan}: {m}", m.get_absolute_url())
        for m in item.caused_measures
    ]
    links += version_links(item)
    links += [link(_("Working group set up"), g, g.get_absolute_url()) for g in item.caused_groups]
    links += [
        link(_("Working group changed"), g, g.get_absolute_url())
        for g in item.caused_group_changes
    ]
    links += [
        link(_("Body established"), b.name, b.get_absolute_url()) for b in item.caused_bodies
    ]
    links += [follow_up_link(f) for f in item.caused_follow_ups]
    return links


def link(kind, text, url, note=""):
    return {"kind": kind, "text": str(text), "url": url, "note": note}


def version_links(item):
    """Each agreement version once, saying whether the case approved it, sent it, or both."""
    approved = {v.pk for v in item.caused_approvals}
    sent = {v.pk for v in item.caused_sendings}
    versions = {v.pk: v for v in [*item.caused_approvals, *item.caused_sendings]}
    links = []
    for pk, version in versions.items():
        what = []
        if pk in approved:
            what.append(_("approved"))
        if pk in sent:
            what.append(_("sent for signing"))
        url = reverse("avtaler:version", args=[version.agreement.slug, pk])
        note = f"{', '.join(what)}; {_('status')}: {version.get_status_display().lower()}"
        links.append(link(_("Agreement version"), version, url, note))
    return links


def follow_up_link(follow_up):
    notes = []
    if follow_up.owner:
        notes.append(str(follow_up.owner))
    if follow_up.due_date:
        notes.append(_("due %(date)s") % {"date": date_format(follow_up.due_date)})
    notes.append(follow_up.get_status_display())
    return link(_("Follow-up"), follow_up.description, None, ", ".join(notes))


def register_rows(items, user):
    """The page's cases as rows; an exempt case the reader may not read keeps only what the
    public may see (no decision, no links)."""
    rows = []
    for item in items:
        readable = not item.is_exempt or can_read_internal(user, item.meeting.body)
        row = {"item": item, "withheld": not readable}
        if readable:
            row["title"] = item.title
            row["decision"] = render_markdown(item.decision)
            row["caused"] = consequences(item)
        else:
            row["title"] = item.public_title
        rows.append(row)
    return rows


# What the register shows and filters by: a change to any of these makes a new copy for the
# public (samarbeid/pagecache.py).
REGISTER_SOURCES = (
    AgendaItem, Meeting, Body, FollowUp, Organisation, Measure, Measure.cases.through, Area,
    Plan, Version, Agreement, Agreement.topics.through, StatutoryTopic, WorkingGroup,
    WorkingGroup.changed_in.through,
)  # fmt: skip


@require_safe
def register(request):
    """Vedtaksregister: all decisions the reader may see, filtered, 25 a page."""
    parts = public_parts(request, REGISTER_SOURCES, lambda: register_parts(request))
    return render(request, "moter/register.html", parts)


def register_parts(request):
    """The register's content: the filter and a page of decisions with what they caused."""
    from moter.filters import DecisionFilter  # here: filters.py imports this module

    user = request.user
    items = decisions().in_register(user)
    filterset = DecisionFilter(request.GET or None, queryset=items, request=request)
    if filterset.is_bound and not filterset.is_valid():
        items = items.none()  # the form says which choice is wrong
    elif filterset.is_bound:
        items = filterset.qs
    # Ids first (an index gives their order), then the page's 25 with what they caused.
    # Words are looked for in every decision's text (no index): counted up to a cap, as search
    # does, and the newest pages found early in the index's order.
    words = filterset.is_bound and not filterset.errors and filterset.form.cleaned_data.get("q")
    # The same filter without the words, whose order an index gives (beyond the cap).
    unfiltered = None
    if words:
        without = request.GET.copy()
        without.pop("q")
        unfiltered = DecisionFilter(without, queryset=decisions().in_register(user),
                                    request=request).qs  # fmt: skip
    page = page_by_ids(
        items,
        PAGE_SIZE,
        request.GET.get("side"),
        load=decisions().with_consequences(user),
        count_at_most=WORDS_COUNTED if words else None,
        unfiltered=unfiltered,
        count_under=REGISTER_SOURCES,
    )
    context = {"filter": filterset, "page": page, "rows": register_rows(page, user)}
    return {"content": render_to_string("moter/register.html#content", context, request)}
