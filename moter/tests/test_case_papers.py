"""Case papers are downloaded only through moter:case_paper, with the case page's rule:

- a public case of a published meeting: everybody;
- an exempt case's papers: the body's members and the secretariat only (the public sees
  the public title, not the papers);
- a meeting not yet published: the body's members and the secretariat only.
Everyone else gets 404, as from the case page. MEDIA_ROOT itself is never served.
"""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.test import Client
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from moter.models import AgendaItem, Attachment, Meeting, MeetingDocument
from moter.tests.conftest import at
from samarbeid.models import Body
from samarbeid.tests import documents as doc

PERSONAS = ["client", "other_member_client", "member_client", "editor_client"]
INSIDERS = {"member_client", "editor_client"}  # SSU's member and the secretariat
PDF = doc.plain_pdf()


@pytest.fixture
def ssu(db):
    return Body.objects.get_or_create(slug="ssu", defaults={"name_nn": "SSU", "kind": "ssu"})[0]


def upload(item, title, name="sak.pdf", data=PDF):
    """Through a model form, as the admin's inline uploads."""
    form = modelform_factory(Attachment, fields=["item", "title", "file", "order"])(
        {"item": item.pk, "title": title, "order": 0}, {"file": SimpleUploadedFile(name, data)}
    )
    assert form.is_valid(), form.errors
    return form.save()


def publish(meeting):
    """Published as far as the pages care: a minutes row and the status."""
    MeetingDocument.objects.create(
        meeting=meeting, kind="referat", version=1, sha256="x",
        file=SimpleUploadedFile("r.pdf", PDF),
    )  # fmt: skip
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save(update_fields=["status"])


@pytest.fixture
def meeting(ssu):
    return Meeting.objects.create(body=ssu, starts_at=at(2026, 3, 11))


@pytest.fixture
def papers(meeting):
    """A public case's paper and an exempt case's paper in the same SSU meeting."""
    open_case = AgendaItem.objects.create(meeting=meeting, title="Open sak")
    exempt = AgendaItem.objects.create(
        meeting=meeting, title="Løyndom", access="exempt", legal_basis="offl. § 13",
        public_title="Personalsak",
    )  # fmt: skip
    return {
        "public": upload(open_case, "Økonomi og årsplan: «utkast»"),
        "exempt": upload(exempt, "Notat om Ola"),
    }


def url(paper):
    return paper.get_download_url()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_published_public_case_paper_is_for_everybody(request, papers, meeting, persona):
    publish(meeting)
    response = request.getfixturevalue(persona).get(url(papers["public"]))
    doc.assert_public_file_download(response, persona, PDF)
    assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_exempt_case_paper_is_only_for_the_bodys_members(request, papers, meeting, persona):
    publish(meeting)
    response = request.getfixturevalue(persona).get(url(papers["exempt"]))
    if persona not in INSIDERS:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="Notat om Ola.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["public", "exempt"])
def test_an_unpublished_meetings_papers_are_only_for_the_bodys_members(
    request, papers, persona, kind
):
    response = request.getfixturevalue(persona).get(url(papers[kind]))
    assert response.status_code == (200 if persona in INSIDERS else 404)
    if response.status_code == 200:
        assert response["Cache-Control"] == "private, no-store"


def test_the_download_name_is_safe_and_keeps_the_letters(member_client, papers):
    disposition = member_client.get(url(papers["public"]))["Content-Disposition"]
    # The title was "Økonomi og årsplan: «utkast»": the colon goes, the letters stay in the
    # RFC 5987 name, and old clients get an ASCII name.
    assert disposition == (
        'attachment; filename="Okonomi og arsplan utkast.pdf"; '
        "filename*=UTF-8''%C3%98konomi%20og%20%C3%A5rsplan%20%C2%AButkast%C2%BB.pdf"
    )


def test_a_paper_is_found_only_under_its_own_case(editor_client, papers):
    public, exempt = papers["public"], papers["exempt"]
    case = exempt.item
    wrong = reverse("moter:case_paper", args=["ssu", case.year, case.sequence, public.pk])
    assert editor_client.get(wrong).status_code == 404
    missing = reverse("moter:case_paper", args=["ssu", case.year, case.sequence, 999999])
    assert editor_client.get(missing).status_code == 404
    assert editor_client.post(url(exempt)).status_code == 405


def test_the_case_page_links_the_papers_its_reader_may_download(member_client, papers, meeting):
    publish(meeting)
    public, exempt = papers["public"], papers["exempt"]
    anonymous = Client()
    assert (
        f'href="{url(public)}"' in anonymous.get(public.item.get_absolute_url()).content.decode()
    )
    page = anonymous.get(exempt.item.get_absolute_url()).content.decode()
    assert url(exempt) not in page and "Notat om Ola" not in page
    page = member_client.get(exempt.item.get_absolute_url()).content.decode()
    assert f'href="{url(exempt)}"' in page and "Notat om Ola" in page


def test_the_admin_links_the_stored_file_through_the_view(editor_client, papers):
    exempt = papers["exempt"]
    html = editor_client.get(
        reverse("admin:moter_agendaitem_change", args=[exempt.item.pk])
    ).content.decode()
    assert f'href="{url(exempt)}"' in html
    assert "/media/" not in html


def test_media_root_is_not_served_even_with_debug(client, settings, papers):
    stored = f"/{settings.MEDIA_URL}{papers['public'].file.name}"
    settings.DEBUG = True
    urls = importlib.import_module(settings.ROOT_URLCONF)
    try:
        importlib.reload(urls)
        clear_url_caches()
        with pytest.raises(Resolver404):
            resolve(stored)
        assert client.get(stored).status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()
