"""Response headers: Cache-Control for what is made for one user, Permissions-Policy on all.

A response made for a logged-in user (internal pages, draft PDFs, the admin) must be kept by
no cache, shared or the browser's, so the next person at a shared computer or behind the same
proxy never gets it. Pages for the public stay cacheable.
"""

import pytest
from django.test import Client

PRIVATE = {"private", "no-store"}


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "url", ["/", "/utval/", "/mote/", "/arbeid/", "/avtalar/signeringsoversikt/pdf/"]
)
def test_it_keeps_pages_for_a_logged_in_editor_out_of_caches(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 200, url
    assert cache_control(response) >= PRIVATE, url


def test_it_keeps_a_members_pages_out_of_caches(member_client):
    assert cache_control(member_client.get("/utval/")) >= PRIVATE


def test_the_admin_keeps_its_own_never_cache(editor_client):
    # Django's never_cache already says no-store (and private); it is left as it is.
    assert cache_control(editor_client.get("/admin/")) >= {"no-store", "private"}


def test_logging_in_is_not_cached(client, editor):
    response = client.post("/konto/logg-inn/", {"username": "redaktor", "password": "pw"})
    assert response.status_code == 302
    assert cache_control(response) >= PRIVATE


@pytest.mark.parametrize(
    "url", ["/", "/utval/", "/mote/", "/mote/referat.atom", "/avtalar/signeringsoversikt/pdf/"]
)
def test_public_pages_for_the_public_stay_cacheable(client, db, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert not cache_control(response) & PRIVATE, url


def test_a_stale_session_cookie_does_not_make_public_pages_private(client, editor):
    client.force_login(editor)
    client.post("/konto/logg-ut/")
    client.cookies["sessionid"] = "finst-ikkje"
    assert not cache_control(client.get("/utval/")) & PRIVATE


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/finst-ikkje/",
        "/konto/logg-inn/",
        "/admin/login/",
        "/mote/referat.atom",
        "/mote/kalender.ics",
        "/static/css/site.css",
    ],
)
def test_every_response_denies_the_browser_features_we_never_use(db, url):
    response = Client().get(url)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in policy, (url, feature)


def test_the_policy_is_on_pages_for_logged_in_users_and_posts(editor_client):
    assert "camera=()" in editor_client.get("/arbeid/")["Permissions-Policy"]
    assert "camera=()" in editor_client.post("/konto/logg-ut/")["Permissions-Policy"]
