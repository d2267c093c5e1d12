"""Agreements, working groups and the status round on a phone: the page never scrolls sideways
at 375 px (WCAG 1.4.10 Reflow); wide tables become one block per row instead.

Asserts on structure and data from the demo, not on interface texts.
"""

import pytest

from tests.browser.conftest import admin_login

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def page_width(page):
    return page.evaluate(
        "async () => { await document.fonts.ready; return document.scrollingElement.scrollWidth; }"
    )


@pytest.fixture
def ta9_out_for_signing(editor_login):
    """TA 9's new version sent to the 24 parties: its page lists them all."""
    from django.contrib.auth.models import User

    from avtaler.models import Agreement, Version

    version = Version.objects.create(
        agreement=Agreement.objects.get(slug="ta-9"), label="2026", status=Version.Status.APPROVED
    )
    version.send_to_parties(by=User.objects.get(username=editor_login[0]))
    return version


def test_it_shows_the_agreements_on_a_phone_without_sideways_scrolling(
    new_page, ta9_out_for_signing, assert_no_horizontal_overflow
):
    page = new_page(**PHONE)
    pages = {
        "/avtalar/": "table.avtale-register tbody tr",
        "/avtalar/ta-9/": "table.avtale-versions tbody tr",
        "/avtalar/lis1-rekruttering/": "table.avtale-versions tbody tr",
        "/avtalar/arbeidsgrupper/ag-legemiddelberedskap/": "table.seat-table tbody tr",
        "/avtalar/arbeidsgrupper/ag-revisjon-ta-9/": "main h1",
    }
    for url, content in pages.items():
        assert page.goto(url).ok, url
        assert page.evaluate("document.documentElement.clientWidth") == 375
        assert page.locator(content).count() >= 1, f"{url} shows {content}"
        assert_no_horizontal_overflow(page)  # names the culprits if it fails
        assert page_width(page) <= 375, url

    # The register's rows are blocks on a phone, each cell saying which column it is.
    page.goto("/avtalar/")
    cell = page.locator("table.avtale-register tbody tr td[data-label]").first
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") != "none"


def test_it_shows_the_status_round_on_a_phone_without_sideways_scrolling(
    new_page, editor_login, assert_no_horizontal_overflow
):
    from handlingsplan.models import Measure, Plan

    plan = Plan.objects.get(status=Plan.Status.ADOPTED)
    page = new_page(**PHONE)
    admin_login(page, editor_login, f"{plan.get_absolute_url()}statusrunde/?dato=2026-11-01")
    assert "/statusrunde/" in page.url
    rows = page.locator("fieldset.round-row")
    assert rows.count() == Measure.objects.filter(area__plan=plan).count()
    assert_no_horizontal_overflow(page)
    assert page_width(page) <= 375
