"""Test-wide set-up: the settings the suite runs with, and the named personas."""

import os

import pytest
from pytest_django.plugin import blocking_manager_key


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Collect static files once, so pages render through the production (manifest) storage.

    A template that names a static file that does not exist fails here, as it would in
    production, instead of on the first visitor.
    """
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(scope="session", autouse=True)
def pdf_memo():
    """Each distinct PDF is rendered once per test process (samarbeid/pdf.py, PDF_MEMO)."""
    from django.test import override_settings

    with override_settings(PDF_MEMO=True):
        yield


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
        from django.core.management import call_command

        with item.config.stash[blocking_manager_key].unblock():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            item.config.stash[_baseline].restore()
            ContentType.objects.clear_cache()
    return result


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
