"""The calendar feeds (iCalendar) and the Atom feed of published minutes.

Meeting dates and places are public, so the calendars are the same for every reader; the
minutes feed lists only published versions of minutes, never anything else.
"""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from moter.feeds import CALENDAR_AHEAD, CALENDAR_PAST, CALENDAR_REFRESH
from moter.models import AgendaItem, Meeting, MeetingDocument
from moter.tests.conftest import advance, at
from samarbeid.models import Body

ATOM = "{http://www.w3.org/2005/Atom}"


def days(n):
    """n days from now, to the minute (calendars keep whole seconds)."""
    now = timezone.now().replace(second=0, microsecond=0)
    return now + datetime.timedelta(days=n)


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event.uid): event for event in calendar.events}


@pytest.fixture
def ou(db):
    return Body.objects.create(slug="ou-voss", short_name="OU Voss", name_nn="OU Voss", kind="ou")


# --- iCalendar ------------------------------------------------------------------


def test_it_serves_the_meetings_as_a_calendar_that_parses_back(client, make_meeting):
    meeting = make_meeting(days(30), ends_at=days(30) + datetime.timedelta(hours=3),
                           place="Haukeland, Bergen")  # fmt: skip
    found = events(client.get("/mote/kalender.ics"))
    event = found[f"meeting-{meeting.pk}@testserver"]
    assert str(event.summary) == f"FSU møte {meeting.number}/{meeting.year}"
    assert str(event["LOCATION"]) == "Haukeland, Bergen"
    assert str(event.url) == f"http://testserver{meeting.get_absolute_url()}"
    assert event.start == meeting.starts_at and event.end == meeting.ends_at
    assert str(event.start.tzinfo) == "Europe/Oslo"
    assert event.status == "CONFIRMED"
    assert event.DTSTAMP is not None and event.last_modified is not None


