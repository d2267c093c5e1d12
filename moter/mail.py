"""E-mail about meetings, through Django's mail settings (MAILERS)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samarbeid.models import Membership


def notice_recipients(meeting):
    """The body's current members and their named substitutes who have an e-mail address."""
    on = timezone.localtime(meeting.starts_at).date()
    seats = Membership.objects.current(on).filter(body=meeting.body).select_related("person")
    return sorted({seat.person.email for seat in seats if seat.person.email})


def send_notice(meeting):
    recipients = notice_recipients(meeting)
    if not recipients:
        return 0
    with translation.override(meeting.language):
        context = {"meeting": meeting, "url": settings.SITE_URL + meeting.get_absolute_url()}
        subject = render_to_string("moter/email/notice_subject.txt", context).strip()
        body = render_to_string("moter/email/notice.txt", context)
    # Blind copies: members do not get each other's addresses.
    return EmailMessage(subject, body, bcc=recipients).send()
