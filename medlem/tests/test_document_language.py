"""English and bokmål readers of nynorsk minutes: the fixed labels follow the document's
language on the meeting page, the case page and the PDF alike, and a note says which
language the minutes are in."""

import pytest
from django.test import Client

from moter.tests.conftest import advance


@pytest.fixture
def published(meeting):
    return advance(meeting, "publisert")


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_labels_follow_the_minutes_and_a_note_says_so(published, people, language):
    reader = Client(headers={"Accept-Language": language})
    member = Client(headers={"Accept-Language": language})
    member.force_login(people["ola"].user)
    for client in (reader, member):
        page = client.get(published.get_absolute_url()).text
        assert "Til stades" in page and "Saksliste" in page  # nynorsk labels
        assert {"en": "These minutes are in Norwegian (nynorsk).",
                "nb": "Dette referatet er på nynorsk."}[language] in page  # fmt: skip
        case = published.items.get(title="Ny tenesteavtale 3")
        text = client.get(case.get_absolute_url()).text
        assert f"Sak {case.number}:" in text  # not "Case 02/26"


def test_a_nynorsk_reader_gets_no_note(published, client):
    nn = Client(headers={"Accept-Language": "nn"})
    assert 'id="document-language"' not in nn.get(published.get_absolute_url()).text
