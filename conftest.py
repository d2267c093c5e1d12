"""Test-wide set-up: the settings the suite runs with, and the named personas."""

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

# --- Work done once per run, shared by the test processes ------------------------------
# pytest-xdist runs one test process per core; what each would otherwise do for itself
# (collect the static files, render the same PDFs, migrate a fresh SQLite database) is done
# once, in a folder they share: the run's temporary folder, or $SAMARBEID_TEST_SHARED, which
# .ci/run sets so that its SQLite and PostgreSQL runs share it too. Nothing there is kept
# from one run of the same checkout to the next.


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory):
    if os.environ.get("SAMARBEID_TEST_SHARED"):
        folder = Path(os.environ["SAMARBEID_TEST_SHARED"])
    elif os.environ.get("PYTEST_XDIST_WORKER"):  # the workers' temporary folders are side
        folder = tmp_path_factory.getbasetemp().parent / "shared"  # by side in the run's
    else:  # one process: its own temporary folder
        folder = tmp_path_factory.getbasetemp() / "shared"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def made_once(path, make):
    """`path`, made by `make(partial_path)` in the first process to ask while the others
    wait for it; `make` fills the folder or file it is given, which then becomes `path`."""
    path = Path(path)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = path.with_name(path.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.unlink(missing_ok=True)
            make(partial)
            partial.replace(path)
    return path


@pytest.fixture(scope="session", autouse=True)
def collected_static(shared_dir):
    """Collect static files once, so pages render through the production (manifest) storage.

    A template that names a static file that does not exist fails here, as it would in
    production, instead of on the first visitor.
    """
    from django.core.management import call_command
    from django.test import override_settings

    def collect(folder):
        with override_settings(STATIC_ROOT=folder):
            call_command("collectstatic", interactive=False, verbosity=0)

    with override_settings(STATIC_ROOT=made_once(shared_dir / "static", collect)):
        yield


@pytest.fixture(scope="session", autouse=True)
def static_files_listed_once(collected_static):
    """WhiteNoise lists and stats every static file when its middleware is made, which in
    production is once per process, but in tests once per test client (each loads the
    middleware again): a fourteenth of the suite's time. The files do not change during a
    run, so the list is made once per process and reused."""
    from whitenoise.base import WhiteNoise

    original = WhiteNoise.update_files_dictionary
    listed = {}

    def update_files_dictionary(self, root, prefix):
        key = (root, prefix, type(self))
        if key not in listed:
            before = dict(self.files)
            original(self, root, prefix)
            listed[key] = {url: f for url, f in self.files.items() if before.get(url) is not f}
        self.files.update(listed[key])

    WhiteNoise.update_files_dictionary = update_files_dictionary
    yield
    WhiteNoise.update_files_dictionary = original


@pytest.fixture(scope="session", autouse=True)
def pdf_memo(shared_dir):
    """Each distinct PDF is rendered once per run (samarbeid/pdf.py, PDF_MEMO)."""
    from django.test import override_settings

    folder = shared_dir / "pdf"
    folder.mkdir(exist_ok=True)
    with override_settings(PDF_MEMO=folder):
        yield


@pytest.fixture(scope="session")
def fresh_sqlite(shared_dir):
    """A SQLite database file as `manage.py migrate` leaves an empty one, as an operator runs
    it (in a process of its own, with the test settings); made once per run. Copy it before
    writing to it."""
    import subprocess
    import sys

    def migrate(path):
        path.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DATA_DIR=str(path), DJANGO_SETTINGS_MODULE="samarbeid.settings_test")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=Path(__file__).resolve().parent, env=env, check=True, capture_output=True,
        )  # fmt: skip

    return made_once(shared_dir / "migrated", migrate) / "samarbeid.sqlite3"


# --- The database between tests ------------------------------------------------
# After the migrations the test database holds reference data (the statutory topics, the
# editors' group, content types). A `transactional_db` test (the browser tests) empties
# every table when it ends; the rows are then put back, whatever the order of the tests.

_baseline = pytest.StashKey["object"]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    from tests.dbsnapshot import Snapshot

    with django_db_blocker.unblock():
        request.config.stash[_baseline] = Snapshot.take()
    yield
    with django_db_blocker.unblock():
        _close_connection_pools()


@pytest.fixture(scope="session")
def baseline_rows(django_db_setup, request):
    """The rows after the migrations (a tests.dbsnapshot.Snapshot), for `dbsnapshot.kept`."""
    return request.config.stash[_baseline]


