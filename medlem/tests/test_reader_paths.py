"""Reader paths: from a body's page to its coming meetings, latest minutes and decisions;
from a meeting's agenda to each case; the front page's next meetings and latest minutes;
the decisions register and search in the main menu; the meetings filter's statuses."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from moter.models import AgendaItem, Meeting
from moter.tests.conftest import advance
from samarbeid.models import Body

from .conftest import in_days


@pytest.fixture
def history(committee, people):
    """A published meeting with a decided case and an exempt decided case; a coming meeting
    with its notice out and one still being planned."""
    old = Meeting.objects.create(body=committee, starts_at=in_days(-60))
    AgendaItem.objects.create(meeting=old, title="Open avgjerd", decision="Vedteke.")
    AgendaItem.objects.create(
        meeting=old, title="Løynd avgjerd", decision="Vedteke.", access="exempt",
        legal_basis="offl. § 13", public_title="Personalsak",
    )  # fmt: skip
    advance(old, "publisert")
    noticed = Meeting.objects.create(body=committee, starts_at=in_days(7), place="Voss")
    noticed.issue_notice()
    planned = Meeting.objects.create(body=committee, starts_at=in_days(40), place="Odda")
    return {"old": old, "noticed": noticed, "planned": planned}


def hrefs(text):
    return set(re.findall(r'href="([^"]+)"', text))


def test_the_body_page_leads_to_meetings_minutes_and_decisions(client, history, committee):
    text = client.get(committee.get_absolute_url()).text
    links = hrefs(text)
    old, noticed, planned = history["old"], history["noticed"], history["planned"]
    assert noticed.get_absolute_url() in links  # its notice is out
    assert planned.get_absolute_url() not in links and "Odda" in text  # date and place only
    assert old.get_absolute_url() in links
    open_case = old.items.get(title="Open avgjerd")
    assert open_case.get_absolute_url() in links and "Open avgjerd" in text
    assert "Personalsak" in text and "Løynd avgjerd" not in text
    assert reverse("medlem:subscribe", args=["fsu"]) in links
    assert f"{reverse('moter:register')}?body=fsu" in links
    # Every link leads somewhere for the public.
    for href in links:
        if href.startswith("/") and not href.startswith(("/static/", "/i18n/")):
            assert client.get(href).status_code in (200, 302), href


def test_a_member_of_the_body_gets_the_planned_meeting_linked(ola_client, history, committee):
    text = ola_client.get(committee.get_absolute_url()).text
    assert history["planned"].get_absolute_url() in hrefs(text)
    assert "Løynd avgjerd" in text


@pytest.mark.parametrize("meetings", [1, 8])
def test_the_body_page_costs_the_same_whatever_its_history(
    client, committee, people, meetings, django_assert_num_queries
):
    for n in range(meetings):
        meeting = Meeting.objects.create(body=committee, starts_at=in_days(-10 - n))
        AgendaItem.objects.create(meeting=meeting, title=f"Sak {n}", decision="Ja.")
        advance(meeting, "publisert")
        Meeting.objects.create(body=committee, starts_at=in_days(10 + n)).issue_notice()
    # the data's version (samarbeid/pagecache.py); the body; members; bodies under it;
    # coming meetings; latest minutes; latest decisions
    with django_assert_num_queries(7):
        assert client.get(committee.get_absolute_url()).status_code == 200


def test_the_agenda_links_each_case(client, history):
    old = history["old"]
    text = client.get(old.get_absolute_url()).text
    for item in old.items.all():
        anchor = f"sak-{item.number.replace('/', '')}"
        assert f'href="#{anchor}"' in text and f'id="{anchor}"' in text


def test_the_body_sees_a_link_to_each_case_page(ola_client, history):
    old = history["old"]
    text = ola_client.get(old.get_absolute_url()).text
    for item in old.items.all():
        assert item.get_absolute_url() in hrefs(text)
        assert ola_client.get(item.get_absolute_url()).status_code == 200


def test_the_front_page_shows_the_next_meetings_and_the_latest_minutes(client, history):
    text = client.get(reverse("front")).text
    links = hrefs(text)
    assert history["noticed"].get_absolute_url() in links
    assert history["old"].get_absolute_url() in links
    assert history["planned"].get_absolute_url() not in links


def test_the_front_page_names_the_partnership_meeting_once(client, db):
    Body.objects.create(slug="pm", name_nn="Partnarskapsmøtet", short_name="Partnarskapsmøtet",
                        kind=Body.Kind.PARTNERSHIP)  # fmt: skip
    assert client.get(reverse("front")).text.count("Partnarskapsmøtet") == 1


def test_the_main_menu_has_the_decisions_register_and_search(client, db):
    text = client.get(reverse("front")).text
    menu = text[text.index('class="site-nav"') :]
    assert reverse("moter:register") in menu and reverse("sok:search") in menu
    page = client.get(reverse("moter:register")).text
    nav = page[page.index('class="site-nav"') :]
    assert nav.count('aria-current="page"') == 1


def test_the_meetings_filter_offers_the_public_only_what_it_can_see(client, ola_client, db):
    public = Client(headers={"Accept-Language": "en"})
    options = re.findall(r'<option value="([^"]*)"', public.get(reverse("moter:index")).text)
    assert "publisert" in options and "innkalla" not in options and "planlagd" not in options
    inside = re.findall(r'<option value="([^"]*)"', ola_client.get(reverse("moter:index")).text)
    assert "innkalla" in inside and "planlagd" in inside
