"""An editor URL with an id that is no id answers 404, never 500.

Every admin page of every registered model is tried with `abc` for each id in its URL: Django's
own views, django-simple-history's, and our custom ones (the meeting's lifecycle steps, the
decision page), so a view added later is covered without touching this test.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern

# The converters and regex groups of a URL pattern, each replaced by a bad id.
PARAMETER = re.compile(r"<[^>]+>|\([^)]*\)")


def bad_id_urls():
    """(url, pattern) for every admin URL of a registered model that takes a parameter."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern):
                continue
            route = str(pattern.pattern).lstrip("^").rstrip("$")
            if PARAMETER.search(route):
                urls.append(prefix + PARAMETER.sub("abc", route))
    return sorted(set(urls))


@pytest.fixture
def superuser_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("rot", password="pw"))
    return client


def test_the_loop_finds_the_custom_views():
    urls = bad_id_urls()
    assert "/admin/moter/meeting/abc/change/" in urls
    assert "/admin/moter/meeting/abc/history/abc/" in urls
    assert "/admin/moter/meeting/abc/steg/abc/" in urls
    assert "/admin/moter/agendaitem/abc/vedtak/abc/" in urls
    assert len(urls) > 40


@pytest.mark.parametrize("url", bad_id_urls())
def test_a_bad_id_is_a_404(superuser_client, url):
    response = superuser_client.get(url, follow=True)
    assert response.status_code == 404, (url, response.redirect_chain)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/moter/meeting/1/history/xyz/",
        "/admin/avtaler/agreement/1/history/xyz/",
        "/arbeid/oppfolging/abc/lukk/",
        "/arbeid/mote/abc/oppfolgingar/",
    ],
)
def test_a_bad_id_beside_a_good_one_is_a_404(superuser_client, url):
    assert superuser_client.get(url, follow=True).status_code == 404
