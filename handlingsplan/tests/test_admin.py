"""The admin is where the secretariat edits plans; history records who changed what."""

import pytest
from django.urls import reverse

from handlingsplan.models import Area, Measure, Plan
from tests.adminforms import form_data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/handlingsplan/plan/",
        "/admin/handlingsplan/measure/",
        "/admin/handlingsplan/statusreport/",
        "/admin/handlingsplan/area/",
    ],
)
def test_it_lists_for_editors(editor_client, demo, url):
    assert editor_client.get(url).status_code == 200


def test_it_shows_a_plan_with_its_areas_and_an_area_with_its_measures(editor_client, demo):
    plan = Plan.objects.get(slug="2020")
    html = editor_client.get(f"/admin/handlingsplan/plan/{plan.pk}/change/").content.decode()
    assert "Oppfølging av samarbeidsavtaler" in html
    area = plan.areas.get(number=1)
    html = editor_client.get(f"/admin/handlingsplan/area/{area.pk}/change/").content.decode()
    assert "Tenesteavtale 4" in html


def test_it_records_the_editor_in_the_history(editor_client, editor, demo):
    measure = Measure.objects.get(area__plan__slug="2020", area__number=2, seq=4)
    url = f"/admin/handlingsplan/measure/{measure.pk}/change/"
    response = editor_client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "title": "Vidareutvikle saman.no (ny tittel)",
            "responsible_bodies": [b.pk for b in measure.responsible_bodies.all()],
            "responsible_organisations": [],
            "reports-TOTAL_FORMS": 0,
            "reports-INITIAL_FORMS": 0,
        }
    )
    data.pop("area", None)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = measure.history.first()
    assert (record.title, record.history_user) == ("Vidareutvikle saman.no (ny tittel)", editor)


def test_it_numbers_a_measure_added_in_the_admin(editor_client, demo):
    area = Area.objects.get(plan__slug="2020", number=1)
    response = editor_client.post(
        "/admin/handlingsplan/measure/add/",
        {"area": area.pk, "title": "Nytt tiltak", "status": "ikkje_starta",
         "reports-TOTAL_FORMS": 0, "reports-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    assert Measure.objects.get(title="Nytt tiltak").number == "1.8"


def test_it_copies_a_plan_to_the_next_period(editor_client, demo):
    plan = Plan.objects.get(slug="2020")
    response = editor_client.post(
        "/admin/handlingsplan/plan/",
        {"action": "copy_to_next_period", "_selected_action": [plan.pk]},
    )
    assert response.status_code == 302
    copy = Plan.objects.get(copied_from=plan)
    assert (copy.period, copy.status) == ("2021", "utkast")
    # 1.6 and 2.1 were completed in 2020; the other twelve carry over.
    assert Measure.objects.filter(area__plan=copy).count() == 12


def test_it_keeps_members_out_of_the_admin(member_client):
    response = member_client.get("/admin/handlingsplan/plan/")
    assert response.status_code == 302


def test_an_adopted_plan_does_not_go_back_to_draft(editor_client, demo):
    """Plan.TRANSITIONS: the screen offers only the allowed statuses, and refuses the others."""
    plan = Plan.objects.get(slug="2020")
    url = reverse("admin:handlingsplan_plan_change", args=[plan.pk])
    page = editor_client.get(url)
    choices = {value for value, _label in page.context["adminform"].form.fields["status"].choices}
    assert choices == {"vedteken", "arkivert"}
    data = form_data(page)
    data["status"] = Plan.Status.DRAFT
    data["title"] = "Handlingsplan 2020 (utkast igjen)"
    assert editor_client.post(url, data).status_code == 200
    plan.refresh_from_db()
    assert (plan.status, plan.title) == (Plan.Status.ADOPTED, "Handlingsplan 2020")
    data["status"] = Plan.Status.ARCHIVED
    assert editor_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ARCHIVED
