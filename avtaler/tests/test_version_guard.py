"""Two tabs on an agreement version: a stale version screen never turns a recorded signature
back into "sent", never sets a sent version back to "in preparation", and never overwrites a
newer save. Status changes only along the allowed transitions, on the screen and in code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from avtaler.models import Signature, Version
from avtaler.tests.helpers import SENT_ON, make_agreement, make_parties, make_version
from tests.adminforms import form_data

pytestmark = pytest.mark.usefixtures("english")
SIGNED_ON = datetime.date(2026, 4, 2)


@pytest.fixture(autouse=True)
def english_screens(settings):
    settings.LANGUAGE_CODE = "en"  # the admin's messages too, not only the test's own


def url(version):
    return reverse("admin:avtaler_version_change", args=[version.pk])


def errors(response):
    found = [str(e) for e in response.context["adminform"].form.non_field_errors()]
    found += [str(e) for es in response.context["adminform"].form.errors.values() for e in es]
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            found += [str(e) for e in form.non_field_errors()]
    return found


@pytest.fixture
def version(db):
    parties = make_parties(3)
    version = make_version(make_agreement(rule="utvalde", parties=parties), label="2026")
    version.send_to_parties(on=SENT_ON)
    return version


def row_prefix(data, row):
    for key, value in data.items():
        if key.startswith("signatures-") and key.endswith("-id") and str(value) == str(row.pk):
            return key.removesuffix("-id")
    raise AssertionError("no such row")


def test_a_stale_version_screen_leaves_a_signature_recorded_meanwhile(editor_client, version):
    stale = form_data(editor_client.get(url(version)))
    row = version.signatures.first()
    version.record_signature(row.party, on=SIGNED_ON)
    stale["change_summary"] = "Språkleg retta"
    response = editor_client.post(url(version), stale)
    assert response.status_code == 302, errors(response)
    row.refresh_from_db()
    assert (row.status, row.signed_on) == (Signature.Status.SIGNED, SIGNED_ON)
    version.refresh_from_db()
    assert version.change_summary == "Språkleg retta"


def test_a_stale_signing_row_edit_is_refused(editor_client, version):
    first = form_data(editor_client.get(url(version)))
    second = form_data(editor_client.get(url(version)))
    row = version.signatures.first()
    prefix = row_prefix(first, row)
    first[f"{prefix}-status"] = Signature.Status.SIGNED
    first[f"{prefix}-signed_on"] = "2026-04-02"
    assert editor_client.post(url(version), first).status_code == 302
    second[f"{prefix}-note"] = "Purra på telefon"
    response = editor_client.post(url(version), second)
    assert response.status_code == 200
    assert any("since you opened this screen" in e for e in errors(response))
    row.refresh_from_db()
    assert (row.status, row.note) == (Signature.Status.SIGNED, "")


def test_the_second_of_two_version_screens_is_refused(editor_client, version):
    first = form_data(editor_client.get(url(version)))
    second = form_data(editor_client.get(url(version)))
    first["text"] = "Teksten frå første fane"
    assert editor_client.post(url(version), first).status_code == 302
    second["change_summary"] = "Frå andre fane"
    response = editor_client.post(url(version), second)
    assert response.status_code == 200
    assert any("since you opened this screen" in e for e in errors(response))
    assert response.context["adminform"].form["change_summary"].value() == "Frå andre fane"
    version.refresh_from_db()
    assert (version.text, version.change_summary) == ("Teksten frå første fane", "")


def test_a_screen_opened_before_sending_cannot_set_the_sent_version_back(editor_client, db):
    version = make_version(make_agreement(rule="utvalde", parties=make_parties(2)))
    stale = form_data(editor_client.get(url(version)))
    version.send_to_parties(on=SENT_ON)
    stale["status"] = Version.Status.IN_PREPARATION
    response = editor_client.post(url(version), stale)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.status == Version.Status.SENT
    assert version.signatures.count() == 2


def test_a_fresh_screen_offers_only_the_allowed_statuses(editor_client, version):
    data = form_data(editor_client.get(url(version)))
    field = editor_client.get(url(version)).context["adminform"].form.fields["status"]
    assert {value for value, _label in field.choices} == {"sendt", "oppheva"}
    data["status"] = Version.Status.IN_PREPARATION
    response = editor_client.post(url(version), data)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.status == Version.Status.SENT


def test_a_version_is_repealed_with_a_reason(editor_client, version):
    data = form_data(editor_client.get(url(version)))
    data["status"] = Version.Status.REPEALED
    response = editor_client.post(url(version), data)
    assert response.status_code == 200
    assert "Say why the version is repealed." in errors(response)
    data["repeal_reason"] = "Erstatta av ny særavtale"
    assert editor_client.post(url(version), data).status_code == 302
    version.refresh_from_db()
    assert (version.status, version.repeal_reason) == ("oppheva", "Erstatta av ny særavtale")


def test_code_follows_the_transitions_too(version):
    version.status = Version.Status.IN_PREPARATION
    with pytest.raises(ValidationError):
        version.save()
    row = version.signatures.first()
    version.record_signature(row.party, on=SIGNED_ON)
    row.refresh_from_db()
    row.status, row.signed_on = Signature.Status.SENT, None
    with pytest.raises(ValidationError):
        row.save()
    version.refresh_from_db()
    assert version.status == Version.Status.SENT