def _close_connection_pools():
    """Let pytest-django drop the PostgreSQL test database (next, in its teardown): close the
    connection pool, and end any session a thread of the test run left behind (a request
    thread of the live server holds its pooled connection), which would otherwise keep the
    database open ("is being accessed by other users") and leave it behind."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if conn.vendor != "postgresql":
            continue
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        conn.close()
        conn.close_pool()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache. The cached pages and figures are keyed on the
    newest history ids, and tests that roll back (SQLite hands the same ids out again) or
    load the same demo rows would otherwise meet another test's entries."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language (nynorsk), whatever language an earlier test
    in the same process left active (a request in English activates English for the thread)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def steady_activity_stamp(monkeypatch):
    """The staff idle timeout writes the session at most once a minute; a test whose two
    requests are a minute apart on a loaded machine would count that write as one more query.
    In tests the stamp is written once, at login (the timeout itself is still enforced)."""
    from samarbeid.middleware import StaffIdleTimeoutMiddleware

    monkeypatch.setattr(StaffIdleTimeoutMiddleware, "WRITE_EVERY", 10**9)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield  # every fixture is finalised: a transactional test has emptied the tables
    # After the last test the session's fixtures are finalised too: the test database is gone
    # and the connection points at the real one again, which must not be touched.
    if nextitem is not None and _is_transactional(item) and _baseline in item.config.stash:
        from django.contrib.contenttypes.models import ContentType

        with item.config.stash[blocking_manager_key].unblock():
            empty_tables()  # again: a request of the live server may have ended since
            item.config.stash[_baseline].restore()
            ContentType.objects.clear_cache()
    return result


def empty_tables():
    """Every table of the test database emptied, its ids counted from 1 again.

    What `flush` does at the end of a transactional test, without its post_migrate (the
    content types and permissions it writes back are among the baseline's rows) and without
    TRUNCATE: on PostgreSQL, TRUNCATE makes every table's files anew and took 0.2 s a time,
    twice per browser test; DELETE on tables of a few rows takes 3 ms. The foreign keys are
    deferred (Django makes them so), so the order of the tables does not matter."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    tables = connection.introspection.django_table_names(only_existing=True)
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        statements = [
            "SET CONSTRAINTS ALL DEFERRED",
            *(f"DELETE FROM {quote(table)}" for table in tables),
            *connection.ops.sequence_reset_sql(no_style(), apps.get_models()),
        ]
    else:  # SQLite's flush deletes too
        statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture(scope="session", autouse=True)
def transactional_tests_end_with_empty_tables():
    """pytest-django ends a transactional test with TransactionTestCase._fixture_teardown,
    which runs `flush` (and its post_migrate); `empty_tables` instead."""
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = lambda test_case: empty_tables()
    yield
    TransactionTestCase._fixture_teardown = original


# --- Personas ----------------------------------------------------------------
# editor:       the secretariat; staff in the editors' group; edits everything in the admin.
# member:       sits in SSU; reads SSU's internal material; no admin.
# other_member: sits in OU Bergen only; sees SSU as the public does.
# anonymous:    the public; a client that is not logged in.


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker, request):
    """The rows `load_demo` writes, loaded once per test process and then rolled back."""
    from django.core.management import call_command
    from django.db import transaction

    from tests.dbsnapshot import Snapshot

    with django_db_blocker.unblock(), transaction.atomic(), open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
        rows = Snapshot.take().since(request.config.stash[_baseline])
        transaction.set_rollback(True)
    return rows


def pytest_collection_modifyitems(items):
    """A test that asks for `demo` gets it before its other fixtures (an editor, a member):
    the demo's rows are then copied into empty tables (0.2 s) instead of `load_demo` running
    for real on top of the fixtures' rows (1–2 s, as `Snapshot.fits` requires)."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        info = getattr(item, "_fixtureinfo", None)
        if not names or "demo" not in names or info is None:
            continue
        # The test's own arguments follow the autouse fixtures; their fixtures come after.
        first = next((names.index(n) for n in info.argnames if n in names), None)
        if first is not None and names.index("demo") > first:
            names.remove("demo")
            names.insert(first, "demo")


@pytest.fixture
def demo(db, demo_rows):
    """The demo data (`manage.py load_demo`), copied in from `demo_rows` when the tables hold
    nothing else yet; else loaded for real, on top of what the test made before."""
    demo_rows.load_demo()


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group, User

    from samarbeid.access import EDITORS, sync_editor_group

    sync_editor_group()
    user = User.objects.create_user("redaktor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def _member_of(username, body_slug, name):
    from django.contrib.auth.models import User

    from samarbeid.models import Body, Membership, Person

    user = User.objects.create_user(username, password="pw")
    # The demo's body when it is loaded (before or after); a bare one otherwise.
    body, _ = Body.objects.get_or_create(
        slug=body_slug, defaults={"name_nn": body_slug, "kind": Body.Kind.SSU}
    )
    person = Person.objects.create(name=name, user=user)
    Membership.objects.create(person=person, body=body, category=Membership.Category.MUNICIPAL)
    return user


@pytest.fixture
def member(db):
    return _member_of("medlem", "ssu", "Mona Medlem")


@pytest.fixture
def other_member(db):
    return _member_of("annan", "ou-bergen", "Ola Områdeutval")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def other_member_client(client, other_member):
    client.force_login(other_member)
    return client


@pytest.fixture
def pdf_text():
    """A function: PDF bytes → their text (pdftotext -layout), or a skip without poppler."""
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: apt-get install poppler-utils")
        pytest.skip("pdftotext not found: apt-get install poppler-utils")

    def extract(pdf, *args):
        return subprocess.run(
            ["pdftotext", "-layout", *args, "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()

    return extract
