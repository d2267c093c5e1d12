"""Mine møte on a phone (375 px wide), in a real browser, checked by axe-core (WCAG 2.1
A/AA): a member logs in, reads the next meeting's agenda and sends apologies; the
substitute gets the notice by mail.

Selectors use URLs, ids and classes, not interface texts, which follow the language.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from moter.models import AgendaItem, Attendance, Meeting
from samarbeid.models import Body, Membership, Person

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def member_world(transactional_db, live_server):
    body = Body.objects.create(slug="fsu", short_name="FSU", kind="fsu",
                               name_nn="Fagleg samarbeidsutval for psykisk helse")  # fmt: skip
    user = User.objects.create_user("ola", password="Fjordhest-91")
    ola = Person.objects.create(name="Ola Medlem", email="ola@example.no", user=user)
    siri = Person.objects.create(name="Siri Vara", email="siri@example.no")
    seat = Membership.objects.create(person=ola, body=body, category="kommunehelsetenesta")
    Membership.objects.create(person=siri, body=body, role="vara",
                              category="kommunehelsetenesta", substitute_for=seat)  # fmt: skip
    day = timezone.localdate() + datetime.timedelta(days=12)
    meeting = Meeting.objects.create(
        body=body,
        place="Haukeland universitetssjukehus, møterom Kvarven",
        starts_at=timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9)),
    )
    AgendaItem.objects.create(
        meeting=meeting,
        decision="FSU sluttar seg til forslaget.",
        title="Felles retningslinjer for utskriving av pasientar med samansette behov",
    )
    meeting.issue_notice()
    return {"meeting": meeting, "ola": ola, "siri": siri}


def log_in(page, username, password):
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_mine_mote_on_a_phone(
    new_page, member_world, assert_no_axe_violations, assert_no_horizontal_overflow
):
    meeting = member_world["meeting"]
    page = new_page(viewport=PHONE)
    log_in(page, "ola", "Fjordhest-91")
    assert page.url.endswith(reverse("medlem:mine"))
    assert page.locator(f'a[href="{meeting.get_absolute_url()}"]').count() >= 1
    assert page.locator(".member-cases li").count() == 2
    assert_no_axe_violations(page)
    assert_no_horizontal_overflow(page)

    # Open the apologies form, as a thumb would, and send it.
    page.locator(".member-meeting > details.member-form > summary").click()
    page.fill(f"#reason-{meeting.pk}", "Kurs")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.locator(".member-meeting > details.member-form button[type=submit]").click()
    assert page.locator(".messages [role=status]").count() == 1
    assert page.locator(".member-status").count() == 1
    assert_no_axe_violations(page)
    assert_no_horizontal_overflow(page)

    assert Attendance.objects.get(meeting=meeting, person=member_world["ola"]).status == "forfall"
    row = Attendance.objects.get(meeting=meeting, person=member_world["siri"])
    assert row.status == "vara" and row.pending
    assert [m.to for m in mail.outbox if m.to] == [["siri@example.no"]]


@pytest.mark.parametrize("locale", ["nb-NO", "en-GB"])
def test_mine_mote_in_bokmaal_and_english(
    new_page, member_world, locale, assert_no_axe_violations, assert_no_horizontal_overflow
):
    page = new_page(viewport=PHONE, locale=locale)
    log_in(page, "ola", "Fjordhest-91")
    assert page.locator("html").get_attribute("lang") == locale[:2]
    heading = page.locator("main h1").inner_text()
    assert heading == {"nb-NO": "Mine møter", "en-GB": "My meetings"}[locale]
    assert_no_axe_violations(page)
    assert_no_horizontal_overflow(page)
