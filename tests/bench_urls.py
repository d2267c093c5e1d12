"""The bench's urlconf (never the site's): the site's URLs plus a bare Django view that renders
an empty page in the site layout (templates/base.html), the yardstick for the pages' ratios."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from samarbeid.urls import urlpatterns as site

EMPTY = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Tom{% endblock %}'
)


@require_safe
def bare(request):
    return HttpResponse(EMPTY.render({}, request))


urlpatterns = [path("__bench__/tom/", bare, name="bench_bare"), *site]
