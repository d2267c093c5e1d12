"""Background work for meetings (Django's tasks API; django-tasks-db runs it).

Every task here may run twice (a double enqueue, a worker restarted half-way) and does its
work once: each re-reads its object under a lock and does nothing when the work is done.
`recover` tells the worker, when it starts, what to do about a task a dead worker left
running (samarbeid/management/commands/db_worker.py).
"""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils.translation import gettext

from samarbeid.pdf import describe_error

logger = logging.getLogger(__name__)


@task
def publish_minutes(meeting_id, user_id=None, requested_at=None):
    """Render and freeze approved minutes for the request made at `requested_at`. On failure
    the meeting goes back to approved, with the error on it for the secretariat to see; a
    duplicate task (the meeting published already, or asked for again) does nothing."""
    from moter.models import Meeting

    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        document = meeting.publish(by=user, requested_at=requested_at)
    except Exception as error:
        logger.exception("Publishing %s failed", meeting)
        meeting.publishing_failed(describe_error(error), requested_at=requested_at)
        raise
    return document.version if document else None


@task
def send_notice_mail(mailing_id):
    """Send one notice e-mail (moter.mail.deliver_notice): once, tried again on failure."""
    from moter.mail import deliver_notice

    return deliver_notice(mailing_id)


@task
def refresh_public_notice(meeting_id):
    """Make the public notice again after a case's public access changed (idempotent)."""
    from moter.models import Meeting

    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    meeting.refresh_public_notice()


# --- A task left running by a worker that died ---------------------------------------


def requeue_notice_mail(args, kwargs):
    """The mailing was being sent when the worker died: let the task claim it again."""
    from moter.models import NoticeMailing

    mailing_id = kwargs.get("mailing_id", args[0] if args else None)
    NoticeMailing.objects.filter(pk=mailing_id, status=NoticeMailing.Status.SENDING).update(
        status=NoticeMailing.Status.RETRYING
    )


def give_up_notice_mail(args, kwargs):
    from moter.models import NoticeMailing

    mailing_id = kwargs.get("mailing_id", args[0] if args else None)
    NoticeMailing.objects.filter(pk=mailing_id, status__in=NoticeMailing.PENDING).update(
        status=NoticeMailing.Status.FAILED,
        error=gettext("The background worker stopped while sending."),
    )


def give_up_publishing(args, kwargs):
    from moter.models import Meeting

    meeting_id = kwargs.get("meeting_id", args[0] if args else None)
    requested_at = kwargs.get("requested_at", args[2] if len(args) > 2 else None)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:
        meeting.publishing_failed(
            gettext("The background worker stopped several times while rendering."),
            requested_at=requested_at,
        )


# {task path: (before it runs again, when it is given up)}; other tasks are simply run again.
RECOVERY = {
    "moter.tasks.send_notice_mail": (requeue_notice_mail, give_up_notice_mail),
    "moter.tasks.publish_minutes": (None, give_up_publishing),
}
