"""The agreements in a real browser: the secretariat sends a version for signing and records
two signatures in the admin; a visitor then reads the register, the matrix and the signing page.

Asserts on structure and data, not on interface texts (they are being translated).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_login


@pytest.fixture
def ta9_revision(demo):
    """An approved new version of TA 9, ready to be sent (what the working group delivers)."""
    from avtaler.models import Agreement, Version

    return Version.objects.create(
        agreement=Agreement.objects.get(slug="ta-9"), label="2026", status=Version.Status.APPROVED
    )


def test_it_lets_the_secretariat_send_a_version_and_record_signatures(
    new_page, editor_login, ta9_revision, assert_no_axe_violations, assert_no_horizontal_overflow
):
    from django.utils import timezone

    from avtaler.models import Signature

    editor = new_page()
    admin_login(editor, editor_login, "/admin/avtaler/version/")
    assert editor.url.endswith("/admin/avtaler/version/")

    # Send: the list's action, on the one version.
    editor.check(f"input[name=_selected_action][value='{ta9_revision.pk}']")
    editor.select_option("select[name=action]", "send_to_parties")
    with editor.expect_navigation():
        editor.locator("button[name=index]").click()
    assert editor.locator("ul.messagelist li.success").count() == 1
    assert ta9_revision.signatures.count() == 24

    # Two signatures in the signing rows on the version's page.
    editor.goto(f"/admin/avtaler/version/{ta9_revision.pk}/change/")
    today = timezone.localdate().isoformat()
    for i in (0, 1):
        editor.select_option(f"select[name=signatures-{i}-status]", "signert")
        editor.fill(f"input[name=signatures-{i}-signed_on]", today)
    with editor.expect_navigation():
        editor.locator("input[name=_continue]").click()
    assert editor.locator("ul.messagelist li.success").count() == 1
    signed = ta9_revision.signatures.filter(status=Signature.Status.SIGNED)
    assert signed.count() == 2
    names = [row.party.short_name_nn for row in signed.select_related("party")]

    # A visitor: the register, the matrix row of TA 9 with the two dates, the signing page.
    visitor = new_page()
    visitor.goto("/avtalar/")
    expect(visitor.get_by_role("link", name="Tenesteavtale 9", exact=True)).to_be_visible()
    assert_no_axe_violations(visitor)

    visitor.goto("/avtalar/signeringsoversikt/")
    row = visitor.locator(
        "tr", has=visitor.get_by_role("link", name="Tenesteavtale 9", exact=True)
    )
    assert row.locator("td.cell--signert").count() == 2
    assert row.locator("td.cell--sendt").count() == 22
    assert_no_axe_violations(visitor)
    assert_no_horizontal_overflow(visitor)

    with visitor.expect_navigation():
        row.get_by_role("link", name="Tenesteavtale 9", exact=True).click()
    assert visitor.url.endswith("/avtalar/ta-9/signering/")
    signed_list = visitor.locator(".signing-group--signed li")
    assert signed_list.count() == 2
    for name in names:
        assert name in signed_list.all_inner_texts()[0] + signed_list.all_inner_texts()[1]
    assert visitor.locator(".signing-group--outstanding li").count() == 22
    assert_no_axe_violations(visitor)


def test_it_keeps_drafts_from_visitors_and_reports_bad_filters(
    page, demo, assert_no_axe_violations
):
    assert page.goto("/avtalar/ta-4-bergen/").status == 404
    page.goto("/avtalar/?level=bogus")
    expect(page.locator("form.avtale-filter [role=alert]")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/avtalar/arbeidsgrupper/ag-legemiddelberedskap/")
    assert page.locator("table.seat-table tbody tr").count() == 4
    assert_no_axe_violations(page)
    page.goto("/avtalar/lis1-rekruttering/")
    assert_no_axe_violations(page)
