"""Middleware of our own: response headers, the secretariat's login rules, admin ids.

In settings.MIDDLEWARE:
- PermissionsPolicyMiddleware (outermost): a deny-all Permissions-Policy on every response.
- PrivateCacheMiddleware: `Cache-Control: private, no-store` on what was made for a
  logged-in user; public pages for the public stay cacheable.
- StaffIdleTimeoutMiddleware: logs the secretariat out after STAFF_IDLE_MINUTES idle.
- SecondFactorMiddleware: the secretariat passes the second factor before anything else.
- AdminObjectIdMiddleware: an admin URL with an id that is no id is a 404, not a 500.
- RenderErrorMiddleware: a PDF that cannot be made is a page that says why (422), not a 500.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from samarbeid.auth import LAST_ACTIVITY_KEY, is_secretariat, needs_second_factor

# Browser features the site never uses, refused for it and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "battery",
        "browsing-topics",
        "camera",
        "display-capture",
        "document-domain",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def may_be_logged_in(request):
    """Has the request a session cookie? Without one nobody is logged in, and the session
    need not be looked at (nor `Vary: Cookie` added to a public response)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """Responses that depend on who asks are kept by no cache, shared or the browser's.

    That is every response for a logged-in user that looked at the user or the session, and
    every response that changed the session (logging in or out). A response that sets its
    own Cache-Control (the admin's `never_cache`) keeps it. Pages for the public, which look
    at the session only to find nobody logged in, stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and self.depends_on_user(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def depends_on_user(request, response):
        session = getattr(request, "session", None)
        # An error page is the same for everybody, and after a database error the user must
        # not be looked up again.
        if session is None or response.status_code >= 500:
            return False
        if session.modified:
            return True
        # A response that never looked at the session cannot depend on who is logged in.
        return session.accessed and request.user.is_authenticated


class StaffIdleTimeoutMiddleware:
    """The secretariat is logged out after STAFF_IDLE_MINUTES without a request.

    The time of the last request is kept in the session (written at most once a minute);
    committee members keep Django's ordinary session.
    """

    WRITE_EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        minutes = settings.STAFF_IDLE_MINUTES
        if minutes and may_be_logged_in(request) and is_secretariat(request):
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY, now)
            if now - last > minutes * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity.")
                    % {"minutes": minutes},
                )
                return redirect_to_login(request.get_full_path())
            if now - last >= self.WRITE_EVERY or LAST_ACTIVITY_KEY not in request.session:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """The secretariat, logged in with a password, passes the second factor before any page.

    Until then every page but the second-factor steps, logging out and the language switch
    leads to the second-factor step, which comes back to the page asked for.
    """

    OPEN = ("otp_verify", "otp_setup", "logout", "set_language", "admin:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in self.OPEN or not may_be_logged_in(request):
            return None
        if not needs_second_factor(request):
            return None
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")


class AdminObjectIdMiddleware:
    """An admin page for an object whose id is not one (`/admin/moter/meeting/abc/change/`)
    answers 404 before the view runs, instead of failing when the id meets the database.

    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value, field in admin_ids(view_func, view_args, view_kwargs):
            try:
                field.to_python(value)
            except ValidationError:
                raise Http404 from None
        return None


def admin_ids(view_func, view_args, view_kwargs):
    """The ids in an admin URL, each with the primary key field it must fit.

    Django's ModelAdmin views carry `model_admin` and take `object_id`; django-simple-history's
    version page (`…/<object_id>/history/<history_id>/`) is a wrapped ModelAdmin method with
    both as positional arguments. Our own admin views take `<int:pk>`, which the URL resolver
    checks already.
    """
    model_admin = getattr(view_func, "model_admin", None) or getattr(
        getattr(view_func, "__wrapped__", None), "__self__", None
    )
    if not isinstance(model_admin, ModelAdmin):
        return []
    pk = model_admin.model._meta.pk
    ids = []
    if "object_id" in view_kwargs:
        ids.append((view_kwargs["object_id"], pk))
    history = getattr(model_admin.model, "history", None)
    if history is not None and len(view_args) == 2:
        ids += [(view_args[0], pk), (view_args[1], history.model._meta.pk)]
    return ids


class RenderErrorMiddleware:
    """A PDF that cannot be made (samarbeid.pdf.RenderError: nesting, the time limit) is a
    page that says why, in the site's layout (HTTP 422), not a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from samarbeid.pdf import RenderError

        if not isinstance(exception, RenderError):
            return None
        return render(request, "pdf_failed.html", {"problem": str(exception)}, status=422)
