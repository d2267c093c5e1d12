"""The meeting screen's three steps in a real browser: axe-core (WCAG 2.1 A/AA, no rule left
out) on Saksliste, Oppmøte and Referat at 1280 and 375 px, the explicit fill of the attendance
list, an apology and the named substitute called in with one click. Screenshots of each step
go to $STEPS_SCREENSHOTS when it is set (for looking at them).

Selectors use field names and step URLs, not interface texts, which follow the language.
"""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import format_axe_violations
from tests.browser.test_admin_accessibility import busy, secretariat  # noqa: F401 (fixtures)

STEPS = ["saksliste", "oppmote", "referat"]
WIDTHS = [1280, 375]


def shoot(page, name):
    folder = os.environ.get("STEPS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_the_three_steps_have_no_axe_violations_at_both_widths(
    secretariat,  # noqa: F811
    busy,  # noqa: F811
    axe_violations,
):
    meeting = busy["meeting"]
    page = secretariat
    # The attendance list filled from the seats (an explicit action, with a message).
    page.goto(f"/admin/moter/meeting/{meeting.pk}/oppmote/")
    with page.expect_navigation():
        page.locator("button[name=_fill_attendance]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    assert meeting.attendance.count() > 20
    reports = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for step in STEPS:
            url = f"/admin/moter/meeting/{meeting.pk}/{step}/"
            response = page.goto(url)
            assert response.ok, url
            current = page.locator(".meeting-steps a[aria-current=page]")
            assert current.count() == 1 and current.get_attribute("href") == url
            shoot(page, f"{step}-{width}")
            # The title and the meeting's name each on one line: the five tools go under
            # them when they do not fit beside (they squeezed the title to a word a line).
            lines = page.evaluate("""() => [...document.querySelectorAll('.titles > *')].map(
                el => { const r = document.createRange(); r.selectNodeContents(el);
                        return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })""")
            assert lines and set(lines) == {1}, (url, width, lines)
            if violations := axe_violations(page):
                reports.append(format_axe_violations(violations, f"{page.url} at {width} px"))
    assert not reports, "\n\n".join(reports)


def test_an_apology_and_the_named_substitute_in_one_click(secretariat, busy):  # noqa: F811
    from moter.models import Attendance
    from samarbeid.models import Membership

    meeting = busy["meeting"]
    page = secretariat
    meeting.fill_attendance_from_seats()
    seat = Membership.objects.filter(
        body=meeting.body, substitutes__isnull=False, role=Membership.Role.MEMBER
    ).first()
    if seat is None:
        pytest.skip("the demo has no seat with a personal substitute")
    page.goto(f"/admin/moter/meeting/{meeting.pk}/oppmote/")
    row = meeting.attendance.get(person=seat.person)
    prefix = page.locator(f"input[name$='-id'][value='{row.pk}']").get_attribute("name")
    prefix = prefix.removesuffix("-id")
    page.locator(f"input[name='{prefix}-status'][value='forfall']").check()
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert meeting.attendance.get(pk=row.pk).status == "forfall"
    button = page.locator(f"button[name=_call_substitute][value^='{row.pk}:']").first
    with page.expect_navigation():
        button.click()
    assert page.locator("ul.messagelist li.success").count() == 1
    called = Attendance.objects.get(meeting=meeting, substitute_for=seat.person)
    assert called.status == "vara" and called.seat_id == seat.pk
