"""Rows of the test database kept in memory and written back in a few bulk inserts.

The suite uses it three times (conftest.py):

- the demo data: `load_demo` runs once per test process (it renders PDFs, writes history and
  takes seconds), its rows are kept, and each test that asks for `demo` gets them back in
  bulk inside its own transaction, which rolls back as before;
- the state after the migrations (statutory topics, content types, permissions, groups):
  a test with `transactional_db` (the browser tests) empties every table when it ends, and
  the rows are put back, so that no later test depends on whether such a test ran before it;
- the worlds some test modules build for each test (the access sweep's, the decisions
  register's, the indicators' situation): made once per test process (`kept`) and copied in.

Bulk inserts send no signals: what the signals would write (history, the search index) is
among the rows that were kept.
"""

import copy
import os

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _columns(model):
    return [f.attname for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


class Snapshot:
    """`{model: {pk: row}}`, each row a tuple in the order of `_columns(model)`."""

    def __init__(self, tables, counts=None):
        self.tables = {model: rows for model, rows in tables.items() if rows}
        # How many rows each table held before these rows came (see `fits`).
        self.counts = counts or {}
        self._prepared = None  # the inserts, made on the first restore

    @classmethod
    def take(cls):
        """Every row of every table, as it is now."""
        tables = {}
        for model in _models():
            columns = _columns(model)
            pk = columns.index(model._meta.pk.attname)
            tables[model] = {row[pk]: row for row in model._base_manager.values_list(*columns)}
        return cls(tables)

    def since(self, before):
        """The rows that are new or changed since `before` (the demo adds, it deletes nothing)."""
        tables = {}
        for model, rows in self.tables.items():
            old = before.tables.get(model, {})
            gone = old.keys() - rows.keys()
            if gone:
                raise ValueError(
                    f"{model._meta.label} lost rows {sorted(gone)[:5]}: not supported"
                )
            tables[model] = {pk: row for pk, row in rows.items() if old.get(pk) != row}
        return Snapshot(tables, {model: len(before.tables.get(model, {})) for model in tables})

    def fits(self):
        """Whether the tables hold what they held when the rows were taken (and no more): only
        then can the rows be copied in. A test that made rows of its own first (a body, a
        person) gets the real `load_demo`, which finds them and builds on them."""
        return all(model._base_manager.count() == n for model, n in self.counts.items())

    def load_demo(self):
        """These rows (taken after `load_demo`) if they fit, else `load_demo` itself."""
        if self.fits():
            self.restore()
        else:
            with open(os.devnull, "w") as devnull:
                call_command("load_demo", stdout=devnull)

    def restore(self):
        """Write the rows back: insert the missing ones, update the others, in one transaction.

        The inserts are plain SQL with the values as the database takes them, made once per
        snapshot and process: `bulk_create` built a model instance per row and compiled its
        INSERT anew each time, four fifths of the time a restore took."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model, (sql, prepared) in self._inserts().items():
                table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
                cursor.execute(f"SELECT {pk} FROM {table}")
                present = {row[0] for row in cursor.fetchall()} & prepared.keys()
                missing = [params for pk, params in prepared.items() if pk not in present]
                if missing:
                    cursor.executemany(sql, missing)
                columns = _columns(model)
                for pk in present:
                    model._base_manager.filter(pk=pk).update(
                        **dict(zip(columns, self.tables[model][pk], strict=True))
                    )
            # PostgreSQL: the sequences past the inserted ids (SQLite keeps up by itself).
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(sql)

    def _inserts(self):
        """{model: (INSERT statement, {pk: its parameters})}, made on the first restore."""
        if self._prepared is None:
            quote = connection.ops.quote_name
            self._prepared = {}
            for model, rows in self.tables.items():
                columns = _columns(model)
                fields = [next(f for f in model._meta.concrete_fields if f.attname == c)
                          for c in columns]  # fmt: skip
                sql = "INSERT INTO {} ({}) VALUES ({})".format(
                    quote(model._meta.db_table),
                    ", ".join(quote(f.column) for f in fields),
                    ", ".join(["%s"] * len(fields)),
                )
                prepared = {
                    pk: tuple(
                        f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)
                    )
                    for pk, row in rows.items()
                }
                self._prepared[model] = (sql, prepared)
        return self._prepared


class KeptRows:
    """A fixture's rows made once per test process, then copied in for each test that asks.

    `build()` makes rows and returns what the test gets (a dict of model instances, say). The
    first time it runs inside a savepoint, its rows are taken and rolled back, then copied in
    (as every later time); each test gets its own deep copy of what `build()` returned, so a
    test that changes an instance leaves the next test's alone. Only when the tables hold
    exactly the baseline's rows (the state after the migrations) are the rows copied: when a
    test made rows of its own first, or `build()` deletes rows it did not make, `build()`
    runs for real. Rows only: files the build writes stay where it wrote them (the test
    process's MEDIA_ROOT), as they would for a build that ran first in that process."""

    def __init__(self, build, baseline):
        self.build = build
        self.baseline = baseline  # the Snapshot taken after the migrations (conftest.py)
        self.rows = self.made = None
        self.keepable = True

    def __call__(self):
        if not (self.keepable and self._at_baseline()):
            return self.build()
        if self.rows is None:
            with transaction.atomic():
                made = self.build()
                try:
                    rows = Snapshot.take().since(self.baseline)
                except ValueError:  # it deleted baseline rows: not kept
                    self.keepable = False
                    return made
                transaction.set_rollback(True)
            self.rows, self.made = rows, made
        self.rows.restore()
        return copy.deepcopy(self.made)

    def _at_baseline(self):
        counts = {model: len(rows) for model, rows in self.baseline.tables.items()}
        return all(model._base_manager.count() == counts.get(model, 0) for model in _models())


_keepers = {}


def kept(build, baseline):
    """`build()`'s rows, made once per test process (KeptRows); `baseline` is the fixture
    `baseline_rows`."""
    keeper = _keepers.get(build)
    if keeper is None:
        keeper = _keepers[build] = KeptRows(build, baseline)
    return keeper()
