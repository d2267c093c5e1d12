"""Logging in: the lockout after wrong passwords (django-axes) and who needs a second factor.

Settings: LOGIN_FAILURE_LIMIT, LOGIN_IP_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES, REQUIRE_2FA
(samarbeid/settings.py, README "Logging in").
"""

import time

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Sum
from django.dispatch import receiver
from django.shortcuts import render

from samarbeid.access import EDITORS


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind our proxy (BEHIND_PROXY) the last address
    in X-Forwarded-For, the one the proxy itself added. Earlier entries come from the client
    and may be forged, so they are never used."""
    if settings.BEHIND_PROXY:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out account or address before its password is tried.

    Logins that are not web requests (the test client's `login()`, the shell) carry no
    request and have no address to lock: they pass through to the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginAttempts(AxesDatabaseHandler):
    """django-axes' database handler with two limits: LOGIN_FAILURE_LIMIT failures for one
    account, LOGIN_IP_FAILURE_LIMIT (higher) for one address across accounts.

    Axes compares one number with one limit (AXES_FAILURE_LIMIT, the account's), so the
    address's failures are scaled to that limit before the larger of the two is taken.
    """

    def get_failures(self, request, credentials=None):
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        ip_limit = max(settings.LOGIN_IP_FAILURE_LIMIT, 1)
        scaled = by_address * settings.LOGIN_FAILURE_LIMIT // ip_limit
        return max(by_account, scaled)


def locked_out(request, original_response=None, credentials=None):
    """The lockout page, in the site's layout, instead of the login form."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
        status=429,
    )


# Session keys: whether the logged-in user is of the secretariat (worked out once, at login),
# and when they last did something (seconds since the epoch).
SECRETARIAT_KEY = "samarbeid_secretariat"
LAST_ACTIVITY_KEY = "samarbeid_last_activity"


def is_secretariat(request):
    """Is the logged-in user of the secretariat: staff, or a member of the editors' group?

    The stricter rules (second factor, idle timeout) apply to them. `is_staff` is read on every
    request (a user made staff mid-session is asked at once); the group membership is kept
    in the session from the login, so pages pay no query for it.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    flag = request.session.get(SECRETARIAT_KEY)
    if flag is None:
        flag = user.is_staff or user.groups.filter(name=EDITORS).exists()
        request.session[SECRETARIAT_KEY] = flag
    return flag


def needs_second_factor(request):
    """Must this request's user still pass the second factor? Only the secretariat, only
    when REQUIRE_2FA is on, and only until they have (django-otp's `is_verified`)."""
    return settings.REQUIRE_2FA and is_secretariat(request) and not request.user.is_verified()


@receiver(user_logged_in)
def remember_login(sender, request, user, **kwargs):
    """At login: note whether the user is of the secretariat, and start the idle clock."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SECRETARIAT_KEY] = user.is_staff or user.groups.filter(name=EDITORS).exists()
    request.session[LAST_ACTIVITY_KEY] = int(time.time())
