"""Pagination that stays fast however long the list: ids first, then the page's rows.

Counting and skipping to page 500 touch only the narrow rows the ordering needs (served by
an index where there is one), and the wide rows with their joins and prefetches are loaded
for the page's ids alone, in the same order.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window


def page_by_ids(rows, per_page, number, *, load=None, one_pass=False):
    """Page `number` (anything Paginator.get_page takes) of the ordered queryset `rows`.

    `load` is the queryset to load the page's rows from (select_related, prefetches,
    annotations; its own order is ignored), by default `rows` itself. The page's object_list
    is a list in the order of `rows`.

    `one_pass`: count the rows in the same query that cuts the page (`COUNT(*) OVER ()`),
    for a filter no index serves (words in a text), where counting and cutting would each
    read every row. Where an index gives the order, two queries are cheaper: the page is
    read from the index's start, the count from the index alone.
    """
    ids = rows.values_list("pk", flat=True)
    paginator = Paginator(ids, per_page)
    page = _page_in_one_pass(paginator, rows, number) if one_pass else None
    page = page or paginator.get_page(number)
    pks = list(page.object_list)
    if pks:
        loaded = {obj.pk: obj for obj in (rows if load is None else load).filter(pk__in=pks)}
        page.object_list = [loaded[pk] for pk in pks if pk in loaded]
    else:
        page.object_list = []
    return page


def _page_in_one_pass(paginator, rows, number):
    """The page with its ids, and the paginator's count, from one query; None where that
    query finds no row (a page past the end: Paginator.get_page then gives the last)."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * paginator.per_page
    found = list(
        rows.annotate(_total=Window(Count("pk"))).values_list("pk", "_total")[
            start : start + paginator.per_page
        ]
    )
    if not found:
        return None
    paginator.count = found[0][1]  # Paginator.count is a cached_property: set, never queried
    page = paginator.page(number)
    page.object_list = [pk for pk, _total in found]
    return page
