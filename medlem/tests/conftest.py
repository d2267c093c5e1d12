"""Personas for the members' side, in a committee of their own.

secretary:   the secretariat (the `editor` persona of the root conftest)
ola:         member of the committee, with a login, e-mail ola@example.no
siri:        Ola's personal substitute, with an e-mail address (no login needed)
kari:        the chair, with a login
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone, translation

from moter.models import AgendaItem, Meeting
from samarbeid.models import Body, Membership, Person


@pytest.fixture(autouse=True)
def english():
    """Pages and mail are read in English here; nn/nb are the catalogues' business."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A reader whose browser asks for English (the root conftest's clients build on it)."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def secretary_client(editor):
    """The secretariat, in a browser of its own (beside a member's `client`)."""
    secretary = Client(headers={"Accept-Language": "en"})
    secretary.force_login(editor)
    return secretary


@pytest.fixture
def committee(db):
    return Body.objects.create(slug="fsu", short_name="FSU", name_nn="Fagleg utval", kind="fsu")


@pytest.fixture
def people(committee):
    def login(name):
        return User.objects.create_user(name, email=f"{name}@example.no", password="pw")

    kari = Person.objects.create(name="Kari Leiar", email="kari@example.no", user=login("kari"))
    ola = Person.objects.create(name="Ola Medlem", email="ola@example.no", user=login("ola"))
    siri = Person.objects.create(name="Siri Vara", email="siri@example.no")
    c = Membership.Category.SPECIALIST
    Membership.objects.create(person=kari, body=committee, role="leiar", category=c)
    seat = Membership.objects.create(person=ola, body=committee, role="medlem", category=c)
    Membership.objects.create(
        person=siri, body=committee, role="vara", category=c, substitute_for=seat
    )
    return {"kari": kari, "ola": ola, "siri": siri, "ola_seat": seat}


def in_days(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def meeting(committee, people):
    """A meeting in ten days with two cases (the approval case and one more)."""
    meeting = Meeting.objects.create(body=committee, starts_at=in_days(10), place="Haukeland")
    AgendaItem.objects.create(
        meeting=meeting, title="Ny tenesteavtale 3", decision="FSU godkjenner avtalen.",
        proposed_decision="FSU godkjenner avtalen.",
    )  # fmt: skip
    meeting.fill_attendance_from_seats()  # as the secretariat does on the attendance step
    return meeting


@pytest.fixture
def issued(meeting, django_capture_on_commit_callbacks, mailoutbox):
    """The meeting with its notice issued (the notice mail sent and cleared)."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    mailoutbox.clear()
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def ola_client(client, people):
    client.force_login(people["ola"].user)
    return client
