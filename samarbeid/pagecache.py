"""The public's copy of a page's content, cached under the version of the data it shows.

For a reader who is not logged in, a page's content depends only on its URL, the language,
the day and the data. `public_parts` keeps the rendered parts (title, content) under all
four, the data as `data_version` of the tables the page reads; the site layout around them
is rendered on every request, as for any page. Logged-in readers always get a fresh render
(what they see depends on who they are, and they are few).

Every save and delete in the app writes a history row, so the newest history id of a table
changes with any change to it. Tables without history (the many-to-many tables, the
published documents) give their newest id and row count or newest named columns instead.
A write that bypasses both (`QuerySet.update()` on a history table, raw SQL) is not seen
until the next change: write with history, as the app does. Two writes committed in the
opposite order of their ids could leave one page stale; entries therefore also expire
after CACHE_SECONDS.

The version itself is kept for VERSION_SECONDS (one second) in the cache, so that a page
read many times a second costs no query at all; any save, delete or many-to-many change in
this process forgets it at once (`forget_versions`, connected to Django's model signals). A
write in another process (the task worker publishing minutes, another web worker) shows
within VERSION_SECONDS.
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

CACHE_SECONDS = 10 * 60
VERSION_SECONDS = 1
# The cache keys of the versions read in this process (forgotten together on any write).
_version_keys = set()


def data_version(*sources):
    """What `sources` hold now, in one query (each part read from an index): for a model
    with history, its history table's newest id; for a small table without history (a
    many-to-many table), its row count and newest id; for `(model, "column", …)`, a table
    whose rows are added and never deleted, its newest id and the newest value of each
    named column (the ones that change after the row is written)."""
    sql = _version_sql(sources, connection.vendor)
    key = "page-version:" + hashlib.sha256(sql.encode()).hexdigest()
    version = cache.get(key)
    if version is None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            version = tuple(str(value) for value in cursor.fetchone())
        _version_keys.add(key)
        cache.set(key, version, VERSION_SECONDS)
    return version


def forget_versions(**kwargs):
    """A row was saved or deleted in this process: read every version afresh."""
    if _version_keys:
        cache.delete_many(list(_version_keys))


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(forget_versions, dispatch_uid=f"pagecache-{_signal!r}")


@functools.cache
def _version_sql(sources, vendor):
    quote = connection.ops.quote_name
    parts = []
    for source in sources:
        model, *columns = source if isinstance(source, tuple) else (source,)
        table = quote(model._meta.db_table)
        if columns:
            for column in (model._meta.pk.column, *columns):
                parts.append(f"(SELECT MAX({quote(column)}) FROM {table})")
        elif hasattr(model._meta, "simple_history_manager_attribute"):
            history = quote(
                getattr(model, model._meta.simple_history_manager_attribute).model._meta.db_table
            )
            parts.append(f"(SELECT MAX({quote('history_id')}) FROM {history})")
        else:
            parts.append(f"(SELECT COUNT(*) FROM {table})")
            parts.append(f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def public_parts(request, sources, render):
    """The parts of a page (a dict of str, e.g. title and content) that `render()` makes.

    For a reader who is not logged in they come from the cache while the URL, language, day
    and `data_version(*sources)` are the same; `render()` raising (a 404) caches nothing.
    """
    if request.user.is_authenticated:
        return render()
    key = (request.get_full_path(), get_language(), timezone.localdate(), data_version(*sources))
    key = "page:" + hashlib.sha256(repr(key).encode()).hexdigest()
    parts = cache.get(key)
    if parts is None:
        parts = render()
        cache.set(key, parts, CACHE_SECONDS)
    return parts
