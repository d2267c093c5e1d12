"""The plan as PDF: the seed's table, every measure and status text, in the plan's language."""

import re

import pytest

from handlingsplan.demo import PLAN_2020
from handlingsplan.models import Plan
from handlingsplan.pdf import plan_document, render_plan_pdf


def normalise(text):
    """One space for any whitespace; a word broken after its hyphen ("LKT-↵prosjektet") joined."""
    text = re.sub(r"(?<=\w)-\n", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def seed_strings():
    """Every measure number, title, sub-action and status text of the seed."""
    for area_number, area_title, measures in PLAN_2020:
        yield area_title
        for seq, (title, subs, _time, _status, text, lines) in enumerate(measures, 1):
            yield f"{area_number}.{seq}"
            yield title
            yield from subs
            yield from (p for p in text.split("\n") if p.strip())
            yield from (text for _party, text in lines)


def test_it_prints_every_measure_and_status_text_of_the_seed(client, demo, pdf_text):
    response = client.get("/handlingsplan/2020/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = normalise(pdf_text(response.content, "-raw"))
    missing = [s for s in seed_strings() if normalise(s) not in text]
    assert not missing
    for party in ["Austevoll", "Bjørnafjorden", "Bergen", "Voss", "Askøy", "Øygarden", "Kvam"]:
        assert f"{party}:" in text


def test_it_heads_the_table_as_the_seed_does_in_the_plans_language(demo, pdf_text):
    plan = Plan.objects.get(slug="2020")
    text = normalise(pdf_text(render_plan_pdf(plan), "-raw"))
    assert re.search(r"(Status as of|Status pr\.) september 2020", text)
    # The footer is in the plan's language, with page numbers.
    assert re.search(r"Side 1 av \d", text)
    doc = plan_document(plan)
    assert [a["number"] for a in doc["areas"]] == [1, 2]


def test_it_prints_the_plan_as_it_stood_at_a_past_date(client, demo, pdf_text):
    response = client.get("/handlingsplan/2020/pdf/?pr=2020-05-01")
    assert response.status_code == 200
    assert "pr-2020-05-01" in response["Content-Disposition"]
    text = normalise(pdf_text(response.content, "-raw"))
    assert "Revisjonsarbeidet er starta." in text
    assert "Arbeidet har stoppa opp" not in text
    assert re.search(r"mai 2020", text)


def test_it_sends_a_bad_as_of_date_back_to_the_page_with_a_message(client, demo):
    response = client.get("/handlingsplan/2020/pdf/?pr=1999-01-01")
    assert response.status_code == 302
    assert response["Location"] == "/handlingsplan/2020/"


@pytest.mark.parametrize("language", ["nb"])
def test_it_labels_a_bokmaal_plan_in_bokmaal(demo, pdf_text, language):
    plan = Plan.objects.get(slug="2026-2027")
    assert plan.language == language
    text = normalise(pdf_text(render_plan_pdf(plan), "-raw"))
    assert "Særavtale om samarbeid i den akuttmedisinske kjeden" in text
    assert "1.1" in text and "2.2" in text
