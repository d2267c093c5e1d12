"""What a search finds and how it shows it: ranking, snippets, prefixes, filters.

Runs on SQLite (the fallback) and on PostgreSQL (full-text search) alike; see the README's
test command for the second.
"""

import pytest
from django.db import connection

from sok.tests.conftest import search

# --- Ranking and snippets -----------------------------------------------------------------


def test_it_ranks_a_title_hit_before_text_hits(client, make_case):
    make_case("Orientering om økonomi", narrative="Beredskap. " * 5 + "Meir om beredskap.")
    make_case("Beredskap i kommunane", narrative="Kort orientering.")
    titles, _ = search(client, "beredskap")
    assert titles == ["Beredskap i kommunane", "Orientering om økonomi"]


def test_postgres_keeps_the_words_in_an_indexed_generated_column(client, make_case):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the generated tsvector column and its GIN index")
    item = make_case("Tenesteavtale 7", narrative="Om forsking og utdanning.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search::text FROM sok_entry WHERE object_id = %s AND kind = 'sak'", [item.pk]
        )
        words = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'sok_entry' AND indexname = "
            "'sok_entry_search'"
        )
        index = cursor.fetchone()[0]
    assert "'tenesteavtale':2A" in words and "'forsking':5C" in words
    assert "USING gin (search)" in index


def test_it_highlights_the_hits_in_title_and_snippet(client, make_case):
    make_case(
        "Revisjon av tenesteavtale 9",
        narrative="Arbeidsgruppa skal levere eit utkast til revidert tenesteavtale innan juni.",
    )
    _, html = search(client, "tenesteavtale")
    assert "Revisjon av <mark>tenesteavtale</mark> 9" in html
    assert "utkast til revidert <mark>tenesteavtale</mark> innan juni" in html


def test_it_escapes_the_text_and_marks_only_the_hits(client, make_case):
    make_case(
        "Tiltak for <b>dei</b> unge",
        narrative='<script>alert("x")</script> Når 5 < 6 & 7 > 3 gjeld <mark>tiltaket</mark> '
        "<img src=x onerror=alert(1)> likevel.",
    )
    titles, html = search(client, "tiltak")
    assert titles == ["Tiltak for &lt;b&gt;dei&lt;/b&gt; unge"]
    assert "<mark>Tiltak</mark> for &lt;b&gt;dei&lt;/b&gt; unge" in html
    snippet = html.split('class="ds-paragraph search-hit__snippet"')[1].split("</p>")[0]
    assert "<script" not in html.split("</header>")[1]
    assert "alert" not in snippet and "<img" not in snippet and "onerror" not in snippet
    assert "5 &lt; 6 &amp; 7 &gt; 3" in snippet
    # The writer's own <mark> is dropped with the other tags; only ours remain.
    assert snippet.count("<mark>") == 1 and "<mark>tiltaket</mark>" in snippet


def test_it_shows_the_text_around_a_hit_deep_in_a_long_text(client, make_case):
    make_case("Orientering", narrative="Innleiing. " * 200 + "Her står ordet samhandlingsreform.")
    _, html = search(client, "samhandlingsreform")
    snippet = html.split('class="ds-paragraph search-hit__snippet"')[1].split("</p>")[0]
    assert "<mark>samhandlingsreform</mark>" in snippet
    assert len(snippet) < 600


# --- Words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("avtale", ["avtalen", "avtalar", "avtaler", "avtale"]),
        ("avtalane", ["avtalen", "avtalar", "avtaler", "avtale"]),
        ("tenesteavtal", ["tenesteavtalen"]),
        ("møter", ["møte", "møtet"]),
    ],
)
def test_it_matches_the_beginning_of_words(client, make_case, query, found):
    for word in ["avtalen", "avtalar", "avtaler", "avtale", "tenesteavtalen", "møte", "møtet"]:
        make_case(f"Om {word}")
    titles, _ = search(client, query, type="sak")
    assert sorted(t.removeprefix("Om ") for t in titles) == sorted(found)


def test_it_needs_every_word_of_the_query(client, make_case):
    make_case("Beredskap i kommunane")
    make_case("Beredskap på sjukehusa")
    titles, _ = search(client, "beredskap sykehus")
    assert titles == ["Beredskap på sjukehusa"]


def test_it_finds_a_case_by_its_number(client, make_case):
    make_case("Første sak")
    make_case("Andre sak", year=2025)
    titles, _ = search(client, "01/25", numbers=True)
    assert titles == ["Case 01/25: Andre sak"]


# --- Filters ---------------------------------------------------------------------------


def test_it_filters_by_body_year_and_type(client, make_case, make_plan, ssu, ou):
    make_case("Beredskap 2026", decision="Beredskap vedteken.")
    make_case("Beredskap 2025", year=2025)
    make_case("Beredskap i Bergen", body=ou)
    make_plan(measures=["Beredskap for alle"])
    assert search(client, "beredskap", utval="ou-bergen")[0] == ["Beredskap i Bergen"]
    assert search(client, "beredskap", ar="2025")[0] == ["Beredskap 2025"]
    assert search(client, "beredskap", type="vedtak", numbers=True)[0] == [
        "Decision in case 01/26: Beredskap 2026"
    ]
    assert search(client, "beredskap", type="tiltak", ar="2027")[0] == ["1.1 Beredskap for alle"]
    assert len(search(client, "beredskap")[0]) == 5  # 3 cases, 1 decision, 1 measure


def test_it_finds_decisions_by_their_text(client, make_case):
    item = make_case(
        "Ny særavtale", decision="SSU godkjenner særavtalen og sender den til partane."
    )
    titles, html = search(client, "partane", numbers=True)
    assert titles == ["Decision in case 01/26: Ny særavtale"]
    assert f'href="{item.get_absolute_url()}"' in html
