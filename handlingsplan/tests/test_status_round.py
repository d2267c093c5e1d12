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


# --- Parties without news, measures without news (issue 11, item 11) -------------------------

SEED_13 = [
    ("Austevoll", "Avtale utarbeidd og signert."),
    ("Bjørnafjorden", "Avtale utarbeidd og sendt til signering"),
    ("Bergen", "Avtalearbeidet er i sluttfasen"),
    ("Voss", "Avtale utarbeidd og signert"),
    ("Askøy", "Kontakt mellom partane er oppretta"),
    ("Øygarden", "Avtalearbeidet er i sluttfasen"),
    ("Kvam", "Avtalearbeidet er i sluttfasen"),
]


def round_for_13(editor_client):
    """The seed's measure 1.3 (seven municipalities): a December round with news from three."""
    data = form_data(editor_client)
    m13 = measures()[2]
    data[f"m{m13.pk}-lines"] = (
        "Bjørnafjorden: Avtale signert\nBergen: Avtale signert\nAskøy: Avtale under arbeid"
    )
    assert editor_client.post(URL, data).status_code == 302
    return m13


def test_it_carries_forward_the_parties_without_news(editor_client, demo):
    m13 = round_for_13(editor_client)
    report = StatusReport.objects.get(measure=m13, reported_on=DAY)
    lines = [(str(li.party), li.text, li.last_reported_on) for li in report.lines.all()]
    september = datetime.date(2020, 9, 1)
    assert lines == [
        ("Austevoll", "Avtale utarbeidd og signert.", september),
        ("Bjørnafjorden", "Avtale signert", None),
        ("Bergen", "Avtale signert", None),
        ("Voss", "Avtale utarbeidd og signert", september),
        ("Askøy", "Avtale under arbeid", None),
        ("Øygarden", "Avtalearbeidet er i sluttfasen", september),
        ("Kvam", "Avtalearbeidet er i sluttfasen", september),
    ]
    # Opened again for the same date, the form shows only this round's own lines.
    assert form_data(editor_client)[f"m{m13.pk}-lines"].splitlines() == [
        "Bjørnafjorden: Avtale signert", "Bergen: Avtale signert", "Askøy: Avtale under arbeid",
    ]  # fmt: skip


def test_a_carried_line_keeps_the_month_it_was_last_reported(editor_client, demo):
    m13 = round_for_13(editor_client)
    later = "/handlingsplan/2020/statusrunde/?dato=2021-03-01"
    data = form_data(editor_client, later)
    data[f"m{m13.pk}-lines"] = "Kvam: Avtale signert"
    assert editor_client.post(later, data).status_code == 302
    report = StatusReport.objects.get(measure=m13, reported_on=datetime.date(2021, 3, 1))
    dates = {str(li.party): li.last_reported_on for li in report.lines.all()}
    assert len(dates) == 7
    assert dates["Kvam"] is None
    assert dates["Austevoll"] == datetime.date(2020, 9, 1)
    assert dates["Bergen"] == DAY


def test_the_plan_page_says_when_a_measure_without_news_was_last_reported(
    editor_client, client, demo
):
    round_for_13(editor_client)
    html = client.get("/handlingsplan/2020/").content.decode()
    assert "Status pr. desember 2020" in html
    # 1.3 has news; the 13 other measures say their September text is from September.
    measure_note = '<span class="report__last muted">(sist rapportert september 2020)</span>'
    assert html.count(measure_note) == 13
    row_13 = html[html.index('id="tiltak-1.3"') : html.index('id="tiltak-1.4"')]
    assert measure_note not in row_13
    assert row_13.count("(sist rapportert september 2020)") == 4  # the parties without news
    for party, _text in SEED_13:
        assert f"{party}:</span>" in row_13


def test_the_pdf_says_when_a_measure_without_news_was_last_reported(
    editor_client, client, demo, pdf_text
):
    round_for_13(editor_client)
    response = client.get("/handlingsplan/2020/pdf/")
    text = " ".join(pdf_text(response.content, "-raw").split())
    assert "Status pr. desember 2020" in text
    assert text.count("(sist rapportert september 2020)") == 13 + 4
    for party in ["Austevoll", "Voss", "Øygarden", "Kvam"]:
        assert f"{party}: " in text
