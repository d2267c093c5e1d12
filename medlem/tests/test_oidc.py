"""Single sign-on maps the identity provider's e-mail to the person in the registry.

The provider's side of the flow (tokens, keys) is mozilla-django-oidc's and tested there;
this tests what is ours: who the claims let in.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from samarbeid.models import Membership, Person


@pytest.fixture
def backend(settings):
    settings.OIDC_RP_CLIENT_ID = "samarbeid"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    from medlem.oidc import PersonBackend

    return PersonBackend()


def sign_on(backend, **claims):
    """What the backend does with the provider's userinfo (its get_or_create_user steps)."""
    users = backend.filter_users_by_claims(claims)
    if len(users) == 1:
        return users[0]
    return backend.create_user(claims) if not users else None


def test_a_member_with_a_login_is_found_by_the_providers_address(backend, people):
    assert sign_on(backend, email="OLA@example.no", email_verified=True) == people["ola"].user


def test_a_member_without_a_login_gets_one_linked_to_them(backend, people):
    user = sign_on(backend, email="siri@example.no")
    people["siri"].refresh_from_db()
    assert people["siri"].user == user and user.username == "siri@example.no"
    assert not user.has_usable_password()
    assert sign_on(backend, email="siri@example.no") == user  # the next time, the same login


def test_strangers_unverified_addresses_and_former_members_get_nothing(backend, people, committee):
    assert sign_on(backend, email="stranger@example.no") is None
    assert sign_on(backend, email="siri@example.no", email_verified=False) is None
    former = Person.objects.create(name="Tidlegare", email="tidlegare@example.no")
    Membership.objects.create(
        person=former, body=committee, category="ks",
        end=timezone.localdate() - datetime.timedelta(days=30),
    )  # fmt: skip
    assert sign_on(backend, email="tidlegare@example.no") is None
    assert not User.objects.filter(username__in=["stranger@example.no", "tidlegare@example.no",
                                                 "siri@example.no"]).exists()  # fmt: skip
