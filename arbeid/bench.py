"""Figures for the workspace on the ten-year data set (see tests/bench.py --big)."""

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from samarbeid.access import EDITORS
from tests.bench import median_ms


def editor_client():
    user, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    client = Client()
    client.force_login(user)
    return client


def measure(client, label, url):
    def get():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries), len(response.content)

    ms, (queries, size) = median_ms(get)
    print(f"{label:<44} {ms:8.1f} ms  {queries:3d} queries  {size / 1024:7.1f} KiB")


def url(name, *args, query=""):
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def main():
    editor, public = editor_client(), Client()
    pages = [
        ("dashboard (editor)", editor, url("arbeid:dashboard")),
        ("follow-ups register, open (editor)", editor, url("arbeid:follow_ups")),
        ("follow-ups register, all (editor)", editor, url("arbeid:follow_ups", query="?status=alle")),
        ("decisions register (public)", public, url("moter:register")),
        ("decisions register, body+year (public)", public,
         url("moter:register", query="?utval=bench-3&ar=2022")),
        ("iCalendar, all bodies (public)", public, url("moter:calendar")),
        ("iCalendar, one body (public)", public, url("moter:body_calendar", "bench-3")),
        ("Atom feed of minutes (public)", public, url("moter:minutes_feed")),
    ]  # fmt: skip
    for label, client, address in pages:
        if address:
            measure(client, label, address)
        else:
            print(f"{label:<44} (no such page)")
