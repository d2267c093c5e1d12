"""The public skeleton: front page, directories, accessibility statement, log-in and language."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/utval/",
        "/organisasjonar/",
        "/tilgjengelegheit/",
        "/mote/",
        "/handlingsplan/",
        "/avtalar/",
        "/konto/logg-inn/",
    ],
)
def test_it_serves_every_public_page_to_anyone(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1, "one main heading per page"
    assert '<main id="main"' in html
    assert 'href="#main"' in html  # skip link
    assert 'href="/tilgjengelegheit/"' in html  # footer link to the statement


def test_it_marks_the_current_section_in_the_navigation(client, demo):
    html = client.get("/utval/ssu/").content.decode()
    assert re.search(r'<a href="/utval/" aria-current="page">', html)
    assert not re.search(r'<a href="/mote/" aria-current="page">', html)


def test_it_lists_the_bodies_by_kind(client, demo):
    response = client.get("/utval/")
    sections = {kind: [b.slug for b in bodies] for kind, bodies in response.context["sections"]}
    assert len(sections) == 7  # the demo's working groups (avtaler) make the seventh kind
    assert ["ou-bergen", "ou-bergensregionen", "ou-nordhordland", "ou-voss"] in sections.values()


def test_it_groups_municipalities_by_area_committee(client, demo):
    response = client.get("/organisasjonar/")
    sections = dict(response.context["sections"])
    municipalities = {
        area.slug: [o.short_name for o in orgs]
        for area, orgs in sections[next(k for k in sections if "unicipal" in k or "ommune" in k)]
    }
    assert municipalities == {
        "ou-bergen": ["Bergen"],
        "ou-bergensregionen": ["Askøy", "Austevoll", "Bjørnafjorden", "Samnanger", "Øygarden"],
        "ou-nordhordland": [
            "Alver",
            "Austrheim",
            "Fedje",
            "Gulen",
            "Masfjorden",
            "Modalen",
            "Osterøy",
        ],
        "ou-voss": ["Eidfjord", "Kvam", "Ulvik", "Vaksdal", "Voss"],
    }
    # Municipalities merged away in 2020 are history, not listed.
    assert "Radøy" not in response.content.decode()


def test_it_logs_a_member_in_and_out(client, member):
    page = client.get("/konto/logg-inn/?next=/utval/ssu/")
    assert 'autocomplete="username"' in page.content.decode()
    response = client.post(
        "/konto/logg-inn/", {"username": "medlem", "password": "pw", "next": "/utval/ssu/"}
    )
    assert response.status_code == 302 and response.url == "/utval/ssu/"
    assert (
        "Log out" in client.get("/").content.decode()
        or "Logg ut" in client.get("/").content.decode()
    )
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_explains_a_wrong_password_without_losing_the_username(client, member):
    response = client.post("/konto/logg-inn/", {"username": "medlem", "password": "feil"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'value="medlem"' in html
    assert "_auth_user_id" not in client.session


def test_it_refuses_log_out_by_get(client, member):
    client.force_login(member)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("code", "meetings", "skip"),
    [
        ("nn", "Møte", "Hopp til hovudinnhaldet"),
        ("nb", "Møter", "Hopp til hovedinnholdet"),
        ("en", "Meetings", "Skip to main content"),
    ],
)
def test_it_switches_language(client, db, code, meetings, skip):
    response = client.post(reverse("set_language"), {"language": code, "next": "/utval/"})
    assert response.status_code == 302 and response.url == "/utval/"
    html = client.get("/utval/").content.decode()
    assert f'<html lang="{code}"' in html
    assert f">{meetings}</a>" in html
    assert skip in html
    assert re.search(rf'value="{code}"[^>]*aria-pressed="true"', html, re.S)


def test_it_speaks_nynorsk_by_default(client, db):
    html = client.get("/", headers={"accept-language": ""}).content.decode()
    assert '<html lang="nn"' in html
