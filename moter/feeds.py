"""Feeds to subscribe to: the meetings as iCalendar (RFC 5545), the published minutes as Atom.

Meeting dates and places are public (see the møteplan), so the calendars are the same for
everybody. The minutes feed lists only published versions of the minutes: a minutes document
exists only once a version is published, and every version stays public.
"""

import datetime
import hashlib
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from moter.models import Meeting, MeetingDocument, bodies_with_meetings
from samarbeid.models import Body

OSLO = ZoneInfo("Europe/Oslo")

# The calendars hold the meetings from a year back to two years ahead. A subscribed calendar
# keeps the events it has already seen, so nothing is lost for the subscriber, and the feed
# stays small and fast however many years of meetings the database holds.
CALENDAR_PAST = datetime.timedelta(days=365)
CALENDAR_AHEAD = datetime.timedelta(days=2 * 365)
# How often calendar programs should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
CALENDAR_REFRESH = datetime.timedelta(hours=6)
# How long a finished calendar stays cached; any change to a meeting or body makes a new key
# long before (see calendar_version), this only lets unused entries go.
CALENDAR_CACHE_SECONDS = 24 * 60 * 60
# The newest published minutes documents in the Atom feed.
MINUTES_FEED_SIZE = 50


def calendar_bodies():
    """The bodies that have meetings: each has its own calendar (listed on the meeting pages)."""
    return bodies_with_meetings()


def meetings_for_calendar(now=None, everything=False):
    """The meetings in the calendar window (or `everything`), with their body and
    `last_modified` (the newest history row): one query, however many meetings."""
    now = now or timezone.now()
    history = Meeting.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    meetings = Meeting.objects.all()
    if not everything:
        meetings = meetings.filter(
            starts_at__gte=now - CALENDAR_PAST, starts_at__lt=now + CALENDAR_AHEAD
        )
    return (
        meetings.select_related("body")
        .annotate(last_modified=Subquery(history.values("history_date")[:1]))
        .order_by("starts_at", "pk")
    )


def calendar_version(request):
    """What a calendar's content depends on, read in one query (and once per request): the
    newest change to any meeting or body, as their history rows record it (every save and
    delete writes one), with the rows' number and newest id so that two states never share a
    key. The finished feed is cached under it, so a new save anywhere, in any process, makes
    a new key; the day is in the key too, as the window moves with it."""
    if not hasattr(request, "_calendar_version"):
        bodies = Body.history.order_by("-history_date", "-history_id")
        request._calendar_version = Meeting.history.aggregate(
            changed=Max("history_date"),
            rows=Count("history_id"),
            newest=Max("history_id"),
            body_changed=Max(Subquery(bodies.values("history_date")[:1])),
            body_newest=Max(Subquery(bodies.values("history_id")[:1])),
        )
    return request._calendar_version


def calendar_etag(request, body=None, history=False):
    version = calendar_version(request)
    key = [
        body or "", history, timezone.localdate(), get_language(), request.get_host(),
        *version.values(),
    ]  # fmt: skip
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def calendar_modified(request, body=None, history=False):
    version = calendar_version(request)
    changes = [d for d in (version["changed"], version["body_changed"]) if d]
    return max(changes) if changes else None


@require_safe
@condition(etag_func=calendar_etag, last_modified_func=calendar_modified)
def calendar(request, body=None, history=False):
    """The meetings of one body (`body` is its slug) or of all bodies, as an .ics file: those
    in the window, or with `history` every meeting there has been.

    The finished file is cached under its ETag (see calendar_version), and a calendar program
    that sends it back gets 304 Not Modified."""
    etag = calendar_etag(request, body, history)
    key = f"moter:calendar:{etag}"
    ics = cache.get(key)
    if ics is None:
        meetings = meetings_for_calendar(everything=history)
        if body is not None:
            body = get_object_or_404(Body, slug=body)
            meetings = meetings.filter(body=body)
        ics = build_calendar(request, meetings, body, history=history)
        cache.set(key, ics, CALENDAR_CACHE_SECONDS)
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    name = (body.slug if isinstance(body, Body) else body) or "alle"
    if history:
        name += "-heile-historia"
    response["Content-Disposition"] = f'inline; filename="motekalender-{name}.ics"'
    return response


def calendar_history(request):
    """Every meeting of every body, for importing the whole history once."""
    return calendar(request, history=True)


