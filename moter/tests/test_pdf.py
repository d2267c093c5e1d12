"""The minutes PDF holds all of the seed meeting, with labels in the meeting's language."""

import re
import subprocess
from pathlib import Path

import pytest

from moter.documents import render_minutes
from moter.models import Meeting

# A copy of ../shared/seeds/ssu-referat-2026-1.md kept in the repository (tests/seeds/).
SEED = Path(__file__).resolve().parents[2] / "tests" / "seeds" / "ssu-referat-2026-1.md"


def flat(text):
    """Text without Markdown marks and with one space between words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links → their text
    text = re.sub(r"[*_#`]|^\s*[-•]\s+", " ", text, flags=re.M)
    return " ".join(text.split())


@pytest.fixture
def seed_meeting(demo):
    return Meeting.objects.get(body__slug="ssu", year=2026, number=1)


@pytest.fixture
def published_text(seed_meeting, pdf_text):
    document = seed_meeting.published_minutes()
    return flat(pdf_text(document.file.read(), "-nopgbrk").replace("-\n", "-"))


def seed_agenda():
    """The seed's own agenda lines: '- 03/26: Revisjon av …'."""
    return re.findall(r"^- (\d\d/26): (.+)$", SEED.read_text(), flags=re.M)


def test_the_published_pdf_holds_every_case_title_of_the_seed(published_text):
    agenda = seed_agenda()
    assert len(agenda) == 15
    for number, title in agenda:
        assert f"{number}: {flat(title)}" in published_text


def test_the_published_pdf_holds_every_decision(seed_meeting, published_text):
    decided = seed_meeting.items.exclude(decision="")
    assert decided.count() >= 12
    for item in decided:
        assert flat(item.decision) in published_text, item.number
    assert (
        published_text.count("VEDTAK")
        == seed_meeting.items.filter(decision_label="vedtak").count()
    )


def test_the_title_block_is_laid_out_like_the_seed(published_text):
    for expected in ["Referat", "Strategisk samarbeidsutvalg (SSU)", "møte 1/2026",
                     "Onsdag 11. mars 2026, kl. 09–12", "Vardesenteret, Haukeland, Bergen",
                     "Eivind Hansen (Helse Bergen), leder av SSU", "Til stede", "Forfall",
                     "Referent", "Samarbeidssekretariatet (SSE)",
                     "Haraldsplass diakonale sykehus, vara for Kjerstin Fyllingen", "Side 1 av"]:  # fmt: skip
        assert expected in published_text, expected


@pytest.mark.parametrize(
    ("language", "labels"),
    [("nn", ["Til stades", "Møtestad", "Møteleiar", "Saksliste", "Oppsummert frå møtet"]),
     ("nb", ["Til stede", "Møtested", "Møteleder", "Saksliste", "Oppsummert fra møtet"])],
)  # fmt: skip
def test_the_labels_follow_the_meetings_language(seed_meeting, pdf_text, language, labels):
    seed_meeting.language = language
    text = flat(pdf_text(render_minutes(seed_meeting)))
    for label in labels:
        assert label in text, label


def test_the_minutes_are_pdf_a_with_metadata(seed_meeting):
    data = seed_meeting.published_minutes().file.read()
    info = subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    meta = subprocess.run(
        ["pdfinfo", "-meta", "-"], input=data, capture_output=True, check=True
    ).stdout
    assert "Title:           Referat – SSU møte 1/2026" in info
    assert "Author:          Samarbeidssekretariatet" in info
    assert "Tagged:          yes" in info
    assert b'pdfaid:part="2"' in meta and b'pdfaid:conformance="A"' in meta
