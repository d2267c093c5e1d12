"""Single sign-on by OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set.

The identity provider (a health trust's or a municipality's) says who logged in; the e-mail
address it vouches for finds the person in the registry (Person.email). A person's own login
is used, or made the first time; nobody else gets in, and a person with no seat left is
refused like a login that has ended.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from medlem.accounts import has_seat_left
from samarbeid.models import Person


class PersonBackend(OIDCAuthenticationBackend):
    def _email(self, claims):
        # An address the provider has not verified finds nobody.
        if claims.get("email_verified") is False:
            return ""
        return (claims.get("email") or "").strip()

    def filter_users_by_claims(self, claims):
        email = self._email(claims)
        if not email:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(person__email__iexact=email, is_active=True)

    def create_user(self, claims):
        """The first sign-on of a person in the registry: make their login, linked to them."""
        email = self._email(claims)
        with transaction.atomic():
            people = list(
                Person.objects.select_for_update().filter(email__iexact=email, user__isnull=True)
            )
            if len(people) != 1 or not has_seat_left(people[0]):
                return None
            person = people[0]
            User = get_user_model()
            if User.objects.filter(username__iexact=email).exists():
                return None  # an unlinked login with this name: the secretariat sorts it out
            user = User(username=email.lower(), email=email)
            user.set_unusable_password()
            user.save()
            person.user = user
            person.save(update_fields=["user"])
        return user
