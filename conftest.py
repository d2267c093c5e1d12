"""Test-wide set-up: the settings the suite runs with, and the named personas."""

import os

import pytest


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


# --- Personas ----------------------------------------------------------------
# editor:       the secretariat; staff in the editors' group; edits everything in the admin.
# member:       sits in SSU; reads SSU's internal material; no admin.
# other_member: sits in OU Bergen only; sees SSU as the public does.
# anonymous:    the public; a client that is not logged in.


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


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
