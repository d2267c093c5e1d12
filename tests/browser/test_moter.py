"""A meeting from planning to publication in a real browser, then read by a visitor.

The secretariat works in the admin; selectors use field names and step URLs, not interface
texts, which follow the language.
"""

import re

from playwright.sync_api import expect

from moter.models import Meeting
from tests.browser.conftest import admin_login, save_and_continue


def take_step(page, step):
    """Click a lifecycle button on the meeting screen and confirm it."""
    page.locator(f"a[href*='/steg/{step}/']").click()
    page.wait_for_load_state()
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1, page.content()[:2000]


def test_it_runs_a_meeting_from_planning_to_publication(
    new_page, editor_login, assert_no_axe_violations
):
    from samarbeid.models import Body

    ssu = Body.objects.get(slug="ssu")
    page = new_page()
    admin_login(page, editor_login, "/admin/moter/meeting/add/")

    # Plan the meeting.
    page.select_option("#id_body", str(ssu.pk))
    page.fill("#id_starts_at_0", "09.09.2026")
    page.fill("#id_starts_at_1", "09:00:00")
    page.fill("#id_ends_at_0", "09.09.2026")
    page.fill("#id_ends_at_1", "12:00:00")
    page.fill("#id_place", "Vardesenteret, Haukeland")
    save_and_continue(page)
    meeting = Meeting.objects.get(body=ssu, starts_at__year=2026, place="Vardesenteret, Haukeland")
    assert meeting.items.count() == 1  # case 1 is there from the start
    assert meeting.attendance.count() == 0  # the members come when asked (the attendance step)

    # Add two cases.
    add_case = page.locator("#items-group .add-row a")
    for n, title in ((1, "Ny særavtale om legemiddelberedskap"), (2, "Evaluering av strukturen")):
        add_case.click()
        page.fill(f"#id_items-{n}-title", title)
    save_and_continue(page)
    numbers = sorted(i.number for i in meeting.items.all())
    assert len(numbers) == 3 and numbers[0].endswith("/26")

    # The meeting screen itself, every rule (templates/admin/ and static/admin-extra/ name
    # Django's widgets).
    assert_no_axe_violations(page)
    take_step(page, "issue_notice")
    assert Meeting.objects.get(pk=meeting.pk).status == "innkalla"
    take_step(page, "mark_held")

    # Attendance: filled from the seats, one apology; then a decision on the minutes step.
    page.goto(f"/admin/moter/meeting/{meeting.pk}/oppmote/")
    with page.expect_navigation():
        page.locator("button[name=_fill_attendance]").click()
    assert meeting.attendance.count() > 20
    apologies_row = meeting.attendance.order_by("person__name").first()
    forms = page.locator("#attendance-group tr.form-row.has_original")
    index = next(
        i
        for i in range(forms.count())
        if forms.nth(i).locator("td.original p").inner_text().startswith(apologies_row.person.name)
    )
    page.locator(f"input[name='attendance-{index}-status'][value='forfall']").check()
    save_and_continue(page)
    assert meeting.attendance.get(pk=apologies_row.pk).status == "forfall"
    page.goto(f"/admin/moter/meeting/{meeting.pk}/referat/")
    case = meeting.items.get(title="Ny særavtale om legemiddelberedskap")
    prefix = next(
        f"items-{i}" for i in range(3) if page.input_value(f"#id_items-{i}-id") == str(case.pk)
    )
    page.select_option(f"#id_{prefix}-decision_label", "vedtak")
    page.fill(f"#id_{prefix}-decision", "SSU sluttar seg til tilrådinga frå SSE.")
    save_and_continue(page)

    take_step(page, "start_minutes")
    take_step(page, "approve")
    take_step(page, "publish")
    meeting.refresh_from_db()
    assert meeting.status == "publisert"

    # A visitor finds it, reads it and downloads the PDF.
    visitor = new_page()
    visitor.goto("/mote/")
    assert_no_axe_violations(visitor)
    visitor.locator(f"a[href='{meeting.get_absolute_url()}']").click()
    visitor.wait_for_load_state()
    expect(visitor.get_by_text("SSU sluttar seg til tilrådinga frå SSE.")).to_be_visible()
    assert visitor.locator("h2", has_text="Ny særavtale om legemiddelberedskap").count() == 1
    assert_no_axe_violations(visitor)
    pdf_link = visitor.locator("a[href$='.pdf']").first.get_attribute("href")
    assert re.search(r"referat-v1\.pdf$", pdf_link)
    response = visitor.request.get(pdf_link)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
