"""The notice by e-mail, through Django's mail settings (MAILERS), sent in the background.

`deliver_notice` is the task's body: it claims one NoticeMailing, sends one message (the
members in blind copy), and records the outcome on the mailing; a failure is tried again
later (NoticeMailing.ATTEMPTS), and the secretariat sees each state on the meeting screen and
the dashboard. A mail server that is down never loses the notice nor shows anybody an error
page: the mailing says "not sent" and "Send the notice again" queues it once more.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from samarbeid.models import Membership

logger = logging.getLogger(__name__)


def notice_recipients(meeting):
    """(addresses, names without one): the body's current members and their named
    substitutes."""
    on = timezone.localtime(meeting.starts_at).date()
    seats = Membership.objects.current(on).filter(body=meeting.body).select_related("person")
    people = {seat.person_id: seat.person for seat in seats}.values()
    addresses = sorted({p.email for p in people if p.email})
    missing = sorted(p.name for p in people if not p.email)
    return addresses, missing


def notice_texts(meeting, *, has_pdf):
    """(subject, body) of the notice e-mail, in the meeting's language; the preview before
    the notice shows these same texts."""
    from moter.documents import meeting_time

    args = (meeting.body.slug, meeting.year, meeting.number)
    with translation.override(meeting.language):
        context = {
            "meeting": meeting,
            "time": meeting_time(meeting),
            "url": settings.SITE_URL + meeting.get_absolute_url(),
            "bundle_url": settings.SITE_URL + reverse("moter:notice_bundle_pdf", args=args),
            "schedule_url": settings.SITE_URL + reverse("moter:schedule"),
            "has_pdf": has_pdf,
        }
        subject = render_to_string("moter/email/notice_subject.txt", context).strip()
        body = render_to_string("moter/email/notice.txt", context)
    return subject, body


def attachment_names(meeting):
    """The names of the files the notice e-mail carries: the notice PDF and the .ics."""
    name = f"innkalling-{meeting.body.slug}-{meeting.number}-{meeting.year}"
    return f"{name}.pdf", f"{name}.ics"


def notice_message(meeting, recipients):
    """The e-mail: date, time and place; where to read the notice and the case papers; the
    notice PDF (the public version, so every recipient can open it without logging in) and
    the meeting as a calendar event (.ics)."""
    from moter.feeds import invitation_ics
    from moter.models import MeetingDocument

    notice = (
        meeting.documents.served()
        .filter(kind=MeetingDocument.Kind.NOTICE)
        .order_by("-version")
        .first()
    )
    subject, body = notice_texts(meeting, has_pdf=notice is not None)
    # Blind copies: members do not get each other's addresses.
    message = EmailMessage(subject, body, bcc=recipients)
    pdf_name, ics_name = attachment_names(meeting)
    if notice is not None:
        with notice.file.open("rb") as pdf:
            message.attach(pdf_name, pdf.read(), "application/pdf")
    message.attach(ics_name, invitation_ics(meeting), "text/calendar")
    return message


def deliver_notice(mailing_id):
    """Send the notice e-mail of one NoticeMailing, once; returns how many it went to, or
    None when there was nothing to do (sent already, or being sent by another worker)."""
    from moter.models import NoticeMailing

    S = NoticeMailing.Status
    with transaction.atomic():
        claimed = NoticeMailing.objects.filter(
            pk=mailing_id, status__in=(S.QUEUED, S.RETRYING)
        ).update(status=S.SENDING, attempts=F("attempts") + 1, next_attempt_at=None)
    if not claimed:
        return None
    mailing = NoticeMailing.objects.select_related("meeting__body").get(pk=mailing_id)
    meeting = mailing.meeting
    try:
        recipients, missing = notice_recipients(meeting)
        if recipients:
            notice_message(meeting, recipients).send()
    except Exception as error:  # the mail server's or ours: recorded, tried again
        logger.exception("The notice e-mail of %s failed (try %s)", meeting, mailing.attempts)
        record_failure(mailing, error)
        return None
    mailing.status = S.SENT
    mailing.sent_at = timezone.now()
    mailing.sent_count = len(recipients)
    mailing.without_address = missing
    mailing.error = ""
    mailing.save(update_fields=["status", "sent_at", "sent_count", "without_address", "error"])
    return len(recipients)


def record_failure(mailing, error):
    """Try again later while tries are left (and the task backend can wait); else failed."""
    from moter.models import NoticeMailing
    from moter.tasks import send_notice_mail

    S = NoticeMailing.Status
    mailing.error = f"{type(error).__name__}: {error}"[:1000]
    can_wait = send_notice_mail.get_backend().supports_defer
    if mailing.attempts < NoticeMailing.ATTEMPTS and can_wait:
        wait = NoticeMailing.BACKOFF[min(mailing.attempts, len(NoticeMailing.BACKOFF)) - 1]
        mailing.status = S.RETRYING
        mailing.next_attempt_at = timezone.now() + wait
    else:
        mailing.status = S.FAILED
        mailing.next_attempt_at = None
    with transaction.atomic():
        mailing.save(update_fields=["status", "error", "next_attempt_at"])
        if mailing.status == S.RETRYING:
            run_after = mailing.next_attempt_at
            transaction.on_commit(lambda: mailing.enqueue(run_after=run_after))
