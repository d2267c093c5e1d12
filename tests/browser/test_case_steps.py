"""The notice's preview and postponing a case, in a real browser (issue 13, items 6 and 7).

On the demo data the secretariat opens the June meeting of SSU, goes to "issue notice",
reads the preview (the e-mail, the cases and their papers), issues the notice from there,
then postpones a case to a later meeting and reads both case pages. The pages are kept as
screenshots in test-artifacts/ (case-steps-*.png), the bundle as case-steps-bundle.pdf.
Selectors use URLs and classes, not interface texts, which follow the language.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.browser.conftest import ARTIFACTS, admin_login


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"case-steps-{name}.png", full_page=True)


def test_preview_issue_and_postpone(new_page, editor_login, assert_no_axe_violations):
    import weasyprint

    from moter.models import AgendaItem, Attachment, Meeting

    june = Meeting.objects.get(body__slug="ssu", year=2026, number=2)
    case = AgendaItem.objects.create(
        meeting=june, title="Budsjett for samhandlingsmidlar 2027",
        narrative="Sekretariatet legg fram budsjettet.",
    )  # fmt: skip
    paper = weasyprint.HTML(string="<h1>Budsjettframlegg</h1><p>Tal for 2027.</p>").write_pdf()
    Attachment.objects.create(
        item=case, title="Budsjettframlegg", file=ContentFile(paper, name="b.pdf"), file_type="pdf"
    )
    exempt = AgendaItem.objects.create(
        meeting=june, title="Tilsetjing", access="exempt", legal_basis="offl. § 25",
        public_title="Personalsak",
    )  # fmt: skip
    Attachment.objects.create(
        item=exempt, title="Søkjarliste", file=ContentFile(paper, name="s.pdf"), file_type="pdf"
    )
    september = Meeting.objects.create(
        body=june.body, starts_at=june.starts_at + datetime.timedelta(days=90), place="Bergen"
    )

    page = new_page()
    admin_login(page, editor_login, reverse("admin:moter_meeting_change", args=[june.pk]))
    preview = reverse("admin:moter_meeting_transition", args=[june.pk, "issue_notice"])
    with page.expect_navigation():
        page.locator(f"#content a[href='{preview}']").click()
    text = page.locator("#content-main").inner_text()
    assert "Budsjettframlegg" in text and "Søkjarliste" in text
    assert "Emne" in text or "Emne".lower() in text.lower()
    assert_no_axe_violations(page, context={"include": ["#content-main"]})
    shot(page, "notice-preview")

    # The bundle as the preview makes it, kept to look at (pdftoppm).
    bundle = page.request.get(reverse("admin:moter_meeting_notice_bundle_preview", args=[june.pk]))
    assert bundle.headers["content-type"] == "application/pdf"
    (ARTIFACTS / "case-steps-bundle.pdf").write_bytes(bundle.body())

    with page.expect_navigation(timeout=120_000):
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    june.refresh_from_db()
    assert june.status == Meeting.Status.NOTICE_ISSUED

    # Postpone the new case to September, from its own screen.
    with page.expect_navigation():
        page.goto(reverse("admin:moter_agendaitem_change", args=[case.pk]))
    postpone = reverse("admin:moter_agendaitem_postpone", args=[case.pk])
    with page.expect_navigation():
        page.locator(f"a[href='{postpone}']").first.click()
    page.select_option("#id_to", str(september.pk))
    assert_no_axe_violations(page, context={"include": ["#content-main"]})
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    later = AgendaItem.objects.get(postponed_from=case)
    shot(page, "admin-postponed-case")

    page.goto(case.get_absolute_url())
    assert page.locator(f".postponed-to a[href='{later.get_absolute_url()}']").count() == 1
    shot(page, "postponed-case")
    page.goto(later.get_absolute_url())
    assert page.locator(f".postponed-from a[href='{case.get_absolute_url()}']").count() == 1
    assert_no_axe_violations(page)
    shot(page, "continued-case")
    page.goto(reverse("admin:moter_agendaitem_change", args=[later.pk]))
    shot(page, "admin-continued-case")

    # Case 1 of June approves March's minutes; those were approved by circulation in the
    # demo, so the step refuses, says why and keeps what was typed.
    case_1 = june.items.get(kind=AgendaItem.Kind.APPROVAL)
    page.goto(reverse("admin:moter_agendaitem_approve_minutes", args=[case_1.pk]))
    assert_no_axe_violations(page, context={"include": ["#content-main"]})
    page.fill("#id_correction", "I sak 05/26 skal det stå Helse Bergen.")
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("#content-main .errornote").count() == 1
    assert page.input_value("#id_correction") == "I sak 05/26 skal det stå Helse Bergen."
    shot(page, "approve-refused")
