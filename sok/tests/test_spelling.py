"""Bokmål and nynorsk spellings find each other, both ways (DOMAIN.md §6, sok/spelling.py)."""

import pytest

from sok import spelling
from sok.tests.conftest import search

# (nynorsk, bokmål) as the issue and DOMAIN.md's glossary list them; and the same word in
# another form where both write it alike.
PAIRS = [
    ("tenesteavtale", "tjenesteavtale"),
    ("sjukehus", "sykehus"),
    ("utval", "utvalg"),
    ("samhandlingsutval", "samhandlingsutvalg"),
    ("teneste", "tjeneste"),
    ("kommunehelsetenesta", "kommunehelsetjenesten"),
    ("spesialisthelsetenesta", "spesialisthelsetjenesten"),
    ("helseføretak", "helseforetak"),
    ("fagleg", "faglig"),
    ("brukar", "bruker"),
    ("brukarrepresentant", "brukerrepresentant"),
    ("tilsett", "ansatt"),
    ("avtalar", "avtaler"),
    ("ikkje", "ikke"),
    ("frå", "fra"),
    ("leiar", "leder"),
    ("partnarskapsmøte", "partnerskapsmøte"),
    ("offentleg", "offentlig"),
    ("unnateke", "unntatt"),
    ("vedteke", "vedtatt"),
    ("høyring", "høring"),
    ("møtestad", "møtested"),
    ("handlingsplanen", "handlingsplan"),
    ("tiltaka", "tiltak"),
    ("møter", "møte"),
    ("vedtaket", "vedtak"),
    ("oppfølginga", "oppfølgingen"),
    ("arbeidsgruppa", "arbeidsgruppen"),
]


@pytest.mark.parametrize(("nynorsk", "bokmal"), PAIRS)
def test_it_finds_the_other_spelling_both_ways(client, make_case, nynorsk, bokmal):
    make_case(f"Nynorsk: {nynorsk}")
    make_case(f"Bokmål: {bokmal}")
    make_case("Anna sak")
    found_by_bokmal = set(search(client, bokmal, type="sak")[0])
    found_by_nynorsk = set(search(client, nynorsk, type="sak")[0])
    both = {f"Nynorsk: {nynorsk}", f"Bokmål: {bokmal}"}
    assert found_by_bokmal == both
    assert found_by_nynorsk == both


def test_it_finds_both_spellings_inside_compounds():
    terms = dict(spelling.variants("tenesteavtalane"))
    assert terms == {"tenesteavtal": True, "tjenesteavtal": True}


def test_small_words_match_whole():
    assert spelling.variants("fra") == [("fra", False), ("frå", False)]
    assert spelling.variants("7") == [("7", False)]


def test_the_query_is_cut_to_its_words():
    groups = spelling.parse("Sak 05/26: «Tenesteavtale» & sak; " + "ord " * 20)
    assert groups[0] == [("sak", True)]
    assert groups[1] == [("05/26", True)]
    assert len(groups) == 4  # sak, 05/26, tenesteavtale, ord: repeats once only
    assert spelling.parse("!!! – ?") == []
