"""Case papers: PDF, DOCX, XLSX or ODT, recognised by their content, within the size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from moter.models import Attachment
from samarbeid.files import check_document as check_case_paper


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<c/>"})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("sak.pdf", b"%PDF-1.7\n...", "pdf"), ("avtale.docx", DOCX, "docx"),
     ("budsjett.xlsx", XLSX, "xlsx"), ("notat.ODT", ODT, "odt")],
)  # fmt: skip
def test_it_accepts_real_case_papers(name, data, kind):
    assert check_case_paper(SimpleUploadedFile(name, data)) == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("virus.exe", b"MZ", "must be PDF, DOCX, XLSX, ODT"), ("falsk.pdf", b"<html>", "not a real PDF"),
     ("falsk.docx", XLSX, "not a real DOCX"), ("falsk.odt", DOCX, "not a real ODT"),
     ("øydelagd.xlsx", b"PK\x03\x04garbage", "not a real XLSX"), ("utan-namn", b"%PDF-", "must be")],
)  # fmt: skip
def test_it_refuses_files_that_are_not_what_they_say(name, data, message):
    with pytest.raises(ValidationError, match=message):
        check_case_paper(SimpleUploadedFile(name, data))


def test_it_refuses_a_file_over_the_limit(settings):
    settings.CASE_PAPER_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is 10"):
        check_case_paper(SimpleUploadedFile("stor.pdf", b"%PDF-" + b"x" * 20))


def test_an_attachment_records_its_checked_type_and_size(make_meeting):
    item = make_meeting().items.get()
    attachment = Attachment(
        item=item, title="Saksgrunnlag", file=SimpleUploadedFile("s.pdf", b"%PDF-1.7 x")
    )
    attachment.full_clean()
    attachment.save()
    assert (attachment.file_type, attachment.size) == ("pdf", 10)
    assert attachment.file.name.startswith("saksgrunnlag/fsu/2026/01/")
