"""The status round: the secretariat writes every measure's status for a date in one go.

Who may: editors only. Anonymous → the login page; a member who can read the plan → 403;
someone who cannot see the plan (a draft) → 404.
"""

import datetime

import pytest

from handlingsplan.models import Measure, Plan, Status, StatusReport

URL = "/handlingsplan/2020/statusrunde/?dato=2020-12-01"
DAY = datetime.date(2020, 12, 1)


def measures():
    return list(Measure.objects.for_plan_page(Plan.objects.get(slug="2020")))


def form_data(client, url=URL):
    """The form as the page renders it: every field with its initial value."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    for form in response.context["rows"]:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else value
    return data


def test_it_shows_every_measure_with_its_last_status(editor_client, demo):
    response = editor_client.get(URL)
    html = response.content.decode()
    rows = response.context["rows"]
    assert [f.measure.number for f in rows] == [m.number for m in measures()]
    assert len(rows) == 14
    assert "Arbeidet har stoppa opp på grunn av den pågåande pandemisituasjonen." in html
    assert "Austevoll:" in html


def test_it_saves_the_whole_round_and_records_who(editor_client, editor, demo):
    data = form_data(editor_client)
    m11, m12 = measures()[:2]
    data[f"m{m11.pk}-text"] = "Øvinga er gjennomført."
    data[f"m{m11.pk}-status"] = Status.COMPLETED
    data[f"m{m12.pk}-text"] = "Arbeidet er teke opp att."
    data[f"m{m12.pk}-status"] = Status.IN_PROGRESS
    data[f"m{m12.pk}-lines"] = "Austevoll: Har meldt inn representant\nHelse Bergen: Klar"
    response = editor_client.post(URL, data)
    assert response.status_code == 302
    saved = StatusReport.objects.filter(reported_on=DAY).order_by("measure__seq")
    assert [(r.measure_id, r.status) for r in saved] == [
        (m11.pk, Status.COMPLETED),
        (m12.pk, Status.IN_PROGRESS),
    ]
    assert all(r.written_by == editor for r in saved)
    assert all(r.history.first().history_user == editor for r in saved)
    lines = [(str(li.party), li.text) for li in saved[1].lines.all()]
    assert lines == [("Austevoll", "Har meldt inn representant"), ("Helse Bergen", "Klar")]
    assert Measure.objects.with_current_status().get(pk=m11.pk).current_status == "sluttfort"


def test_it_saves_nothing_when_one_row_is_wrong_and_keeps_what_was_typed(editor_client, demo):
    data = form_data(editor_client)
    m11, m12, m13 = measures()[:3]
    data[f"m{m11.pk}-text"] = "Ein god tekst som ikkje må gå tapt."
    data[f"m{m12.pk}-status"] = Status.COMPLETED  # a new status, but no text
    data[f"m{m13.pk}-text"] = "Ny status"
    data[f"m{m13.pk}-lines"] = "Atlantis: signert"  # no such party
    before = StatusReport.objects.count()
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert StatusReport.objects.count() == before
    html = response.content.decode()
    assert "Ein god tekst som ikkje må gå tapt." in html
    assert "Atlantis: signert" in html
    rows = {f.measure.pk: f for f in response.context["rows"]}
    assert rows[m12.pk].non_field_errors()
    assert rows[m13.pk].errors["lines"]
    assert 'role="alert"' in html


def test_it_refuses_to_overwrite_a_report_saved_in_the_meantime(editor_client, editor, demo):
    data = form_data(editor_client)
    m14 = measures()[3]
    # Another editor saves 1.4 for the same date while this form is open.
    StatusReport.objects.create(
        measure=m14, reported_on=DAY, status=Status.DELAYED, text="Frå kollega"
    )
    data[f"m{m14.pk}-text"] = "Mi eiga utgåve"
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["conflict"] == [m14]
    assert StatusReport.objects.get(measure=m14, reported_on=DAY).text == "Frå kollega"
    assert "Mi eiga utgåve" in response.content.decode()


def test_it_edits_a_report_already_saved_for_the_date(editor_client, demo):
    m11 = measures()[0]
    StatusReport.objects.create(measure=m11, reported_on=DAY, status=Status.DELAYED, text="Gl")
    data = form_data(editor_client)
    assert data[f"m{m11.pk}-text"] == "Gl"
    data[f"m{m11.pk}-text"] = "Retta"
    assert editor_client.post(URL, data).status_code == 302
    assert StatusReport.objects.get(measure=m11, reported_on=DAY).text == "Retta"


def test_it_changes_nothing_when_nothing_was_written(editor_client, demo):
    before = StatusReport.objects.count()
    response = editor_client.post(URL, form_data(editor_client))
    assert response.status_code == 302
    assert StatusReport.objects.count() == before


def test_it_reports_a_bad_date(editor_client, demo):
    response = editor_client.get("/handlingsplan/2020/statusrunde/?dato=2020-13-45")
    assert response.status_code == 200
    assert response.context["date_form"].errors
    assert response.context["rows"] == []


def test_it_sends_anonymous_visitors_to_the_login_page(client, demo):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/")
    assert client.post(URL, {}).status_code == 302
    assert not StatusReport.objects.filter(reported_on=DAY).exists()


@pytest.mark.parametrize("persona", ["member_client", "other_member_client"])
def test_it_refuses_members(request, demo, persona):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403


def test_it_hides_a_draft_round_from_those_who_may_not_see_the_draft(other_member_client):
    assert other_member_client.get("/handlingsplan/2026-2027/statusrunde/").status_code == 404


def test_it_answers_404_for_an_unknown_plan(editor_client, demo):
    assert editor_client.get("/handlingsplan/finst-ikkje/statusrunde/").status_code == 404


def test_it_refuses_other_methods(editor_client, demo):
    assert editor_client.put(URL).status_code == 405
