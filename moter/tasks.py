"""Background work for meetings (Django's tasks API; django-tasks-db runs it)."""

import logging

from django.contrib.auth import get_user_model
from django.tasks import task

from samarbeid.pdf import RenderError

logger = logging.getLogger(__name__)


@task
def publish_minutes(meeting_id, user_id=None):
    """Render and freeze approved minutes. On failure the meeting stays unpublished, with
    the error kept on it for the secretariat to see."""
    from moter.models import Meeting

    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        meeting.publish(by=user)
    except Exception as error:
        logger.exception("Publishing %s failed", meeting)
        message = (
            str(error) if isinstance(error, RenderError) else f"{type(error).__name__}: {error}"
        )
        Meeting.objects.filter(pk=meeting_id).update(publish_error=message)
        raise


@task
def refresh_public_notice(meeting_id):
    """Make the public notice again after a case's public access changed (idempotent)."""
    from moter.models import Meeting

    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    meeting.refresh_public_notice()
