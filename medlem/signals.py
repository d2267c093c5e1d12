"""What the members' side does when other apps' data change."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from moter.models import MeetingDocument
from samarbeid.models import Membership, Person


@receiver(post_save, sender=Membership, dispatch_uid="medlem-seat-saved")
@receiver(post_delete, sender=Membership, dispatch_uid="medlem-seat-deleted")
def end_login_without_seat(sender, instance, **kwargs):
    """A seat ended or went: the login ends too when it was the person's last seat."""
    from medlem.accounts import deactivate_if_seatless

    person = Person.objects.filter(pk=instance.person_id).select_related("user").first()
    if person is not None:
        deactivate_if_seatless(person)


@receiver(post_save, sender=MeetingDocument, dispatch_uid="medlem-document-out")
def mail_subscribers_when_out(sender, instance, created, **kwargs):
    """A notice issued (its first version) or minutes published: tell the subscribers."""
    from medlem.tasks import mail_subscribers

    if not created or kwargs.get("raw"):
        return
    if instance.kind == MeetingDocument.Kind.NOTICE and instance.version != 1:
        return  # a notice remade after an access change is not news
    document_id = instance.pk
    transaction.on_commit(lambda: mail_subscribers.enqueue(document_id))
