"""Pagination that stays fast however long the list: ids first, then the page's rows.

Counting and skipping to page 500 touch only the narrow rows the ordering needs (served by
an index where there is one), and the wide rows with their joins and prefetches are loaded
for the page's ids alone, in the same order.
"""

from django.core.paginator import Paginator


def page_by_ids(rows, per_page, number, *, load=None):
    """Page `number` (anything Paginator.get_page takes) of the ordered queryset `rows`.

    `load` is the queryset to load the page's rows from (select_related, prefetches,
    annotations; its own order is ignored), by default `rows` itself. The page's object_list
    is a list in the order of `rows`.
    """
    ids = rows.values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    pks = list(page.object_list)
    if pks:
        loaded = {obj.pk: obj for obj in (rows if load is None else load).filter(pk__in=pks)}
        page.object_list = [loaded[pk] for pk in pks if pk in loaded]
    else:
        page.object_list = []
    return page
