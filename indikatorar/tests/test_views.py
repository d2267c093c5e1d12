"""The indicator page and its PDF: who sees which figures, the filters, the cost.

The public, members and editors see figures from published meetings only; an editor may
tick "unpublished" to count every held meeting, and the page then says so.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from indikatorar.tests.conftest import at, meeting, publish
from moter.models import Attendance
from samarbeid.models import MemberGroup, Membership

URL = reverse("indikatorar:index")
PDF = reverse("indikatorar:report_pdf")
YEARS = {"year_from": 2024, "year_to": 2025}


def cells(html, caption_start):
    """The rows of the table whose caption starts with `caption_start`: [[cell text]]."""
    table = html[html.index(f'-caption">{caption_start}') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [re.sub(r"<[^>]+>|\s+", " ", cell).replace("&nbsp;", " ").strip()
         for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]  # fmt: skip


def test_it_shows_the_public_the_figures_of_published_meetings(client, situation):
    response = client.get(URL, YEARS)
    assert response.status_code == 200
    html = response.content.decode()
    years = cells(html, "Figures per year")
    # Year, meetings, cases, decisions, follow-ups closed, median days, measures completed.
    assert years[1:] == [
        ["2024", "1", "2", "1", "0", "–", "1"],
        ["2025", "3", "8", "4", "3", "105", "3"],
        ["All years", "4", "10", "5", "3", "105", "4"],
    ]
    assert "not published yet" not in html
    # Exempt cases are counted, but nothing of them is shown; nor are persons named.
    for private in ("Løyndom", "Hemmeleg", "Ola Medlem", "Siri Vara", "Bjørn Brukar"):
        assert private not in html


def test_it_shows_attendance_per_category_and_per_party(client, situation):
    html = client.get(URL, YEARS).content.decode()
    categories = {row[0]: row[1:3] for row in cells(html, "Attendance per representation")[1:]}
    assert categories[str(MemberGroup.MUNICIPAL.label)] == ["67 %", "2 of 3"]
    assert categories[str(MemberGroup.USERS.label)] == ["67 %", "2 of 3"]
    assert categories["All seats"] == ["83 %", "10 of 12"]
    parties = [row[:3] for row in cells(html, "Attendance per party")[1:]]
    assert parties == [["Bergen", "67 %", "2 of 3"], ["Helse Bergen", "100 %", "3 of 3"]]


@pytest.mark.parametrize("persona", ["client", "member_client", "editor_client"])
def test_it_never_counts_unpublished_meetings_by_default(request, situation, persona):
    client = request.getfixturevalue(persona)
    if persona == "member_client":  # even a member of the body that held M4
        person = request.getfixturevalue("member").person
        Membership.objects.create(person=person, body=situation["fsu"], category="ks")
    html = client.get(URL, YEARS).content.decode()
    assert cells(html, "Figures per year")[2][:4] == ["2025", "3", "8", "4"]


def test_it_lets_only_editors_count_unpublished_meetings(editor_client, situation):
    asked = {**YEARS, "unpublished": "on"}
    html = Client().get(URL, asked).content.decode()
    assert cells(html, "Figures per year")[2][:4] == ["2025", "3", "8", "4"]  # ignored
    assert 'name="unpublished"' not in html
    html = editor_client.get(URL, asked).content.decode()
    assert cells(html, "Figures per year")[2] == ["2025", "4", "10", "5", "4", "147", "4"]
    assert "not published yet" in html  # the warning at the top


def test_it_filters_by_body(client, situation):
    html = client.get(URL, {**YEARS, "body": "ou"}).content.decode()
    # The body heads its group of rows (rowspan), each year heads its row.
    assert cells(html, "Figures per body and year")[1:] == [
        ["OU Nord", "2024", "1", "2", "1", "0", "–", "1"],
        ["2025", "0", "0", "0", "0", "–", "1"],
    ]
    assert '<th scope="rowgroup" rowspan="2"' in html
    assert "Showing OU Nord, 2024–2025." in html


def test_it_defaults_to_the_years_with_published_meetings(client, situation):
    html = client.get(URL).content.decode()
    assert "Showing all bodies, 2024–2025." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year_from": "tjue"}, "Write the year with four digits, for example 2026."),
        ({"year_from": "1999"}, "Choose a year from 2000 to 2100."),
        ({"year_from": "2026", "year_to": "2024"}, "The last year cannot be before the first"),
        ({"year_from": "2000", "year_to": "2025"}, "Choose at most 20 years at a time."),
        ({"body": "finst-ikkje"}, "Choose a body from the list."),
    ],
)
def test_it_explains_filter_errors(client, situation, query, message):
    for url in (URL, PDF):
        response = client.get(url, query)
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert 'role="alert"' in html and 'aria-invalid="true"' in html
        assert "Figures per year" not in html


def test_it_draws_accessible_charts(client, situation):
    html = client.get(URL, YEARS).content.decode()
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == 4  # meetings, cases, decisions per year; attendance per category
    for chart in charts:
        opening = chart[: chart.index(">")]
        assert 'role="img"' in opening and "style=" not in chart
        chart_id = re.search(r'aria-labelledby="(\S+)-title \1-desc"', opening).group(1)
        assert f'<title id="{chart_id}-title">' in chart
        assert f'<desc id="{chart_id}-desc">' in chart
    meetings = charts[0]
    assert '<title id="chart-meetings-title">Meetings held per year</title>' in meetings
    assert "2024: 1, 2025: 3." in meetings  # the figures, in words, in the description
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="24" height="160(\.0)?"', meetings)
    assert 'height="53.3"' in meetings  # 1 of a scale up to 3
    assert "style=" not in html.split("<main", 1)[1]


def test_the_footer_links_to_the_page(client, db):
    assert f'href="{URL}"' in client.get(reverse("front")).content.decode()


def test_it_renders_the_report_as_pdf(client, situation, pdf_text):
    response = client.get(PDF, YEARS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "indikatorar-2024-2025.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Indicators for the collaboration structure 2024–2025" in text
    assert re.search(r"2025\s+3\s+8\s+4\s+3\s+105\s+3", text)
    assert re.search(r"Helse Bergen\s+100 %\s+3 of 3", text)
    assert "Meetings held per year" in text  # the charts' captions
    assert "Løyndom" not in text and "Ola Medlem" not in text


def test_the_pdf_says_when_it_counts_unpublished_meetings(editor_client, situation, pdf_text):
    response = editor_client.get(PDF, {**YEARS, "unpublished": "on", "body": "fsu"})
    text = pdf_text(response.content)
    assert "not published yet" in text
    assert re.search(r"2025\s+4\s+10\s+5\s+4\s+147\s+4", text)
    assert "indikatorar-fsu-2024-2025.pdf" in response["Content-Disposition"]


def add_meetings(body, n, people):
    """`n` more published meetings of `body` in 2025, each with cases and attendance."""
    for i in range(n):
        m, _ = meeting(body, at(2025, 1, 1 + i), [(f"Sak {i}", "Vedteke.", False)])
        Attendance.objects.filter(meeting=m, person=people["Ola Medlem"]).update(status="forfall")
        publish(m)


@pytest.mark.parametrize("n", [2, 20])
def test_the_page_costs_the_same_queries_however_many_meetings(
    client, situation, django_assert_num_queries, n
):
    add_meetings(situation["fsu"], n, situation["people"])
    # bodies; the data's newest change (the cache key); meetings with cases and decisions;
    # follow-ups; measures; attendance: seats per meeting, apologies and substitutes, the
    # seats' categories and organisations.
    with django_assert_num_queries(8):
        response = client.get(URL, YEARS)
    assert cells(response.content.decode(), "Figures per year")[2][1] == str(3 + n)
    # Nothing changed since: bodies and the newest change; the figures come from the cache.
    with django_assert_num_queries(2):
        again = client.get(URL, YEARS)
    table = "Figures per year"
    assert cells(again.content.decode(), table) == cells(response.content.decode(), table)
    # + the years with meetings, when no year is given (the same years: still cached).
    with django_assert_num_queries(3):
        client.get(URL)


def test_cached_figures_follow_a_new_publication(client, situation):
    add_meetings(situation["fsu"], 2, situation["people"])
    before = cells(client.get(URL, YEARS).content.decode(), "Figures per year")[2][1]
    add_meetings(situation["fsu"], 1, situation["people"])
    after = cells(client.get(URL, YEARS).content.decode(), "Figures per year")[2][1]
    assert int(after) == int(before) + 1


def test_large_figures_are_written_as_the_language_writes_numbers(client, situation):
    """Twenty years of cases run into the thousands: "1 242", not "1242" (a non-breaking space
    in nynorsk and bokmål), in the table and on the chart."""
    from moter.models import AgendaItem, Meeting

    held = Meeting.objects.filter(body=situation["fsu"], year=2025, status="publisert").first()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=held, body=held.body, year=2025, sequence=500 + i, title=f"Sak {i}")
        for i in range(1234)
    )
    html = client.get(URL, YEARS).content.decode()
    assert cells(html, "Figures per year")[2][:3] == ["2025", "3", "1,242"]  # in English
    assert ">1,242</text>" in html  # the column's label on the chart of cases
    nynorsk = client.get(URL, YEARS, HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert cells(nynorsk, "Tal per år")[2][:3] == ["2025", "3", "1 242"]
    assert ">1\xa0242</text>" in nynorsk
