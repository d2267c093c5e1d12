"""The secretariat's workspace in a real browser: log in, land on the dashboard, follow an
overdue follow-up to the register and mark it done by a later case.

Selectors use URLs, ids and classes, not interface texts, which follow the language.
"""

from django.urls import reverse


def test_the_secretariat_lands_on_the_dashboard_and_closes_a_follow_up(
    new_page, editor_login, assert_no_axe_violations, assert_no_horizontal_overflow
):
    from moter.models import AgendaItem, FollowUp, Meeting

    # A later SSU meeting with a case that deals with one of the demo's follow-ups.
    follow_up = FollowUp.objects.overdue().get(description__startswith="Sak til områdeutval")
    june = Meeting.objects.get(body__slug="ssu", year=2026, number=2)
    answer = AgendaItem.objects.create(meeting=june, title="Sak til områdeutvala: status")

    page = new_page()
    page.goto(reverse("login"))
    page.fill("#id_username", editor_login[0])
    page.fill("#id_password", editor_login[1])
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert page.url.endswith(reverse("arbeid:dashboard"))
    assert_no_axe_violations(page)
    close = reverse("arbeid:close", args=[follow_up.pk])
    assert page.locator(f"#h-follow-ups ~ ul a[href='{close}']").count() == 1

    with page.expect_navigation():
        page.locator(f"a[href='{reverse('arbeid:follow_ups')}']").first.click()
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.locator(f"a[href='{close}']").click()
    assert_no_axe_violations(page)
    page.select_option("#id_case", str(answer.pk))
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.closed_by == answer
    assert page.locator(f"a[href='{close}']").count() == 0

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("arbeid:dashboard"))
    assert_no_horizontal_overflow(page)
