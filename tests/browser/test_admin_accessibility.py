"""The secretariat's admin screens in a real browser: axe-core (WCAG 2.1 A/AA, no rule left out)
on each screen it uses, at 1280 px, on the demo data made busy the way a working year is
(a meeting with cases, presenters and follow-ups; a version out for signing with 24 rows).

Django's admin builds part of these screens in the browser (select2 autocomplete boxes, date
shortcuts, file fields); templates/admin/ and static/admin-extra/ give them their names.
Asserts on structure and data, never on interface texts (they follow the language).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_login, format_axe_violations


@pytest.fixture
def secretariat(new_page, editor_login):
    """A page logged in as the secretariat, at the default 1280 px."""
    page = new_page()
    admin_login(page, editor_login)
    assert page.url.endswith("/admin/"), "logged in"
    return page


@pytest.fixture
def busy(editor_login):
    """The demo data as a working secretariat has it: the planned SSU meeting with cases, one
    with a decision, a presenter, a sub-item and a follow-up; TA 9's new version sent to the
    24 parties (one signing row each). Returns the objects the screens are opened for."""
    from django.contrib.auth.models import User

    from avtaler.models import Agreement, Version
    from handlingsplan.models import Measure, StatusReport
    from moter.models import AgendaItem, FollowUp, Meeting, Presenter, SubItem
    from samarbeid.models import Membership, Person

    meeting = Meeting.objects.get(status=Meeting.Status.PLANNED)
    case = AgendaItem.objects.create(
        meeting=meeting,
        title="Ny særavtale om legemiddelberedskap",
        brought_by="SSE",
        narrative="Arbeidsgruppa har levert utkast til særavtale.",
        decision="SSU sluttar seg til utkastet og sender det til partane.",
    )
    for title in ("Evaluering av strukturen", "Møteplan 2027", "Eventuelt"):
        AgendaItem.objects.create(meeting=meeting, title=title)
    person = Person.objects.filter(memberships__body=meeting.body).first()
    Presenter.objects.create(item=case, person=person)
    SubItem.objects.create(item=case, title="Innspel frå kommunane")
    FollowUp.objects.create(
        item=case, description="Rapport om signeringa", owner_body=meeting.body
    )

    version = Version.objects.create(
        agreement=Agreement.objects.get(slug="ta-9"), label="2026", status=Version.Status.APPROVED
    )
    assert version.send_to_parties(by=User.objects.get(username=editor_login[0])) == 24

    return {
        "meeting": meeting,
        "case": case,
        "measure": Measure.objects.filter(reports__isnull=False).first(),
        "report": StatusReport.objects.first(),
        "agreement": version.agreement,
        "version": version,
        "person": person,
        "membership": Membership.objects.filter(organisation__isnull=False).first(),
    }


SCREENS = {
    "meetings": [
        lambda o: f"/admin/moter/meeting/{o['meeting'].pk}/change/",
        lambda o: "/admin/moter/meeting/add/",
        lambda o: "/admin/moter/meeting/",
        lambda o: f"/admin/moter/meeting/{o['meeting'].pk}/steg/issue_notice/",
    ],
    "cases and decisions": [
        lambda o: f"/admin/moter/agendaitem/{o['case'].pk}/change/",
        lambda o: "/admin/moter/agendaitem/",
        lambda o: f"/admin/moter/agendaitem/{o['case'].pk}/vedtak/",
        lambda o: f"/admin/moter/agendaitem/{o['case'].pk}/vedtak/arbeidsgruppe/",
        lambda o: f"/admin/moter/agendaitem/{o['case'].pk}/vedtak/nytt-tiltak/",
        lambda o: f"/admin/moter/agendaitem/{o['case'].pk}/vedtak/oppfolging/",
    ],
    "action plan": [
        lambda o: f"/admin/handlingsplan/measure/{o['measure'].pk}/change/",
        lambda o: "/admin/handlingsplan/measure/",
        lambda o: f"/admin/handlingsplan/statusreport/{o['report'].pk}/change/",
        lambda o: "/admin/handlingsplan/statusreport/",
        lambda o: f"{o['measure'].area.plan.get_absolute_url()}statusrunde/?dato=2026-11-01",
    ],
    "agreements": [
        lambda o: f"/admin/avtaler/agreement/{o['agreement'].pk}/change/",
        lambda o: "/admin/avtaler/agreement/",
        lambda o: f"/admin/avtaler/version/{o['version'].pk}/change/",
        lambda o: "/admin/avtaler/version/",
    ],
    "registry": [
        lambda o: f"/admin/samarbeid/person/{o['person'].pk}/change/",
        lambda o: "/admin/samarbeid/person/",
        lambda o: f"/admin/samarbeid/membership/{o['membership'].pk}/change/",
        lambda o: "/admin/samarbeid/membership/",
    ],
}


@pytest.mark.parametrize("area", SCREENS)
def test_it_has_no_axe_violations_on_the_secretariats_screens(
    secretariat, busy, axe_violations, area
):
    reports = []
    for screen in SCREENS[area]:
        response = secretariat.goto(screen(busy))
        assert response.ok, f"{screen(busy)}: {response.status}"
        assert secretariat.locator("#content, main").count() >= 1
        violations = axe_violations(secretariat)  # every WCAG 2.1 A/AA rule
        if violations:
            reports.append(format_axe_violations(violations, secretariat.url))
    assert not reports, "\n\n".join(reports)


def test_it_names_every_field_of_the_version_with_24_signing_rows(secretariat, busy):
    version = busy["version"]
    secretariat.goto(f"/admin/avtaler/version/{version.pk}/change/")
    rows = secretariat.locator("#signatures-group tr.form-row.has_original")
    assert rows.count() == 24
    # Every field of every row has a label (the column's name), and the party's select2 box is
    # named by it.
    unlabelled = secretariat.evaluate(
        """() => [...document.querySelectorAll(
            '#signatures-group tr.has_original :is(input, select, textarea)')]
            .filter((el) => el.type !== 'hidden' && el.labels.length === 0)
            .map((el) => el.name)"""
    )
    assert unlabelled == []
    party_box = rows.first.locator(".select2-selection[role=combobox]")
    label = party_box.get_attribute("aria-labelledby").split()[0]
    assert secretariat.locator(f"#{label}").get_attribute("for") == "id_signatures-0-party"
    assert secretariat.locator(f"#{label}").inner_text().strip()


def test_it_names_the_boxes_of_a_row_added_in_the_browser_and_an_open_dropdown(
    secretariat, busy, assert_no_axe_violations
):
    secretariat.goto(f"/admin/moter/meeting/{busy['meeting'].pk}/oppmote/")
    before = secretariat.locator("#attendance-group tr.form-row:not(.empty-form)").count()
    secretariat.locator("#attendance-group .add-row a").click()
    new_row = secretariat.locator(f"#attendance-{before}")
    # The person is an autocomplete box; seat and "substitute for" are plain selects.
    assert new_row.locator(".select2-selection[role=combobox][aria-labelledby]").count() == 1
    secretariat.goto(f"/admin/moter/meeting/{busy['meeting'].pk}/change/")
    # An autocomplete box opened with the keyboard: its search field and list have names.
    secretariat.locator("#id_chair + .select2 .select2-selection").focus()
    secretariat.keyboard.press("Enter")
    secretariat.wait_for_selector(".select2-results__option")
    assert secretariat.locator(".select2-dropdown .select2-search__field").get_attribute(
        "aria-labelledby"
    )
    assert_no_axe_violations(secretariat)
    secretariat.keyboard.press("Escape")
    # The calendar of a date field, open.
    button = secretariat.locator(".field-starts_at .datetimeshortcuts button").first
    button.click()
    box = button.get_attribute("id").replace("calendarlink", "calendarbox")
    expect(secretariat.locator(f"#{box}")).to_be_visible()
    assert_no_axe_violations(secretariat)


def test_it_offers_no_link_that_deletes_the_related_person_or_organisation(secretariat, busy):
    """The red ✖ beside a related field deletes the person or the organisation itself; it is
    gone from every screen, while the pencil (change) and the plus (add) stay."""
    screens = {
        f"/admin/moter/meeting/{busy['meeting'].pk}/oppmote/": "#attendance-group",
        f"/admin/moter/agendaitem/{busy['case'].pk}/change/": "#presenters-group",
        f"/admin/samarbeid/person/{busy['person'].pk}/change/": ".field-organisation",
        f"/admin/samarbeid/membership/{busy['membership'].pk}/change/": ".field-organisation",
        f"/admin/avtaler/version/{busy['version'].pk}/change/": ".field-approved_in",
    }
    for url, related in screens.items():
        secretariat.goto(url)
        assert secretariat.locator(f"{related} .related-widget-wrapper").count() >= 1, url
        assert secretariat.locator(f"{related} a.add-related").count() >= 1, url
        assert secretariat.locator("a.delete-related").count() == 0, url
