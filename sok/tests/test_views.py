"""The search page: the form and its messages, paging, and its cost."""

import pytest
from django.db import connection

from sok.tests.conftest import search


def test_the_page_without_a_query_shows_the_form(client, db):
    response = client.get("/sok/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html and 'name="q"' in html
    assert "search-hit" not in html and "Nothing found" not in html


def test_every_page_has_the_search_field_in_its_header(client, db):
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert '<form role="search" method="get" action="/sok/"' in header
    assert '<label class="ds-sr-only" for="site-search-q">' in header
    assert 'id="site-search-q"' in header
    search_page = client.get("/sok/", {"q": "x"}).content.decode()
    assert 'id="site-search-q"' not in search_page, "the search page has its own form"
    assert search_page.count('role="search"') == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ar": "abc"}, "Write the year with four digits, for example 2026."),
        ({"ar": "20260"}, "Write a year up to 2100."),
        ({"ar": "12"}, "Write a year from 1990 on."),
        ({"utval": "finst-ikkje"}, "There is no body with that name in the list."),
        ({"type": "<script>"}, "Choose one of the types in the list."),
        ({"q": "x" * 201}, "Write at most 200 characters."),
        ({"q": "null\x00teikn"}, "Null characters are not allowed."),
    ],
)
def test_invalid_values_get_a_message_not_an_error(client, make_case, params, message):
    make_case("Beredskap")
    response = client.get("/sok/", {"q": "beredskap", **params})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert "search-hit" not in html


def test_a_query_without_words_asks_for_words(client, db):
    html = client.get("/sok/", {"q": "  – !!"}).content.decode()
    assert "Write one or more words to search for." in html


def test_no_hits_gives_help(client, make_case):
    make_case("Beredskap")
    _, html = search(client, "kvalitetsindikatorar", utval="ssu")
    assert "0 hits" in html and "Nothing found" in html
    assert 'href="/sok/?q=kvalitetsindikatorar">' in html, "a link without the filters"
    assert "Members of a committee find more when they log in." in html


def test_hits_come_twenty_to_a_page(client, make_case):
    for i in range(25):
        make_case(f"Beredskap {i:02}")
    titles, html = search(client, "beredskap")
    assert len(titles) == 20 and "25 hits" in html and "Page 1 of 2" in html
    assert 'href="?q=beredskap&amp;side=2"' in html
    titles, html = search(client, "beredskap", side="2")
    assert len(titles) == 5 and 'start="21"' in html
    assert search(client, "beredskap", side="tull")[0] == search(client, "beredskap")[0]


def test_a_hit_shows_type_body_number_date_and_link(client, make_case):
    item = make_case("Legevaktsamarbeid")
    _, html = search(client, "legevakt")
    hit = html.split('<li class="search-hit">')[1].split("</li>")[0]
    assert ">Case</span>" in hit and "<span>SSU</span>" in hit and "11 March 2026" in hit
    assert f'<a class="ds-link" href="{item.get_absolute_url()}">Case {item.number}: ' in hit


def test_the_page_only_answers_get(client, db):
    assert client.post("/sok/", {"q": "x"}).status_code == 405


@pytest.mark.parametrize("n", [3, 30])
def test_the_page_costs_the_same_queries_however_many_hits(
    client, make_case, django_assert_num_queries, n
):
    for i in range(n):
        make_case(f"Beredskap {i}", decision="Beredskap vedteken.", year=2000 + i % 20)
    # The bodies for the filter, the number of hits, one page's ids, those hits with their
    # bodies.
    with django_assert_num_queries(4):
        response = client.get("/sok/", {"q": "beredskap"})
    assert f"{2 * n} hits" in response.content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_a_members_page_costs_one_query_more(
    client, member, make_case, django_assert_num_queries, n
):
    for i in range(n):
        make_case(f"Beredskap {i}", published=i % 2 == 0)
    client.force_login(member)
    # Session and user, the member's bodies, the bodies for the filter, the number of hits,
    # one page's ids, those hits.
    with django_assert_num_queries(7):
        response = client.get("/sok/", {"q": "beredskap", "type": "sak"})
    assert f"{n} hits" in response.content.decode()


def test_postgres_is_used_when_configured(client, make_case):
    """The same page on both databases; on PostgreSQL the snippet comes from ts_headline."""
    make_case("Sak", narrative="Innleiing. Om hospitering for tilsette.")
    _, html = search(client, "ansatte")
    assert "<mark>tilsette</mark>" in html
    assert connection.vendor in ("sqlite", "postgresql")


def test_very_many_hits_are_counted_up_to_a_limit(client, make_case, monkeypatch):
    from sok import views

    monkeypatch.setattr(views, "MAX_HITS", 4)
    for i in range(7):
        make_case(f"Beredskap {i}")
    titles, html = search(client, "beredskap", type="sak")
    assert "More than 4 hits." in html and "Page 1 of 1" not in html
    assert len(titles) == 4


def test_beyond_the_limit_the_newest_hits_come_first(client, make_case, monkeypatch):
    """Ranking every hit of a very common word would cost as much as the search itself."""
    from sok import views

    monkeypatch.setattr(views, "MAX_HITS", 4)
    make_case("Beredskap i tittel", year=2001)  # the best hit, but the oldest
    for year in range(2002, 2008):
        make_case(f"Sak frå {year}", narrative="Om beredskap.", year=year)
    titles, html = search(client, "beredskap", type="sak")
    assert "More than 4 hits." in html
    assert titles[:3] == ["Sak frå 2007", "Sak frå 2006", "Sak frå 2005"]


def test_below_the_limit_the_best_hits_come_first(client, make_case):
    make_case("Beredskap i tittel", year=2001)
    for year in range(2002, 2008):
        make_case(f"Sak frå {year}", narrative="Om beredskap.", year=year)
    titles, _ = search(client, "beredskap", type="sak")
    assert titles[:2] == ["Beredskap i tittel", "Sak frå 2007"]
