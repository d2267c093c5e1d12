"""Case papers: PDF, DOCX, XLSX or ODT, recognised by their content, within the size limit,
with nothing active inside, stored under random names.

Uploads go through a model form for Attachment, as the admin's inline does, so the model's
own check runs and its message lands on the file field.
"""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.utils import translation

from moter.models import Attachment
from samarbeid.files import check_document as check_case_paper
from samarbeid.tests import documents as doc

LAUNCH = "an action that starts a program or opens another file"
AttachmentForm = modelform_factory(Attachment, fields=["item", "title", "file", "order"])


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def item(make_meeting):
    return make_meeting().items.get()


def upload(item, name, data, title="Saksgrunnlag"):
    """(form, saved attachment or None): the upload as the admin makes it."""
    form = AttachmentForm(
        {"item": item.pk, "title": title, "order": 0},
        {"file": SimpleUploadedFile(name, data)},
    )
    return form, form.save() if form.is_valid() else None


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("sak.pdf", doc.plain_pdf(), "pdf"), ("avtale.docx", doc.docx(), "docx"),
     ("budsjett.xlsx", doc.xlsx(), "xlsx"), ("notat.ODT", doc.odt(), "odt")],
)  # fmt: skip
def test_it_accepts_real_case_papers(name, data, kind):
    assert check_case_paper(SimpleUploadedFile(name, data)) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("virus.exe", b"MZ", "must be PDF, DOCX, XLSX, ODT"), ("falsk.pdf", b"<html>", "not a real PDF"),
     ("falsk.docx", doc.xlsx(), "not a real DOCX"), ("falsk.xlsx", doc.docx(), "not a real XLSX"),
     ("falsk.odt", doc.docx(), "not a real ODT"), ("øydelagd.xlsx", b"PK\x03\x04garbage", "not a real XLSX"),
     ("utan-namn", b"%PDF-", "must be"), ("halv.pdf", b"%PDF-1.7\n...", "not a real PDF"),
     ("utan-hovuddel.docx", doc.zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
      "not a real DOCX")],
)  # fmt: skip
def test_it_refuses_files_that_are_not_what_they_say(name, data, message):
    with pytest.raises(ValidationError, match=message):
        check_case_paper(SimpleUploadedFile(name, data))


def test_it_refuses_a_file_over_the_limit(settings):
    settings.CASE_PAPER_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is 10"):
        check_case_paper(SimpleUploadedFile("stor.pdf", b"%PDF-" + b"x" * 20))


@pytest.mark.parametrize(
    ("build", "what"),
    [(doc.pdf_with_javascript, "JavaScript"), (doc.pdf_with_open_action_javascript, "JavaScript"),
     (doc.pdf_with_page_auto_action, "JavaScript"), (doc.pdf_with_obfuscated_javascript, "JavaScript"),
     (doc.pdf_with_launch_link, LAUNCH), (doc.pdf_with_obfuscated_launch, LAUNCH),
     (doc.pdf_with_embedded_file, "embedded files"), (doc.pdf_with_xfa_form, "an XFA form")],
)  # fmt: skip
def test_it_refuses_pdfs_with_active_content_on_the_file_field(item, build, what):
    form, saved = upload(item, "sak.pdf", build())
    assert saved is None and not Attachment.objects.exists()
    assert form.errors["file"] == [
        f"“sak.pdf” contains {what}, which cannot be uploaded. "
        "Save or print it as an ordinary PDF and try again."
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [("makro.docx", doc.ooxml(doc.DOCM_MAIN)), ("vba.docx", doc.docx_with_vba_project()),
     ("makro.odt", doc.odt({"Basic/Standard/Module1.xml": "<module/>"}))],
)  # fmt: skip
def test_it_refuses_documents_with_macros(item, name, data):
    form, saved = upload(item, name, data)
    assert saved is None
    assert "contains macros or other program code" in form.errors["file"][0]


def test_it_refuses_a_docx_whose_main_part_is_a_spreadsheet(item):
    form, saved = upload(item, "rekneark.docx", doc.xlsx())
    assert saved is None
    assert "not a real DOCX file" in form.errors["file"][0]


def test_it_refuses_a_pdf_it_cannot_open_without_a_password(item):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(doc.plain_pdf())))
    writer.encrypt(user_password="hemmeleg", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    form, saved = upload(item, "laast.pdf", buffer.getvalue())
    assert saved is None and "password-protected" in form.errors["file"][0]


def test_it_refuses_a_pdf_encrypted_in_a_way_it_cannot_undo(item):
    form, saved = upload(item, "aes.pdf", doc.pdf_with_aes_encryption())
    assert saved is None and "password-protected" in form.errors["file"][0]


def test_the_message_is_in_the_sites_language(item):
    with translation.override("nn"):
        form, _ = upload(item, "sak.pdf", doc.pdf_with_javascript())
        assert "inneheld JavaScript" in form.errors["file"][0]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("sak.pdf", doc.plain_pdf(), "pdf"), ("notat.docx", doc.docx(), "docx")],
)  # fmt: skip
def test_an_attachment_records_its_checked_type_and_size(item, name, data, kind):
    form, attachment = upload(item, name, data)
    assert attachment is not None, form.errors
    assert (attachment.file_type, attachment.size) == (kind, len(data))


def test_two_uploads_of_the_same_name_get_random_unrelated_names(item):
    first, second = (upload(item, "sak.pdf", doc.plain_pdf())[1] for _ in range(2))
    names = [first.file.name, second.file.name]
    assert names[0] != names[1]
    for name in names:
        assert re.fullmatch(r"saksgrunnlag/\d{4}/[0-9a-f]{32}\.pdf", name), name
        assert "sak" not in name.removeprefix("saksgrunnlag/")
    assert first.file.read() == doc.plain_pdf()
