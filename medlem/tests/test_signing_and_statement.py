"""Item 9 and 10 of the members' issue: an in-force version with no recorded signing says so,
the signing PDF starts its list on page 1, and the accessibility statement has what the
Norwegian rules ask for."""

import datetime

from django.urls import reverse

from avtaler.models import Version
from avtaler.tests.helpers import make_agreement, make_parties, make_version, sent_version


def test_an_in_force_version_without_signing_rows_says_signing_is_not_recorded(client, db):
    agreement = make_agreement("ta-1")
    make_version(agreement, status=Version.Status.IN_FORCE, valid_from=datetime.date(2024, 1, 1))
    for url in (agreement.get_absolute_url(), reverse("avtaler:signing", args=["ta-1"])):
        text = client.get(url).text
        assert "Signing not recorded for this version." in text, url
        assert "Signed (0)" not in text


def test_the_signing_pdf_starts_the_list_on_page_1(client, db, pdf_text):
    make_parties(40)
    sent_version(make_agreement("ta-2"))
    pdf = client.get(reverse("avtaler:signing_pdf", args=["ta-2"])).content
    first_page = pdf_text(pdf, "-f", "1", "-l", "1")
    assert "Kommune 0" in first_page and "Kommune 1" in first_page


def test_the_accessibility_statement_names_contact_date_gaps_and_uustatus(client, db):
    text = client.get(reverse("accessibility")).text
    assert "mailto:" in text  # a contact
    assert "https://www.uustatus.no/" in text
    assert "<time" in text  # when it was made
    assert "Known shortcomings" in text
