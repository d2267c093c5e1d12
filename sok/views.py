from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from sok import spelling
from sok.forms import SearchForm
from sok.models import Entry

PER_PAGE = 20
# Hits counted at most: beyond this the page says "more than 1000" and asks for a narrower
# search. Counting every hit of a very common word would cost as much as the search itself.
MAX_HITS = 1000


class HitPaginator(Paginator):
    """Counts up to MAX_HITS; `more` says whether there were more.

    Beyond MAX_HITS the hits come newest first (`newest`) instead of best first: ranking
    means scoring every match (90,000 rows for a common word over twenty years) before the
    first page is known, while the newest come straight from the index on the date. Below
    the cap they stay ranked.
    """

    def __init__(self, ranked, per_page, *, newest):
        super().__init__(ranked, per_page)
        self.newest = newest

    @cached_property
    def count(self):
        counted = self.object_list.order_by().values("pk")[: MAX_HITS + 1].count()
        self.more = counted > MAX_HITS
        if self.more:
            self.object_list = self.newest
        return min(counted, MAX_HITS)


@require_safe
def search(request):
    """Search across meetings, cases, decisions, plans, measures and agreements.

    What a reader finds is what the pages would show them (Entry.objects.visible_to).
    """
    form = SearchForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        groups = spelling.parse(form.cleaned_data["q"])
        if groups:
            context["searched"] = True
            context["page"] = result_page(request, groups, form)
            context["hits"] = [
                (entry, entry.highlighted_title(groups), entry.snippet(groups))
                for entry in context["page"]
            ]
    return render(request, "sok/search.html", context)


def result_page(request, groups, form):
    """One page of hits: ids first (counted, ordered and cut to the page), then those rows
    with their bodies and (on PostgreSQL) highlighted snippets, which are costly to make:
    only for the page's rows, never for the hits before it.

    Three queries, whatever the data: the number of hits (up to MAX_HITS), the page's ids,
    and their rows.
    """
    found = findable(request.user, form)
    rows = found.matching(groups)
    paginator = HitPaginator(
        rows.values_list("pk", flat=True),
        PER_PAGE,
        newest=found.matching_newest_first(groups).values_list("pk", flat=True),
    )
    page = paginator.get_page(request.GET.get("side"))
    ids = list(page.object_list)
    loaded = {entry.pk: entry for entry in rows.with_headline(groups).filter(pk__in=ids)}
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page


def findable(user, form):
    """The rows `user` may find, filtered as the form says (the words come after)."""
    return (
        Entry.objects.visible_to(user)
        .filtered(**form.filters())
        .select_related("body")
        .defer("folded_title", "folded_text")
    )
