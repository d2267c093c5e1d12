"""Pagination that stays fast however long the list: ids first, then the page's rows.

Counting and skipping to page 500 touch only the narrow rows the ordering needs (served by
an index where there is one), and the wide rows with their joins and prefetches are loaded
for the page's ids alone, in the same order.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from samarbeid.pagecache import CACHE_SECONDS, data_version


class KeptCountPaginator(Paginator):
    """Counts once per version of the data (samarbeid/pagecache.py): the count is kept in
    the cache under the counting query and `data_version(*sources)`, so a register read again
    does not count its tens of thousands of rows again until something in `sources` changes.
    `sources` must name every table the count depends on, as for the public's copies."""

    def __init__(self, object_list, per_page, sources):
        super().__init__(object_list, per_page)
        self.sources = sources

    @cached_property
    def count(self):
        rows = self.object_list.order_by()
        try:
            sql, params = rows.query.sql_with_params()
        except EmptyResultSet:  # .none(): a filter that could not be used
            return 0
        key = repr((sql, params, data_version(*self.sources)))
        key = "count:" + hashlib.sha256(key.encode()).hexdigest()
        count = cache.get(key)
        if count is None:
            count = rows.count()
            cache.set(key, count, CACHE_SECONDS)
        return count


class CappedPaginator(Paginator):
    """Counts up to `cap` rows; `more` says whether there were more (the page then says
    "more than …"), and only the first `cap` rows are paged.

    For a filter no index serves (words in a text): counting every match of a common word
    reads every row. Beyond the cap the matches are many, and the pages come from `walk`
    (NewestFirstWalk), which finds them early in the order an index gives.
    """

    def __init__(self, object_list, per_page, cap, *, walk=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.walk = walk
        self.more = False

    @cached_property
    def count(self):
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.more = counted > self.cap
        if self.more and self.walk is not None:
            self.object_list = self.walk
        return min(counted, self.cap)


class NewestFirstWalk:
    """The ids of `matching` in the order of `ordered` (the same rows before a filter no index
    serves), cut like a list: `ordered` is read a chunk at a time, in the order its index
    gives, and the chunk's matches kept, until the slice is filled.

    The database would rather read every row, filter and sort (it guesses that a word
    matches a handful: for a common word it matches thousands, and the first page is among
    the newest few hundred rows).
    """

    FIRST_CHUNK = 1000

    def __init__(self, ordered, matching):
        self.ordered = ordered.values_list("pk", flat=True)
        self.order = ordered.query.order_by
        self.matching = matching.values_list("pk", flat=True)

    def __getitem__(self, cut):
        found, start, chunk = [], 0, self.FIRST_CHUNK
        while len(found) < cut.stop:
            window = self.ordered[start : start + chunk]
            ids = list(self.matching.filter(pk__in=window).order_by(*self.order))
            if not ids and not window.exists():
                break  # past the last row
            found += ids
            start, chunk = start + chunk, chunk * 2
        return found[cut]


def page_by_ids(
    rows, per_page, number, *, load=None, count_at_most=None, unfiltered=None, count_under=None
):
    """Page `number` (anything Paginator.get_page takes) of the ordered queryset `rows`.

    `load` is the queryset to load the page's rows from (select_related, prefetches,
    annotations; its own order is ignored), by default `rows` itself. The page's object_list
    is a list in the order of `rows`.

    `count_at_most`: count no further than this (CappedPaginator), for a filter no index
    serves; `unfiltered`: `rows` without that filter, walked in its order beyond the cap.
    `count_under`: the tables the count depends on; it is then kept while they do not change
    (KeptCountPaginator).
    """
    ids = rows.values_list("pk", flat=True)
    if count_at_most:
        walk = NewestFirstWalk(unfiltered, rows) if unfiltered is not None else None
        paginator = CappedPaginator(ids, per_page, count_at_most, walk=walk)
    elif count_under:
        paginator = KeptCountPaginator(ids, per_page, count_under)
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
