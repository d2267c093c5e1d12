"""Accessibility in a real browser: axe-core (WCAG 2.1 A/AA), a phone-sized screen, the keyboard.

The interface texts may be translated or not, so these tests assert on structure (hrefs,
roles, the lang attribute) and on names from the demo data, never on interface texts.
"""

import pytest
from playwright.sync_api import expect

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def test_it_has_no_axe_violations_on_the_front_page(page, demo, assert_no_axe_violations):
    page.goto("/")
    assert page.locator("main#main h1").count() == 1
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_the_ssu_page_and_shows_its_members(
    page, demo, assert_no_axe_violations
):
    page.goto("/utval/ssu/")
    members = page.locator("section[aria-labelledby=members]")
    expect(members.get_by_text("Eivind Hansen", exact=True)).to_be_visible()
    assert members.locator(".member-name").count() > 5
    assert_no_axe_violations(page)


def test_it_has_no_axe_violations_on_a_phone(new_page, demo, assert_no_axe_violations):
    page = new_page(**PHONE)
    page.goto("/")
    assert page.evaluate("document.documentElement.clientWidth") == 375
    expect(page.locator("nav.site-nav a[href='/mote/']")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("url", ["/", "/utval/ssu/", "/tilgjengelegheit/", "/mote/"])
def test_it_fits_a_phone_without_horizontal_scrolling(
    new_page, demo, assert_no_horizontal_overflow, url
):
    page = new_page(**PHONE)
    page.goto(url)
    assert_no_horizontal_overflow(page)


def test_it_lets_a_keyboard_user_skip_to_the_content_and_reach_the_main_menu(page, demo, focus):
    page.goto("/")

    page.keyboard.press("Tab")
    assert focus.active(page, "el.getAttribute('href')") == "#main", "first Tab: skip link"
    assert focus.active(page, "el.textContent.trim()") != ""
    assert focus.is_visible(page)
    expect(page.locator("a[href='#main']"), "the skip link shows when focused").to_be_visible()

    presses = focus.tab_until(page, "nav.site-nav a[href='/mote/']")
    assert presses <= 10, f"the main menu is {presses} Tabs after the skip link"
    assert focus.active(page, "el.closest('nav').getAttribute('aria-label')")
    assert focus.is_visible(page)
    for href in ["/handlingsplan/", "/avtalar/", "/utval/"]:
        page.keyboard.press("Tab")
        assert focus.active(page, "el.getAttribute('href')") == href
        assert focus.is_visible(page)

    # Enter on the skip link moves focus to <main> (tabindex=-1): the next Tab is in it.
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#main'")
    assert focus.active(page, "el.id") == "main"
    page.keyboard.press("Tab")
    assert focus.active(page, "!!el.closest('main')"), "Tab after the skip link stays in <main>"


def lang(page):
    return page.locator("html").get_attribute("lang")


def pressed(page):
    return page.locator("button[name=language][aria-pressed=true]").get_attribute("value")


def press_enter_and_wait_for_the_new_page(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_it_lets_a_keyboard_user_switch_language(page, demo, focus):
    page.goto("/utval/ssu/")
    assert (lang(page), pressed(page)) == ("nn", "nn")

    # Keyboard only: from the top of the page, Tab to bokmål and press Enter.
    focus.tab_until(page, "button[name=language][value=nb]")
    assert focus.active(page, "el.getAttribute('aria-pressed')") == "false"
    assert focus.is_visible(page)
    press_enter_and_wait_for_the_new_page(page)
    assert (lang(page), pressed(page)) == ("nb", "nb")
    assert page.url.endswith("/utval/ssu/"), "the switch returns to the same page"
    expect(page.get_by_text("Eivind Hansen", exact=True)).to_be_visible()

    # Back: Tab past nynorsk to the last language, then Shift+Tab back to nynorsk.
    focus.tab_until(page, "button[name=language][value=en]")
    focus.tab_until(page, "button[name=language][value=nn]", key="Shift+Tab", limit=2)
    assert focus.is_visible(page)
    press_enter_and_wait_for_the_new_page(page)
    assert (lang(page), pressed(page)) == ("nn", "nn")

    page.goto("/")
    assert lang(page) == "nn", "the choice is remembered"
