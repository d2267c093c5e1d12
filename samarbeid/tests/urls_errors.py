"""The site's URLs and error handlers, plus views that fail, for test_error_pages.py."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from samarbeid.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def broken(request):
    raise RuntimeError("a bug")


def database_down(request):
    raise OperationalError('connection to server at "db" failed: timeout expired')


def database_gone(request):
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("feil/", broken),
    path("feil/database/", database_down),
    path("feil/database-borte/", database_gone),
    *urlpatterns,
]
