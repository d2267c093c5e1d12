"""The members' mail, sent by the task queue (Django's tasks API; django-tasks-db runs it).

Each task is safe to run twice: it re-reads the row under a lock, checks that the mail is
still due and not yet sent, sends, and records that it did.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


def _message(template, context, to, *, language="nn", headers=None):
    """An e-mail from `template`_subject.txt and `template`.txt, in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return EmailMessage(subject, body, to=to, headers=headers or {})


@task
def mail_invitation(invitation_id):
    """The invitation with a fresh one-time link to set a password."""
    from medlem.accounts import set_password_path
    from medlem.models import Invitation

    invitation = Invitation.objects.select_related("person__user").get(pk=invitation_id)
    user = invitation.person.user
    if user is None or not user.is_active:
        return 0
    context = {
        "person": invitation.person,
        "url": settings.SITE_URL + set_password_path(user),
        "username": user.get_username(),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return _message("medlem/email/invitation", context, [invitation.email]).send()


@task
def mail_substitute(report_id, person_id):
    """Tell the substitute called in that they are to come, with the notice when it is out."""
    from medlem.models import AbsenceReport
    from moter.models import MeetingDocument

    with transaction.atomic():
        report = (
            AbsenceReport.objects.select_for_update(of=("self",))
            .select_related("meeting__body", "person", "substitute")
            .get(pk=report_id)
        )
        if (
            report.substitute_id != person_id
            or report.substitute_status != AbsenceReport.SubstituteStatus.PENDING
            or report.substitute_mailed_at is not None
        ):
            return 0  # stopped, changed or already mailed
        if not report.substitute.email:
            logger.warning("Substitute %s has no e-mail address", report.substitute)
            return 0
        meeting = report.meeting
        notice = (
            meeting.documents.served()
            .filter(kind=MeetingDocument.Kind.NOTICE)
            .order_by("-version")
            .first()
        )
        context = {
            "report": report,
            "meeting": meeting,
            "url": settings.SITE_URL + meeting.get_absolute_url(),
            "confirm_url": settings.SITE_URL
            + reverse("medlem:confirm_substitute", args=[report.confirm_token()]),
            "notice": notice,
        }
        message = _message(
            "medlem/email/substitute", context, [report.substitute.email],
            language=meeting.language,
        )  # fmt: skip
        if notice is not None:
            with notice.file.open("rb") as pdf:
                message.attach(
                    f"innkalling-{meeting.body.slug}-{meeting.number}-{meeting.year}.pdf",
                    pdf.read(),
                    "application/pdf",
                )
        sent = message.send()
        report.substitute_mailed_at = timezone.now()
        report.save(update_fields=["substitute_mailed_at"])
        return sent


@task
def mail_subscription_confirmation(subscription_id):
    """The link that confirms a subscription (the address's owner must ask for it)."""
    from medlem.models import Subscription

    subscription = Subscription.objects.select_related("body").get(pk=subscription_id)
    if subscription.confirmed_at is not None:
        return 0
    context = {
        "subscription": subscription,
        "url": settings.SITE_URL + reverse("medlem:confirm", args=[subscription.token]),
    }
    return _message("medlem/email/confirm", context, [subscription.email]).send()


@task
def mail_subscribers(document_id):
    """A notice or minutes are out: one mail to each confirmed subscriber of the body, each
    with its own one-click unsubscribe link; a subscriber already mailed is skipped."""
    from medlem.models import Delivery, Subscription
    from moter.models import MeetingDocument

    document = MeetingDocument.objects.select_related("meeting__body").get(pk=document_id)
    meeting = document.meeting
    ids = list(
        Subscription.objects.confirmed()
        .filter(body_id=meeting.body_id)
        .exclude(deliveries__document=document)
        .values_list("pk", flat=True)
    )
    sent = 0
    for subscription_id in ids:
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update().filter(pk=subscription_id).first()
            )
            if (
                subscription is None
                or subscription.confirmed_at is None
                or Delivery.objects.filter(subscription=subscription, document=document).exists()
            ):
                continue
            unsubscribe = settings.SITE_URL + reverse(
                "medlem:unsubscribe", args=[subscription.token]
            )
            context = {
                "document": document,
                "meeting": meeting,
                "is_notice": document.kind == MeetingDocument.Kind.NOTICE,
                "url": settings.SITE_URL + meeting.get_absolute_url(),
                "unsubscribe_url": unsubscribe,
            }
            headers = {
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            _message(
                "medlem/email/news", context, [subscription.email],
                language=meeting.language, headers=headers,
            ).send()  # fmt: skip
            Delivery.objects.create(subscription=subscription, document=document)
            sent += 1
    return sent
