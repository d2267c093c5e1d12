"""The public plan page, the measure page, "changes since" and the plan as of a past date.

Who may read: everybody reads adopted and archived plans; a draft only the adopting body's
members (member: SSU) and the secretariat; others get 404.
"""

import datetime
import re

import pytest

from handlingsplan.models import Measure, Plan, Status, StatusLine, StatusReport
from handlingsplan.tests.helpers import fill_plan, make_plan
from samarbeid.models import Body, Organisation


def main(response):
    """The page's <main> (the layout around it carries a fresh CSRF token every time)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response


def test_it_lists_the_adopted_plan_for_the_public_but_not_the_draft(client, demo):
    html = page(client, "/handlingsplan/").content.decode()
    assert "Handlingsplan 2020" in html
    assert "Handlingsplan 2026–2027" not in html


def test_it_shows_every_measure_with_its_current_status_and_date(client, demo):
    html = page(client, "/handlingsplan/2020/").content.decode()
    for measure in Measure.objects.filter(area__plan__slug="2020").select_related("area"):
        assert f">{measure.number}<" in html
    assert re.search(r"(Status as of|Status pr\.) september 2020</th>", html)  # nn month
    assert "Arbeidet har stoppa opp på grunn av den pågåande pandemisituasjonen." in html
    assert "Bjørnafjorden:" in html


@pytest.mark.parametrize("persona", ["client", "other_member_client"])
def test_it_hides_the_draft_from_the_public_and_other_bodies(request, demo, persona):
    client = request.getfixturevalue(persona)
    page(client, "/handlingsplan/2026-2027/", 404)
    page(client, "/handlingsplan/2026-2027/pdf/", 404)
    page(client, "/handlingsplan/2026-2027/endringar/", 404)
    measure = Measure.objects.filter(area__plan__slug="2026-2027").first()
    page(client, f"/handlingsplan/2026-2027/tiltak/{measure.pk}/", 404)


@pytest.mark.parametrize("persona", ["member_client", "editor_client"])
def test_it_shows_the_draft_to_the_adopting_body_and_the_secretariat(request, demo, persona):
    client = request.getfixturevalue(persona)
    html = page(client, "/handlingsplan/2026-2027/").content.decode()
    assert "Særavtale om samarbeid i den akuttmedisinske kjeden" in html
    assert "Handlingsplan 2026–2027" in page(client, "/handlingsplan/").content.decode()


def test_it_offers_the_status_round_to_editors_only(client, demo, editor, member):
    assert "/statusrunde/" not in page(client, "/handlingsplan/2020/").content.decode()
    client.force_login(member)
    assert "/statusrunde/" not in page(client, "/handlingsplan/2020/").content.decode()
    client.force_login(editor)
    assert "/statusrunde/" in page(client, "/handlingsplan/2020/").content.decode()


def test_it_filters_by_area_status_and_responsible(client, demo):
    measures = page(client, "/handlingsplan/2020/?area=2").context["areas"]
    assert [a.number for a, rows in measures] == [2]
    assert len(measures[0][1]) == 7
    delayed = page(client, "/handlingsplan/2020/?status=forseinka").context["areas"]
    assert [m.number for _a, rows in delayed for m in rows] == ["1.4"]
    response = page(client, "/handlingsplan/2020/")
    choice = next(v for v, label in response.context["filter"].filters["responsible"]
                  .extra["choices"] if label == "SSE")  # fmt: skip
    rows = page(client, f"/handlingsplan/2020/?responsible={choice}").context["areas"]
    assert sum(len(r) for _a, r in rows) == 14


def test_it_reports_invalid_filter_values_instead_of_ignoring_them(client, demo):
    response = page(client, "/handlingsplan/2020/?status=ferdig&area=9&pr=1999-01-01")
    html = response.content.decode()
    assert response.context["filter"].errors.keys() == {"status", "area"}
    assert response.context["as_of_form"].errors
    assert 'role="alert"' in html
    alert = html[html.index('role="alert"') :]
    alert = alert[: alert.index("</div>")]
    assert alert.count("<li>") == 3, "each bad value is named"
    # The whole plan is shown, and says so.
    assert sum(len(rows) for _a, rows in response.context["areas"]) == 14


def test_it_shows_the_plan_as_it_stood_at_a_past_reporting_date(client, demo):
    response = page(client, "/handlingsplan/2020/?pr=2020-05-01")
    html = response.content.decode()
    assert re.search(r"(Status as of|Status pr\.) mai 2020</th>", html)
    rows = {m.number: m for _a, ms in response.context["areas"] for m in ms}
    assert rows["1.2"].current_report.text.startswith("Revisjonsarbeidet er starta")
    assert rows["1.1"].current_report is None  # no report yet in May
    assert "Arbeidet har stoppa opp" not in html


def test_it_shows_a_measures_history_as_a_timeline(client, demo):
    measure = Measure.objects.get(area__plan__slug="2020", area__number=1, seq=2)
    html = page(client, f"/handlingsplan/2020/tiltak/{measure.pk}/").content.decode()
    september = html.index("Arbeidet har stoppa opp")
    may = html.index("Revisjonsarbeidet er starta")
    assert september < may, "newest first"
    assert html.count('class="timeline__item"') == 2
    assert html.count('data-color="accent"') == 1, "the made-up May report is marked"


def test_it_answers_404_for_a_measure_of_another_plan_or_none(client, demo):
    other = Measure.objects.filter(area__plan__slug="2026-2027").first()
    page(client, f"/handlingsplan/2020/tiltak/{other.pk}/", 404)
    page(client, "/handlingsplan/2020/tiltak/999999/", 404)
    page(client, "/handlingsplan/finst-ikkje/", 404)


def test_it_lists_changes_since_a_date(client, demo):
    html = page(client, "/handlingsplan/2020/endringar/?sidan=2020-06-01").content.decode()
    assert "Arbeidet har stoppa opp" in html
    assert "Revisjonsarbeidet er starta" not in html
    bad = page(client, "/handlingsplan/2020/endringar/?sidan=igår")
    assert bad.context["form"].errors
    assert 'aria-invalid="true"' in bad.content.decode()


@pytest.mark.parametrize("url", ["/handlingsplan/", "/handlingsplan/2020/",
                                 "/handlingsplan/2020/endringar/", "/handlingsplan/2020/pdf/"])  # fmt: skip
def test_it_refuses_other_methods(client, demo, url):
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("n", [10, 80])
def test_it_uses_the_same_queries_however_many_measures(client, db, django_assert_num_queries,
                                                        django_assert_max_num_queries, n):  # fmt: skip
    plan = make_plan("stor")
    fill_plan(plan, n, reports=6)
    # 1 the data's version (samarbeid/pagecache.py), 2 the plan with its adopting body, 3 its
    # reporting dates, 4 the areas for the area filter, 5–6 the bodies and organisations for
    # the responsible filter, 7 the measures with area and current status, 8–9 their
    # responsible bodies and organisations, 10 their newest reports (one window query),
    # 11 those reports' party lines with the party, 12 the areas to group by.
    with django_assert_num_queries(12):
        response = client.get("/handlingsplan/stor/")
    assert response.content.decode().count('class="measure-title"') == n
    # The next reader (of the unchanged plan) gets the public's copy: the data's version at
    # most (none while the version read a moment ago is kept, samarbeid/pagecache.py).
    with django_assert_max_num_queries(1):
        again = client.get("/handlingsplan/stor/")
    assert main(again) == main(response)


def test_it_keeps_the_same_queries_when_filtered(client, db, django_assert_num_queries):
    plan = make_plan("stor")
    fill_plan(plan, 20, reports=3)
    with django_assert_num_queries(12):
        response = client.get("/handlingsplan/stor/?status=i_gang&area=1")
    assert response.content.decode().count('class="measure-title"') == 10
    assert Plan.objects.count() == 1


def test_the_publics_copy_follows_every_change(client, db):
    """The plan page for the public is kept between requests; any change shows at once:
    a measure's title, a new status report, a party line, who is responsible."""
    plan = make_plan("stor")
    fill_plan(plan, 3, reports=1)
    measure = Measure.objects.filter(area__plan=plan).first()

    def html():
        return main(page(client, "/handlingsplan/stor/"))

    assert "Tiltak 0" in html() and "Tiltak 0" in html()  # the second from the copy
    measure.title = "Tiltak null"
    measure.save()
    assert "Tiltak null" in html()
    report = StatusReport.objects.create(measure=measure, reported_on=datetime.date(2030, 6, 1),
                                         status=Status.COMPLETED, text="Ferdig i juni")  # fmt: skip
    assert "Ferdig i juni" in html()
    line = StatusLine.objects.create(report=report, party=Organisation.objects.get(),
                                     text="Austevoll er ferdig")  # fmt: skip
    assert "Austevoll er ferdig" in html()
    line.delete()
    assert "Austevoll er ferdig" not in html()
    other = Body.objects.create(slug="ou", name_nn="Områdeutval Nord", kind=Body.Kind.OU)
    measure.responsible_bodies.add(other)  # a many-to-many row: no history of its own
    assert "Områdeutval Nord" in html()
    measure.responsible_bodies.remove(other)
    assert "Områdeutval Nord" not in html()
