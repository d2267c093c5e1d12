"""The indicator page in a real browser: axe-clean on a desktop and a phone, charts named,
the filter's error reachable. Asserts on structure, not on interface texts (not yet translated).
"""

from playwright.sync_api import expect

URL = "/indikatorar/?year_from=2020&year_to=2026"


def test_the_indicator_page_passes_axe_on_desktop_and_phone(
    new_page, demo, assert_no_axe_violations, assert_no_horizontal_overflow
):
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 800}):
        page = new_page(viewport=viewport)
        page.goto(URL)
        charts = page.locator("svg[role=img]")
        assert charts.count() == 4
        for i in range(charts.count()):
            # Each chart is named by its <title> and described by its <desc>.
            title, desc = charts.nth(i).get_attribute("aria-labelledby").split()
            assert page.locator(f"[id='{title}']").evaluate("el => el.tagName") == "title"
            assert page.locator(f"[id='{desc}']").evaluate("el => el.tagName") == "desc"
        # The seed meeting (SSU 1/2026, published) is in the table beside the charts.
        row = page.locator("#table-years-caption >> xpath=ancestor::table//tr[th='2026']")
        assert row.locator("td").nth(0).inner_text() == "1"
        assert row.locator("td").nth(1).inner_text() == "15"
        assert_no_axe_violations(page)
        assert_no_horizontal_overflow(page)


def test_a_wrong_year_is_explained_and_linked_to_its_field(page, demo, assert_no_axe_violations):
    page.goto("/indikatorar/?year_from=20x6")
    alert = page.locator("[role=alert]")
    expect(alert).to_be_visible()
    alert.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_year_from"
    assert page.locator("#id_year_from").get_attribute("aria-invalid") == "true"
    assert page.locator("svg").count() == 0
    assert_no_axe_violations(page)
