"""Pagination that stays fast however long the list: ids first, then the page's rows.

Counting and skipping to page 500 touch only the narrow rows the ordering needs (served by
an index where there is one), and the wide rows with their joins and prefetches are loaded
for the page's ids alone, in the same order.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts up to `cap` rows; `more` says whether there were more (the page then says
    "more than …"), and only the first `cap` rows are paged.

    For a filter no index serves (words in a text): counting every match of a common word
    reads every row, while the first `cap` matches, and the newest pages, are found early
    in the order the index gives.
    """

    def __init__(self, object_list, per_page, cap):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.more = False

    @cached_property
    def count(self):
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.more = counted > self.cap
        return min(counted, self.cap)


def page_by_ids(rows, per_page, number, *, load=None, count_at_most=None):
    """Page `number` (anything Paginator.get_page takes) of the ordered queryset `rows`.

    `load` is the queryset to load the page's rows from (select_related, prefetches,
    annotations; its own order is ignored), by default `rows` itself. The page's object_list
    is a list in the order of `rows`.

    `count_at_most`: count no further than this (CappedPaginator), for a filter no index
    serves.
    """
    ids = rows.values_list("pk", flat=True)
    if count_at_most:
        paginator = CappedPaginator(ids, per_page, count_at_most)
    else:
        paginator = Paginator(ids, per_page)
    page = paginator.get_page(number)
    pks = list(page.object_list)
    if pks:
        loaded = {obj.pk: obj for obj in (rows if load is None else load).filter(pk__in=pks)}
        page.object_list = [loaded[pk] for pk in pks if pk in loaded]
    else:
        page.object_list = []
    return page
