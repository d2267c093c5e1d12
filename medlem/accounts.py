"""Members' logins: the invitation (a one-time link to set a password), and the end of a
login when its person has no seat left.

The link is Django's password-reset link (PasswordResetTokenGenerator): it works once,
because the token is made from the password, which changes when it is used, and it runs
out after PASSWORD_RESET_TIMEOUT.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from samarbeid.models import Membership, Person


class InvitationError(ValidationError):
    """A person who cannot be invited (no e-mail address, an address taken by another login)."""


def set_password_path(user):
    """The one-time link to set `user`'s password (Django's password-reset confirm view)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
    )


def invite(person, *, by=None):
    """Give `person` a login (or wake up their old one) and mail them the link to set a
    password. Sent again, it sends a new link; the mail goes through the task queue."""
    from medlem.models import Invitation
    from medlem.tasks import mail_invitation

    User = get_user_model()
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
        )
        email = person.email.strip()
        if not email:
            raise InvitationError(_("%(person)s has no e-mail address.") % {"person": person})
        user = person.user
        if user is None:
            taken = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
            if taken.filter(person__isnull=False).exists():
                raise InvitationError(
                    _("The address %(email)s belongs to another person's login.")
                    % {"email": email}
                )
            user = taken.first() or User(username=email.lower(), email=email)
            if user.pk is None:
                user.set_unusable_password()
                user.save()
            person.user = user
            person.save(update_fields=["user"])
        fields = []
        if not user.is_active:
            user.is_active = True
            fields.append("is_active")
        if user.email != email:
            user.email = email
            fields.append("email")
        if fields:
            user.save(update_fields=fields)
        invitation = Invitation.objects.create(person=person, email=email, sent_by=by)
        transaction.on_commit(lambda: mail_invitation.enqueue(invitation.pk))
    return invitation


def has_seat_left(person, on=None):
    """A current seat, or one that starts later."""
    on = on or timezone.localdate()
    return person.memberships.filter(Q(end__isnull=True) | Q(end__gte=on)).exists()


def deactivate_if_seatless(person, on=None):
    """End the login of a person with no seat left. The secretariat's logins (staff) stay:
    their access does not come from a seat. Returns whether it ended one."""
    user = person.user if person.user_id else None
    if user is None or not user.is_active or user.is_staff or user.is_superuser:
        return False
    if has_seat_left(person, on):
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    return True


def deactivate_former_members(on=None):
    """Every member's login whose last seat has ended (the daily command). Returns the
    people whose logins were ended."""
    on = on or timezone.localdate()
    seated = Membership.objects.filter(Q(end__isnull=True) | Q(end__gte=on)).values("person_id")
    people = (
        Person.objects.filter(user__is_active=True, user__is_staff=False, user__is_superuser=False)
        .exclude(pk__in=seated)
        .filter(memberships__isnull=False)
        .select_related("user")
        .distinct()
    )
    return [person for person in people if deactivate_if_seatless(person, on)]
