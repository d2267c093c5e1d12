"""An agreement version's document: uploaded in the admin (checked, stored under a random
name) and downloaded only through avtaler:version_document, wherever the version's page is
visible — a public version (sent, in force, replaced, repealed) for everybody, a draft for
the responsible body's members (member: SSU) and the secretariat; 404 for everyone else.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from avtaler.models import Version
from avtaler.tests.helpers import make_agreement, make_version
from samarbeid.tests import documents as doc

V = Version.Status
PERSONAS = ["client", "other_member_client", "member_client", "editor_client"]
INSIDERS = {"member_client", "editor_client"}
PDF = doc.plain_pdf()


def with_document(version, name="avtale.pdf", data=PDF):
    version.document = SimpleUploadedFile(name, data)
    version.full_clean()
    version.save()
    return version


@pytest.fixture
def versions(db):
    """Of one SSU agreement: the version in force, and a draft of the next."""
    agreement = make_agreement("ta-11")
    agreement.label = "Tenesteavtale 11 – Bergen"
    agreement.save(update_fields=["label"])
    in_force = make_version(agreement, "2024", status=V.IN_FORCE,
                            valid_from=datetime.date(2024, 1, 1), sent_on=datetime.date(2023, 12, 1))  # fmt: skip
    draft = make_version(agreement, "2026 utkast", status=V.DRAFT)
    return {"in_force": with_document(in_force), "draft": with_document(draft, "utkast.docx",
                                                                        doc.docx())}  # fmt: skip


def url(version):
    return reverse("avtaler:version_document", args=[version.agreement.slug, version.pk])


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_document_of_a_version_in_force_is_for_everybody(request, versions, persona):
    response = request.getfixturevalue(persona).get(url(versions["in_force"]))
    doc.assert_public_file_download(response, persona, PDF)
    assert response["Content-Disposition"] == (
        'attachment; filename="Tenesteavtale 11 - Bergen (2024).pdf"; '
        "filename*=UTF-8''Tenesteavtale%2011%20%E2%80%93%20Bergen%20%282024%29.pdf"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_drafts_document_is_only_for_the_responsible_body(request, versions, persona):
    response = request.getfixturevalue(persona).get(url(versions["draft"]))
    if persona not in INSIDERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].endswith("%282026%20utkast%29.docx")


def test_a_version_without_a_document_or_of_another_agreement_is_404(editor_client, versions):
    bare = make_version(versions["draft"].agreement, "2027")
    assert editor_client.get(url(bare)).status_code == 404
    other = make_agreement("ta-12")
    wrong = reverse("avtaler:version_document", args=[other.slug, versions["draft"].pk])
    assert editor_client.get(wrong).status_code == 404
    assert editor_client.post(url(versions["in_force"])).status_code == 405


def test_the_pages_link_the_document_through_the_view(client, versions):
    in_force = versions["in_force"]
    for page in ["/avtalar/", in_force.agreement.get_absolute_url(),
                 reverse("avtaler:version", args=[in_force.agreement.slug, in_force.pk])]:  # fmt: skip
        html = client.get(page).content.decode()
        assert f'href="{url(in_force)}"' in html, page
        assert "/media/" not in html, page


# --- Upload in the admin --------------------------------------------------------------


def admin_form(version, upload):
    """The version's change form as the admin posts it, with a new document."""
    return {
        "agreement": version.agreement_id, "label": version.label, "status": version.status,
        "language": "nn", "text": "", "change_summary": "", "document": upload,
        "signatures-TOTAL_FORMS": 0, "signatures-INITIAL_FORMS": 0,
        "signatures-MIN_NUM_FORMS": 0, "signatures-MAX_NUM_FORMS": 1000,
    }  # fmt: skip


def change_url(version):
    return reverse("admin:avtaler_version_change", args=[version.pk])


def test_the_admin_stores_an_upload_under_a_random_name_and_links_the_view(
    editor_client, versions
):
    draft = versions["draft"]
    upload = SimpleUploadedFile("Tenesteavtale 11.pdf", PDF)
    response = editor_client.post(change_url(draft), admin_form(draft, upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert re.fullmatch(r"avtalar/\d{4}/[0-9a-f]{32}\.pdf", draft.document.name)
    html = editor_client.get(change_url(draft)).content.decode()
    assert f'href="{url(draft)}"' in html and "/media/" not in html


def test_the_admin_refuses_a_pdf_with_javascript_on_the_field(editor_client, versions):
    draft = versions["draft"]
    before = draft.document.name
    upload = SimpleUploadedFile("avtale.pdf", doc.pdf_with_open_action_javascript())
    with translation.override("nn"):
        response = editor_client.post(
            change_url(draft), admin_form(draft, upload), HTTP_ACCEPT_LANGUAGE="nn"
        )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["document"]
    assert "JavaScript" in errors["document"][0] and "inneheld" in errors["document"][0]
    draft.refresh_from_db()
    assert draft.document.name == before
