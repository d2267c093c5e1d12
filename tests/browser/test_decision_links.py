"""From a decision to the action plan and back, in a real browser.

The secretariat opens SSU 05/26 in the admin, goes to its decision page, puts a new measure
on the 2026–2027 plan from there, saves, and then reads the measure's page, which says
which case decided it with a link back, and the case's page, which lists the measure.
Selectors use URLs and classes, not interface texts, which follow the language.
"""

from django.urls import reverse

from tests.browser.conftest import admin_login


def test_a_decision_puts_a_measure_on_the_plan_and_both_link_to_each_other(
    new_page, editor_login, assert_no_axe_violations
):
    from handlingsplan.models import Area, Measure
    from moter.models import AgendaItem

    case = AgendaItem.objects.get(body__slug="ssu", year=2026, sequence=5)
    area = Area.objects.get(plan__slug="2026-2027", number=1)
    before = set(Measure.objects.values_list("pk", flat=True))

    page = new_page()
    admin_login(page, editor_login, reverse("admin:moter_agendaitem_change", args=[case.pk]))

    # The case in the admin → its decision page.
    decision = reverse("admin:moter_agendaitem_decision", args=[case.pk])
    with page.expect_navigation():
        page.locator(f"#content a[href='{decision}']").click()
    assert page.locator(".decision-text").inner_text().startswith("Utkast til ny innretning")
    assert_no_axe_violations(page)  # the page is ours: no exceptions for the admin's widgets

    # A new measure, pre-filled from the decision; the editor chooses plan and area.
    with page.expect_navigation():
        page.locator("a[href$='/vedtak/nytt-tiltak/']").click()
    assert page.input_value("#id_title") == case.title
    assert "UFAB" in page.input_value("#id_sub_actions")
    page.select_option("#id_area", str(area.pk))
    page.fill("#id_title", "Særavtale om samarbeid i den akuttmedisinske kjeden – UFAB-innspel")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert page.locator("ul.messagelist li.success").count() == 1, page.content()[:3000]
    (measure,) = Measure.objects.exclude(pk__in=before)
    assert list(measure.cases.all()) == [case]
    assert page.url.endswith(decision)

    # The measure's page says which case decided it, with a link back …
    with page.expect_navigation():
        page.locator(f"a[href='{measure.get_absolute_url()}']").click()
    back = page.locator(f".decided-in a[href='{case.get_absolute_url()}']")
    assert back.inner_text() == "SSU 05/26"
    assert_no_axe_violations(page)

    # … and the case's page lists the measure.
    with page.expect_navigation():
        back.click()
    assert page.locator(f".caused a[href='{measure.get_absolute_url()}']").count() == 1
    assert_no_axe_violations(page)
