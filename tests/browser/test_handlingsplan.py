"""The action plan in a real browser: a status round by the secretariat, then read by a visitor.

Asserts on structure and on the texts typed here, not on interface texts (not yet translated).
"""

from playwright.sync_api import expect

NEW_TEXT = "Arbeidet er teke opp att i desember."


def log_in(page, username, password):
    page.goto("/konto/logg-inn/?next=/handlingsplan/2020/statusrunde/%3Fdato%3D2020-12-01")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_it_lets_the_secretariat_do_a_status_round_that_a_visitor_then_reads(
    new_page, editor_login, assert_no_axe_violations
):
    from handlingsplan.models import Measure

    m12 = Measure.objects.get(area__plan__slug="2020", area__number=1, seq=2)

    editor = new_page()
    log_in(editor, *editor_login)
    assert "/statusrunde/" in editor.url
    assert editor.locator("fieldset.round-row").count() == 14
    assert_no_axe_violations(editor)

    # A new status without a text: refused, nothing saved, the choice kept, the error linked.
    editor.select_option(f"#id_m{m12.pk}-status", "i_gang")
    editor.locator("form.status-round button[type=submit]").click()
    editor.wait_for_load_state()
    expect(editor.locator("#errors")).to_be_visible()
    assert editor.locator(f"#id_m{m12.pk}-status").input_value() == "i_gang"
    assert_no_axe_violations(editor)

    editor.fill(f"#id_m{m12.pk}-text", NEW_TEXT)
    with editor.expect_navigation():
        editor.locator("form.status-round button[type=submit]").click()
    assert editor.url.endswith("/handlingsplan/2020/")
    expect(editor.locator(".messages [role=status]")).to_be_visible()

    visitor = new_page()
    visitor.goto("/handlingsplan/2020/")
    row = visitor.locator("tr", has=visitor.get_by_role("link", name="Tenesteavtale 8"))
    expect(row.get_by_text(NEW_TEXT)).to_be_visible()
    assert "desember 2020" in visitor.locator("#area-1 ~ table thead").inner_text()
    assert visitor.locator("a[href*='/statusrunde/']").count() == 0
    assert_no_axe_violations(visitor)

    # The history is one click away: December, September and the demo report of May.
    with visitor.expect_navigation():
        row.locator("a[href$='#historikk']").click()
    items = visitor.locator(".timeline__item")
    assert items.count() == 3
    assert NEW_TEXT in items.first.inner_text()
    assert_no_axe_violations(visitor)


def test_it_keeps_the_draft_from_visitors_and_filters_for_them(
    page, demo, assert_no_axe_violations
):
    response = page.goto("/handlingsplan/2026-2027/")
    assert response.status == 404
    page.goto("/handlingsplan/2020/?status=bogus")
    expect(page.locator("form.plan-filter [role=alert]")).to_be_visible()
    assert_no_axe_violations(page)
    page.select_option("#id_area", "2")
    with page.expect_navigation():
        page.locator("form.plan-filter button[type=submit]").click()
    assert page.locator("section.plan-area").count() == 1
    assert page.locator(".measure-title").count() == 7
