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
    """Counts up to MAX_HITS; `more` says whether there were more."""

    @cached_property
    def count(self):
        counted = self.object_list.order_by().values("pk")[: MAX_HITS + 1].count()
        self.more = counted > MAX_HITS
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
            context["page"] = HitPaginator(results(request.user, groups, form), PER_PAGE).get_page(
                request.GET.get("side")
            )
            context["hits"] = [
                (entry, entry.highlighted_title(groups), entry.snippet(groups))
                for entry in context["page"]
            ]
    return render(request, "sok/search.html", context)


def results(user, groups, form):
    """The search page's query: the rows `user` may find, filtered and ranked.

    Two queries, whatever the data: the number of hits (up to MAX_HITS), and one page of
    them with their bodies and (on PostgreSQL) highlighted snippets.
    """
    return (
        Entry.objects.visible_to(user)
        .filtered(**form.filters())
        .matching(groups)
        .select_related("body")
        .defer("folded_title", "folded_text")
    )
