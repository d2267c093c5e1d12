"""Logging in, in a real browser: the second factor set up from the page's own key, the
lockout page and the error page, each checked by axe-core (WCAG 2.1 A/AA).

Selectors use URLs, ids and classes, not interface texts, which follow the language.
"""

from base64 import b32decode

from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect


def log_in(page, username, password):
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def test_a_secretary_sets_up_the_authenticator_and_reaches_the_dashboard(
    new_page, editor_login, settings, assert_no_axe_violations, assert_no_horizontal_overflow
):
    settings.REQUIRE_2FA = True
    page = new_page()
    log_in(page, *editor_login)
    assert reverse("otp_setup") in page.url
    expect(page.locator(".otp-qr svg")).to_be_visible()
    assert_no_axe_violations(page)
    assert_no_horizontal_overflow(page)

    # The authenticator app, played by the test: the key as shown on the page.
    key = b32decode(page.locator("code.otp-secret").first.inner_text().strip())
    page.fill("#id_otp_token", f"{totp(key):06d}")
    with page.expect_navigation():
        page.press("#id_otp_token", "Enter")
    assert page.url.endswith(reverse("arbeid:dashboard"))


def test_the_lockout_page_is_accessible(new_page, editor_login, assert_no_axe_violations):
    page = new_page()
    for _ in range(5):
        log_in(page, editor_login[0], "feil")
    assert page.locator("main h1").count() == 1
    assert page.locator("main [role=alert]").count() == 1
    assert_no_axe_violations(page)


def test_the_404_page_is_accessible(new_page, db, assert_no_axe_violations):
    page = new_page()
    response = page.goto("/finst-ikkje/")
    assert response.status == 404
    assert page.locator("nav.site-nav").count() == 1
    assert_no_axe_violations(page)
