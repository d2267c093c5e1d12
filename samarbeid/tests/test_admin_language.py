"""No English in a nynorsk or bokmål admin.

Django's and django-filter's own nn/nb catalogues lack their newer strings; locale_django/
translates those. The first test asks Django's translation machinery, through the same
LOCALE_PATHS the site uses, for every string of the admin, the auth forms, the form fields and
django-filter; the second renders each admin screen the secretariat uses, in nn and nb, and
looks for English from a fixed list.
"""

import html
import json
import re
from pathlib import Path

import django
import django_filters
import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from samarbeid.tests.test_translations import parse_po

DJANGO = Path(django.__file__).parent
CATALOGUES = {
    # (where the library keeps its catalogues, the language whose .po lists every string)
    "django": [
        (DJANGO / "conf" / "locale", "en"),
        (DJANGO / "contrib" / "admin" / "locale", "en"),
        (DJANGO / "contrib" / "auth" / "locale", "en"),
        (Path(django_filters.__file__).parent / "locale", "de"),  # it ships no en catalogue
    ],
    "djangojs": [(DJANGO / "contrib" / "admin" / "locale", "en")],
}
NORWEGIAN = ["nn", "nb"]


def library_strings(domain):
    """(msgctxt, msgid, plural?) of every string in the libraries' catalogues of `domain`."""
    for folder, language in CATALOGUES[domain]:
        for entry in parse_po(folder / language / "LC_MESSAGES" / f"{domain}.po"):
            if entry["msgid"]:
                yield entry["msgctxt"], entry["msgid"], bool(entry["msgid_plural"])


def catalogue_key(msgctxt, msgid, plural):
    key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
    return (key, 0) if plural else key


@pytest.mark.parametrize("language", NORWEGIAN)
def test_every_string_of_django_and_django_filter_has_a_translation(language):
    catalogue = trans_real.translation(language)._catalog
    missing = [
        (msgctxt, msgid)
        for msgctxt, msgid, plural in library_strings("django")
        if catalogue_key(msgctxt, msgid, plural) not in catalogue
    ]
    assert missing == [], f"add these to locale_django/{language}/LC_MESSAGES/django.po"


@pytest.mark.parametrize("language", NORWEGIAN)
def test_every_string_of_the_admins_scripts_has_a_translation(editor_client, language):
    editor_client.cookies["django_language"] = language
    response = editor_client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    source = response.content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", source, re.S)[1])
    missing = [
        (msgctxt, msgid)
        for msgctxt, msgid, _plural in library_strings("djangojs")
        if (f"{msgctxt}\x04{msgid}" if msgctxt else msgid) not in catalogue
    ]
    assert missing == [], f"add these to locale_django/{language}/LC_MESSAGES/djangojs.po"
    assert catalogue["Today (%(date)s)"].startswith("I dag")
    assert catalogue["December"] == "desember"  # Norwegian writes months in lower case


# What a Norwegian admin showed in English before locale_django/ (the list and what a
# sweep of every screen found), as it stands in the HTML.
ENGLISH = [
    "- Select an option -",
    "Show counts",
    "Hide counts",
    "Please correct the error",
    ">Number<",
    "Number:",
    "Filter by",
    ">Run<",
    "Search ",
    "View selected",
    "Select this object for an action",
    "Select all objects on this page",
    "Add link",
    "Change or view list link",
    "Skip to main content",
    "Breadcrumbs",
    "Toggle theme",
    "Etter body",
    "Etter meeting",
    "By ",
    "created by",
]
# The screens the secretariat works in (the rest of the admin is for the administrator).
MODELS = [
    "moter.meeting",
    "moter.agendaitem",
    "moter.followup",
    "handlingsplan.plan",
    "handlingsplan.measure",
    "handlingsplan.statusreport",
    "avtaler.agreement",
    "avtaler.version",
    "avtaler.signature",
    "avtaler.workinggroup",
    "samarbeid.body",
    "samarbeid.person",
    "samarbeid.membership",
    "samarbeid.organisation",
]


def visible_text(page):
    """The text and the attribute values a reader meets (labels, titles, placeholders)."""
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", "", page)
    texts = re.findall(r">([^<>]*)<", page) + re.findall(
        r'(?:placeholder|title|aria-label|value)="([^"]*)"', page
    )
    return "\n".join(f">{html.unescape(text).strip()}<" for text in texts if text.strip())


def admin_screens():
    registered = {model._meta.label_lower: model for model in admin.site._registry}
    for label in MODELS:
        model = registered[label]
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
        if (first := model._default_manager.order_by("pk").first()) is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])


@pytest.mark.parametrize("language", NORWEGIAN)
def test_the_secretariats_admin_screens_show_no_english(demo, editor_client, language):
    editor_client.cookies["django_language"] = language
    found = {}
    screens = list(admin_screens())
    assert len(screens) == 3 * len(MODELS)  # the demo has a row of each
    for url in screens:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found.update({english: url for english in ENGLISH if english in text})
    # A refused form: the error note above it.
    response = editor_client.post(reverse("admin:moter_meeting_add"), {})
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    found.update({english: "a refused form" for english in ENGLISH if english in text})
    assert ("Rett opp feil" in text) is True
    assert found == {}


def test_a_sweep_would_see_english(editor_client):
    """The sweep above is not blind: an English admin page shows the strings it looks for."""
    editor_client.cookies["django_language"] = "en"
    with translation.override("en"):
        text = visible_text(editor_client.get(reverse("admin:moter_meeting_changelist")).text)
    assert "Show counts" in text and "Search meetings" in text and "Filter by" in text