def test_it_tells_calendar_programs_how_often_to_look_again(client, db):
    response = client.get("/mote/kalender.ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar.refresh_interval == CALENDAR_REFRESH
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT6H\r\n" in response.content
    assert "alle" in response["Content-Disposition"]


def test_it_keeps_the_calendar_to_the_window(client, make_meeting):
    inside = [make_meeting(days(-360)), make_meeting(days(1)), make_meeting(days(725))]
    outside = [make_meeting(days(-370)), make_meeting(days(735))]
    assert (CALENDAR_PAST.days, CALENDAR_AHEAD.days) == (365, 730)  # a year back, two ahead
    found = events(client.get("/mote/kalender.ics"))
    assert set(found) == {f"meeting-{m.pk}@testserver" for m in inside}
    assert all(f"meeting-{m.pk}@testserver" not in found for m in outside)


def test_it_marks_a_cancelled_meeting_as_cancelled(client, make_meeting):
    kept = make_meeting(days(10))
    cancelled = make_meeting(days(20))
    cancelled.cancel()
    found = events(client.get("/mote/kalender.ics"))
    assert found[f"meeting-{cancelled.pk}@testserver"].status == "CANCELLED"
    assert "FSU møte" in str(found[f"meeting-{cancelled.pk}@testserver"].summary)
    assert found[f"meeting-{kept.pk}@testserver"].status == "CONFIRMED"


def test_a_bodys_calendar_holds_only_that_bodys_meetings(client, make_meeting, body, ou):
    own = make_meeting(days(5))
    other = make_meeting(days(6), target=ou)
    found = events(client.get("/mote/kalender/ou-voss.ics"))
    assert set(found) == {f"meeting-{other.pk}@testserver"}
    calendar = icalendar.Calendar.from_ical(client.get("/mote/kalender/ou-voss.ics").content)
    assert "OU Voss" in calendar.calendar_name
    assert f"meeting-{own.pk}@testserver" in events(client.get("/mote/kalender/fsu.ics"))
    assert client.get("/mote/kalender/finst-ikkje.ics").status_code == 404


def test_the_uids_stay_the_same_when_a_meeting_changes(client, make_meeting):
    meeting = make_meeting(days(15), place="Bergen")
    first = events(client.get("/mote/kalender.ics"))
    meeting.place = "Voss"
    meeting.starts_at = days(16)
    meeting.save()
    second = events(client.get("/mote/kalender.ics"))
    assert set(first) == set(second) == {f"meeting-{meeting.pk}@testserver"}
    uid = f"meeting-{meeting.pk}@testserver"
    assert str(second[uid]["LOCATION"]) == "Voss"
    assert second[uid].last_modified >= first[uid].last_modified


def test_the_calendar_is_valid_when_empty(client, db):
    calendar = icalendar.Calendar.from_ical(client.get("/mote/kalender.ics").content)
    assert calendar.events == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Oslo"]  # still one component


def test_the_calendar_shows_only_public_facts(client, make_meeting):
    meeting = make_meeting(days(3))
    AgendaItem.objects.create(meeting=meeting, title="Løyndom om Ola", access="exempt",
                              legal_basis="offl. § 13", decision="Hemmeleg vedtak.")  # fmt: skip
    body = client.get("/mote/kalender.ics").content.decode()
    assert "Løyndom" not in body and "Hemmeleg" not in body


@pytest.mark.parametrize("n", [3, 30])
def test_the_calendar_costs_the_same_queries_however_many_meetings(
    client, make_meeting, ou, django_assert_num_queries, n
):
    for i in range(n):
        make_meeting(days(i + 1), target=ou if i % 2 else None)
    # The newest change (the cache key), the meetings in the window with their body and
    # newest history row.
    with django_assert_num_queries(2):
        found = events(client.get("/mote/kalender.ics"))
    assert len(found) == n
    # The newest change, the body, then its meetings.
    with django_assert_num_queries(3):
        found = events(client.get("/mote/kalender/ou-voss.ics"))
    assert len(found) == n // 2
    # Asked again with nothing changed: the finished calendar from the cache.
    with django_assert_num_queries(1):
        assert len(events(client.get("/mote/kalender/ou-voss.ics"))) == n // 2


def test_a_calendar_program_that_has_the_newest_gets_not_modified(client, make_meeting):
    meeting = make_meeting(days(3))
    first = client.get("/mote/kalender.ics")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/mote/kalender.ics", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and not again.content
    meeting.place = "Voss"
    meeting.save()
    changed = client.get("/mote/kalender.ics", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Voss" in changed.content.decode()


def test_a_cached_calendar_follows_a_change_to_a_bodys_name(client, make_meeting):
    meeting = make_meeting(days(3))
    assert meeting.body.name in client.get("/mote/kalender.ics").content.decode()
    meeting.body.name_nn = "Nytt namn på utvalet"
    meeting.body.save()
    assert "Nytt namn på utvalet" in client.get("/mote/kalender.ics").content.decode()


def test_the_whole_history_has_its_own_calendar(client, make_meeting):
    old = make_meeting(at(2015, 3, 11))
    new = make_meeting(days(3))
    window = events(client.get("/mote/kalender.ics"))
    assert set(window) == {f"meeting-{new.pk}@testserver"}
    history = client.get(reverse("moter:calendar_history"))
    assert set(events(history)) == {f"meeting-{old.pk}@testserver", f"meeting-{new.pk}@testserver"}
    assert "heile-historia" in history["Content-Disposition"]


@pytest.mark.parametrize("url", ["/mote/kalender.ics", "/mote/referat.atom"])
def test_the_feeds_refuse_other_methods(client, db, url):
    assert client.post(url).status_code == 405


# --- Atom: published minutes -----------------------------------------------------


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "links": {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")},
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def minutes(make_meeting):
    """A published meeting (v1) with an exempt case, and one with its notice issued only."""
    meeting = make_meeting(at(2026, 3, 11))
    AgendaItem.objects.create(meeting=meeting, title="Løyndom om Ola", access="exempt",
                              legal_basis="offl. § 13", decision="Hemmeleg vedtak.")  # fmt: skip
    advance(meeting, "publisert")
    draft = make_meeting(at(2026, 6, 10), cases=1)
    advance(draft, "innkalla")
    return meeting, draft


def test_it_lists_only_published_minutes(client, minutes):
    meeting, draft = minutes
    found = entries(client.get("/mote/referat.atom"))
    assert len(found) == 1
    entry = found[0]
    assert "FSU møte 1/2026" in entry["title"]
    assert "version" not in entry["title"] and "versjon" not in entry["title"]
    assert entry["links"]["alternate"] == f"http://testserver{meeting.get_absolute_url()}"
    pdf = reverse("moter:minutes_pdf", args=["fsu", 2026, 1, 1])
    assert entry["links"]["enclosure"] == f"http://testserver{pdf}"
    # What the entry points at is open to the public.
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(pdf).status_code == 200
    assert MeetingDocument.objects.filter(meeting=draft, kind="innkalling").exists()
    feed = client.get("/mote/referat.atom").content.decode()
    assert draft.get_absolute_url() not in feed
    assert "Løyndom" not in feed and "Hemmeleg" not in feed


def test_a_new_version_of_the_minutes_is_a_new_entry(client, minutes):
    meeting, _ = minutes
    meeting.open_new_version(reason="Retta eit namn i sak 1.")
    meeting.publish()
    found = entries(client.get("/mote/referat.atom"))
    assert len(found) == 2
    newest, first = found
    assert "version 2" in newest["title"] or "versjon 2" in newest["title"]
    assert newest["id"] != first["id"]
    assert newest["links"]["enclosure"].endswith("/referat-v2.pdf")
    assert first["links"]["enclosure"].endswith("/referat-v1.pdf")
    v2 = meeting.documents.get(kind="referat", version=2)
    assert datetime.datetime.fromisoformat(newest["updated"]) == v2.created_at
    assert "Retta eit namn" in client.get("/mote/referat.atom").content.decode()


def test_the_summary_is_text_even_when_the_reason_looks_like_html(client, minutes):
    # The summary is `type="html"`: a reader un-escapes the XML once and reads HTML, so a
    # reason's `<` and `&` must be escaped once more to arrive as the text that was typed.
    meeting, _ = minutes
    meeting.open_new_version(reason="<script>alert(1)</script> Ola & Kari")
    meeting.publish()
    feed = ET.fromstring(client.get("/mote/referat.atom").content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Ola &amp; Kari" in summary.text
    assert "<script>" not in summary.text


@pytest.mark.parametrize("n", [3, 30])
def test_the_minutes_feed_costs_the_same_queries_however_many(
    client, make_meeting, django_assert_num_queries, n
):
    for i in range(n):
        meeting = make_meeting(at(2025, 1, 1) + datetime.timedelta(days=i))
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
        MeetingDocument.objects.create(meeting=meeting, kind="referat", version=1, sha256="x",
                                       file=ContentFile(b"%PDF-1.7", name="r.pdf"))  # fmt: skip
    # The newest minutes documents with their meeting and body: one query.
    with django_assert_num_queries(1):
        found = entries(client.get("/mote/referat.atom"))
    assert len(found) == n
    assert found[0]["updated"] > found[-1]["updated"], "newest first"


# --- Discovery and the subscription section ----------------------------------------


@pytest.mark.parametrize("url", ["/mote/", "/mote/moteplan/"])
def test_the_meeting_pages_offer_the_feeds(client, make_meeting, ou, url):
    make_meeting(days(4), target=ou)
    html = client.get(url).content.decode()
    assert '<link rel="alternate" type="text/calendar"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/mote/referat.atom"' in html
    assert 'id="subscribe-heading"' in html
    assert 'href="/mote/kalender.ics"' in html
    assert 'href="/mote/kalender/ou-voss.ics"' in html
    assert 'href="/mote/kalender/fsu.ics"' not in html  # FSU has no meetings
