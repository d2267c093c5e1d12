"""A party that signed long ago on paper, on a date nobody knows (issue 13, item 8): the
signing row takes "signed" with no date, and every output says "dato ukjend"."""

import pytest
from django.urls import reverse

from avtaler.models import Signature
from avtaler.tests.helpers import SENT_ON, make_agreement, make_parties, make_version
from avtaler.tests.test_version_guard import errors, row_prefix
from tests.adminforms import form_data


@pytest.fixture
def version(db):
    parties = make_parties(2)
    version = make_version(make_agreement(rule="utvalde", parties=parties), label="2026")
    version.send_to_parties(on=SENT_ON)
    return version


def change_url(version):
    return reverse("admin:avtaler_version_change", args=[version.pk])


def test_the_version_screen_records_a_signature_without_a_date(editor_client, version):
    data = form_data(editor_client.get(change_url(version)))
    row = version.signatures.order_by("party__short_name_nn").first()
    prefix = row_prefix(data, row)
    data[f"{prefix}-status"] = Signature.Status.SIGNED
    data[f"{prefix}-signed_on"] = ""

    response = editor_client.post(change_url(version), data)

    assert response.status_code == 302, errors(response)
    row.refresh_from_db()
    assert (row.status, row.signed_on) == (Signature.Status.SIGNED, None)


def test_a_date_on_a_row_that_is_not_signed_is_refused_in_norwegian(editor_client, version):
    data = form_data(editor_client.get(change_url(version)))
    row = version.signatures.first()
    data[f"{row_prefix(data, row)}-signed_on"] = "2026-04-02"

    response = editor_client.post(change_url(version), data)

    assert response.status_code == 200
    assert any("Berre ei signering har dato" in e for e in errors(response)), errors(response)
    row.refresh_from_db()
    assert row.signed_on is None


def test_pages_and_pdfs_say_the_date_is_unknown(client, version, pdf_text):
    first, second = version.signatures.order_by("party__short_name_nn")
    version.record_signature(first.party, on=None)
    version.record_signature(second.party, on=SENT_ON)
    slug = version.agreement.slug

    page = client.get(reverse("avtaler:signing", args=[slug])).content.decode()
    pdf = pdf_text(client.get(reverse("avtaler:signing_pdf", args=[slug])).content)
    matrix = client.get(reverse("avtaler:matrix")).content.decode()

    assert f"{first.party.short_name}</span> – dato ukjend" in page
    assert "11. mars 2026" in page
    assert "dato ukjend" in pdf
    assert "Signert, dato ukjend" in matrix
