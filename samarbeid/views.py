import datetime
import sys
from base64 import b32encode
from itertools import groupby

import segno
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from samarbeid.access import can_read_internal
from samarbeid.auth import is_secretariat, needs_second_factor
from samarbeid.forms import OTPForm
from samarbeid.models import Body, Membership, Organisation, Person, grouped_members
from samarbeid.pagecache import public_parts


@require_safe
def front(request):
    from moter.models import Meeting

    bodies = Body.objects.current().filter(
        kind__in=[Body.Kind.PARTNERSHIP, Body.Kind.SSU, Body.Kind.OU]
    )
    context = {
        "bodies": bodies,
        # Reader paths: the next meetings (dates are public) and the latest minutes.
        "coming": Meeting.objects.upcoming().select_related("body").order_by("starts_at")[:5],
        "minutes": Meeting.objects.published().select_related("body").order_by("-starts_at")[:5],
    }
    return render(request, "samarbeid/front.html", context)


@require_safe
def body_list(request):
    bodies = Body.objects.current().select_related("parent")
    kinds = dict(Body.Kind.choices)
    sections = [
        (kinds[kind], list(rows))
        for kind, rows in groupby(
            sorted(bodies, key=lambda b: (Body.Kind.values.index(b.kind), b.order, b.name)),
            key=lambda b: b.kind,
        )
    ]
    return render(request, "samarbeid/body_list.html", {"sections": sections})


@require_safe
def body_detail(request, slug):
    parts = public_parts(request, body_page_sources(), lambda: body_page_parts(request, slug))
    return render(request, "samarbeid/body_detail.html", parts)


def body_page_sources():
    """What the body page shows: the body, its seats with people and what they represent,
    and the case that set it up (the link follows its meeting's status)."""
    return (Body, Membership, Person, Organisation, apps.get_model("moter", "Meeting"),
            apps.get_model("moter", "AgendaItem"), apps.get_model("avtaler", "WorkingGroup"))  # fmt: skip


def body_page_parts(request, slug):
    """The body page's title and content: mandate, members by group, bodies under it."""
    body = get_object_or_404(
        # The deciding case, for a body or a working group, with what its link needs.
        Body.objects.select_related(
            "parent", "established_in__meeting__body", "working_group__set_up_in__meeting__body"
        ),
        slug=slug,
    )
    show_private = can_read_internal(request.user, body)
    members = Membership.objects.for_body_page(body)
    groups = grouped_members(members)
    children = body.children.current()
    context = {"body": body, "groups": groups, "show_private": show_private, "children": children}
    context.update(body_meetings(request.user, body))
    content = loader.render_to_string("samarbeid/body_detail.html#content", context, request)
    return {"title": body.name, "content": content}


def body_meetings(user, body, size=5):
    """The body page's reader paths: coming meetings, the latest minutes and decisions (one
    query each, whatever the body's history)."""
    from moter.models import Meeting
    from moter.register import decisions

    return {
        "coming": body.meetings.upcoming().select_related("body").order_by("starts_at")[:size],
        "minutes": Meeting.objects.published()
        .filter(body=body)
        .select_related("body")
        .order_by("-starts_at")[:size],
        "decided": decisions()
        .in_register(user)
        .filter(body=body)
        .select_related("meeting__body")[:size],
    }


@require_safe
def organisation_list(request):
    """Organisations grouped by kind; municipalities further by area committee."""
    orgs = Organisation.objects.current().select_related("area_committee")
    kinds = dict(Organisation.Kind.choices)
    sections = []
    for kind, rows in groupby(
        sorted(orgs, key=lambda o: (Organisation.Kind.values.index(o.kind), o.short_name)),
        key=lambda o: o.kind,
    ):
        rows = list(rows)
        if kind == Organisation.Kind.MUNICIPALITY:
            areas = groupby(
                sorted(rows, key=lambda o: (_area_order(o), o.short_name)),
                key=lambda o: o.area_committee,
            )
            sections.append((kinds[kind], [(area, list(items)) for area, items in areas]))
        else:
            sections.append((kinds[kind], [(None, rows)]))
    return render(request, "samarbeid/organisation_list.html", {"sections": sections})


def _area_order(org):
    area = org.area_committee
    return (area is None, area.order if area else 0, area.name if area else "")


# The accessibility statement's facts (forskrift om universell utforming av IKT § 8: a
# contact, when it was made and checked, the known gaps, and the statement at uustatus.no).
STATEMENT_MADE = datetime.date(2026, 12, 3)
STATEMENT_CHECKED = datetime.date(2026, 12, 3)


@require_safe
def accessibility(request):
    context = {
        "contact": settings.ACCESSIBILITY_CONTACT,
        "uustatus_url": settings.UUSTATUS_URL,
        "made": STATEMENT_MADE,
        "checked": STATEMENT_CHECKED,
    }
    return render(request, "samarbeid/accessibility.html", context)


# --- The second login step (django-otp, TOTP) ------------------------------------------


def _next_url(request):
    """Where to go after the second step: `next` if it is ours, else the login's landing."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name, next_url):
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """The second login step for the secretariat: a code from their authenticator app."""
    next_url = _next_url(request)
    if not needs_second_factor(request):
        return redirect(next_url)
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return redirect(_with_next("otp_setup", next_url))
    form = OTPForm(request.POST or None)
    if form.is_valid() and _check_code(form, device):
        otp_login(request, device)
        return redirect(next_url)
    return render(request, "registration/otp_verify.html", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request):
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code.

    Only for the secretariat, and only while they have no confirmed device: replacing a lost
    one is done by another administrator, who deletes the old device in the admin.
    """
    next_url = _next_url(request)
    if not is_secretariat(request):
        return redirect(next_url)
    if TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists():
        return redirect(_with_next("otp_verify", next_url))
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = OTPForm(request.POST or None)
    if form.is_valid() and _check_code(form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Two-factor login is set up."))
        return redirect(next_url)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": qr.svg_inline(
            scale=4, light="#fff", title=_("QR code for the authenticator app")
        ),
        "secret": b32encode(device.bin_key).decode(),
        "config_url": device.config_url,
    }
    return render(request, "registration/otp_setup.html", context)


def _check_code(form, device):
    """Is the form's code right for `device`? Adds the reason to the form when it is not.

    django-otp slows down guessing: after each wrong code the device refuses codes for a
    doubling number of seconds.
    """
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "otp_token", _("Too many wrong codes. Wait a minute and try the newest code.")
        )
        return False
    if device.verify_token(form.cleaned_data["otp_token"]):
        return True
    form.add_error("otp_token", _("The code is wrong or too old. Try the newest code."))
    return False


# --- Error pages ------------------------------------------------------------------------

# Seconds a client (or a monitor) is asked to wait before trying again when the database is
# down: the database connection times out after 3 seconds, so retries stay cheap.
RETRY_AFTER = 30


def server_error(request):
    """The 500 page, or the 503 page when the error is that the database did not answer.

    Both render from a lean layout without the request context: no user, no session, no
    query, so they show even when the database is down.
    """
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