def build_calendar(request, meetings, body=None, history=False):
    host = urlsplit(f"//{request.get_host()}").hostname
    now = timezone.now()
    first_date = (now - CALENDAR_PAST).date()
    if history:
        first = meetings.order_by("starts_at").values_list("starts_at", flat=True).first()
        first_date = min(first_date, first.date()) if first else first_date
    if body is None:
        title = _("Samarbeid: meetings of all bodies")
    else:
        title = _("Samarbeid: meetings of %(body)s") % {"body": body}
    cal = icalendar.Calendar.new(
        name=title,
        prodid="-//Samarbeidssekretariatet//Samarbeid//NO",
        uid=f"calendar-{body.slug if body else 'all'}@{host}",
        url=request.build_absolute_uri(reverse("moter:schedule")),
        refresh_interval=CALENDAR_REFRESH,
        language=get_language(),
    )
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    cal.add("X-PUBLISHED-TTL", icalendar.vDuration(CALENDAR_REFRESH))  # what Outlook reads
    # The times are local: the time zone travels with the calendar, also when no event uses it.
    cal.add_component(
        icalendar.Timezone.from_tzid(
            "Europe/Oslo",
            first_date=first_date,
            last_date=(now + CALENDAR_AHEAD + datetime.timedelta(days=366)).date(),
        )
    )
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, host, now, request.build_absolute_uri))
    return cal.to_ical()


def meeting_event(meeting, host, now, absolute):
    """One meeting as a VEVENT; its UID never changes, so calendars update it in place
    (the event in the notice e-mail and the feeds' are one). `absolute` makes a path a
    full address."""
    cancelled = meeting.status == Meeting.Status.CANCELLED
    summary = str(meeting)
    if cancelled:
        summary = _("Cancelled: %(meeting)s") % {"meeting": summary}
    url = absolute(meeting.get_absolute_url())
    modified = getattr(meeting, "last_modified", None)
    return icalendar.Event.new(
        uid=f"meeting-{meeting.pk}@{host}",
        stamp=modified or now,
        last_modified=modified,
        start=meeting.starts_at.astimezone(OSLO),
        end=meeting.ends_at.astimezone(OSLO) if meeting.ends_at else None,
        summary=summary,
        location=meeting.place or None,
        url=url,
        description=f"{meeting.body.name}\n{url}",
        status="CANCELLED" if cancelled else "CONFIRMED",
    )


def invitation_ics(meeting):
    """The meeting as an .ics file of its own, for the notice e-mail: the same event (and
    UID) as in the calendar feeds, so a subscribed calendar does not show it twice."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    now = timezone.now()
    start = meeting.starts_at.date()
    cal = icalendar.Calendar.new(
        prodid="-//Samarbeidssekretariatet//Samarbeid//NO", method="PUBLISH"
    )
    cal.add_component(
        icalendar.Timezone.from_tzid(
            "Europe/Oslo", first_date=start - datetime.timedelta(days=1),
            last_date=start + datetime.timedelta(days=366),
        )
    )  # fmt: skip
    cal.add_component(meeting_event(meeting, host, now, lambda path: settings.SITE_URL + path))
    return cal.to_ical()


class MinutesFeed(Feed):
    """The newest published minutes, one entry per version (a corrected version is news)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Samarbeid: published minutes")
    subtitle = gettext_lazy("Minutes of the committees' meetings, as they are published.")
    author_name = "Samarbeidssekretariatet (SSE)"

    def __init__(self, request):
        # A feed object per request (see minutes_feed), so the items can build absolute URLs.
        self.request = request

    def link(self):
        return reverse("moter:index")

    def feed_url(self):
        return reverse("moter:minutes_feed")

    def items(self):
        return (
            MeetingDocument.objects.served()
            .filter(kind=MeetingDocument.Kind.MINUTES)
            .select_related("meeting__body")
            .order_by("-created_at", "-pk")[:MINUTES_FEED_SIZE]
        )

    def item_title(self, document):
        meeting = document.meeting
        if document.version == 1:
            return _("Minutes %(meeting)s") % {"meeting": meeting}
        return _("Minutes %(meeting)s, version %(version)s") % {
            "meeting": meeting,
            "version": document.version,
        }

    def item_description(self, document):
        """Plain text, escaped: Atom readers read the summary as HTML (`type="html"`), so a
        reason with `<` or `&` must arrive as text, not as markup."""
        meeting = document.meeting
        when = timezone.localtime(meeting.starts_at).date()
        text = _("Minutes of %(meeting)s, held %(date)s.") % {
            "meeting": meeting,
            "date": date_format(when),
        }
        if document.reason:
            text += " " + _("Why there is a new version: %(reason)s") % {"reason": document.reason}
        return escape(text)

    def item_link(self, document):
        return document.meeting.get_absolute_url()

    def item_guid(self, document):
        # Each version is its own entry: the PDF's address is unique to the version.
        return self.request.build_absolute_uri(pdf_url(document))

    item_guid_is_permalink = False

    def item_pubdate(self, document):
        return document.created_at

    def item_updateddate(self, document):
        return document.created_at

    def item_enclosure_url(self, document):
        return self.request.build_absolute_uri(pdf_url(document))

    def item_enclosure_length(self, document):
        try:
            return document.file.size
        except OSError:  # a missing file must not take the feed down
            return 0

    item_enclosure_mime_type = "application/pdf"


def pdf_url(document):
    meeting = document.meeting
    return reverse(
        "moter:minutes_pdf",
        kwargs={
            "body": meeting.body.slug,
            "year": meeting.year,
            "number": meeting.number,
            "version": document.version,
        },
    )


@require_safe
def minutes_feed(request):
    return MinutesFeed(request)(request)
