import datetime

import pytest
from django.utils import timezone

from moter.models import AgendaItem, Meeting
from samarbeid.models import Body, Membership, Person


@pytest.fixture
def body(db):
    return Body.objects.create(slug="fsu", short_name="FSU", name_nn="Fagleg utval", kind="fsu")


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def make_meeting(body):
    def make(when=None, cases=0, target=None, **kwargs):
        meeting = Meeting.objects.create(
            body=target or body, starts_at=when or at(2026, 3, 11), **kwargs
        )
        for i in range(cases):
            AgendaItem.objects.create(meeting=meeting, title=f"Sak {i + 1}")
        return meeting

    return make


@pytest.fixture
def members(body):
    """Three seats in `body`: a chair, a member with a personal substitute, an observer."""
    chair = Person.objects.create(name="Kari Leiar", email="kari@example.no")
    member = Person.objects.create(name="Ola Medlem", email="ola@example.no")
    sub = Person.objects.create(name="Siri Vara", email="siri@example.no")
    observer = Person.objects.create(name="Per Observatør")
    c = Membership.Category.SPECIALIST
    Membership.objects.create(person=chair, body=body, role="leiar", category=c)
    seat = Membership.objects.create(person=member, body=body, role="medlem", category=c)
    Membership.objects.create(person=sub, body=body, role="vara", category=c, substitute_for=seat)
    Membership.objects.create(person=observer, body=body, role="observator", category="ks")
    return {"chair": chair, "member": member, "substitute": sub, "observer": observer}


def advance(meeting, to, run_on_commit=None):
    """Walk a meeting through its lifecycle up to status `to`."""
    steps = [
        ("innkalla", lambda: meeting.issue_notice()),
        ("halde", meeting.mark_held),
        ("referat_utkast", meeting.start_minutes),
        ("referat_godkjent", lambda: meeting.approve_minutes(in_case=None)),
        ("publisert", lambda: meeting.publish()),
    ]
    for status, step in steps:
        step()
        if status == to:
            return meeting
    raise AssertionError(to)
