"""Small real documents for upload tests: PDFs made with pypdf's writer (clean or carrying
active content), hand-assembled PDFs for obfuscated names, and OOXML/ODF packages."""

import io
import zipfile

from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

# --- PDF ---------------------------------------------------------------------------


def _written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _writer():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def _action(kind, **entries):
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def plain_pdf():
    return _written(_writer())


def pdf_with_javascript():
    """Document-level JavaScript in the catalog's /Names tree."""
    writer = _writer()
    writer.add_open_action(JavaScript("app.alert('hei');"))
    return _written(writer)


def pdf_with_open_action_javascript():
    writer = _writer()
    action = writer._add_object(_action("/JavaScript", JS="app.alert('hei');"))
    writer.root_object[NameObject("/OpenAction")] = action
    return _written(writer)


def pdf_with_launch_link():
    """A link annotation on the page whose action starts a program."""
    writer = _writer()
    rect = ArrayObject([FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(100)])
    link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): rect, NameObject("/A"): _action("/Launch", F="cmd.exe"),
    })  # fmt: skip
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _written(writer)


def pdf_with_page_auto_action():
    """/AA on the page: JavaScript when the page opens."""
    writer = _writer()
    open_js = _action("/JavaScript", JS="app.alert('hei');")
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): open_js})
    return _written(writer)


def pdf_with_embedded_file():
    writer = _writer()
    writer.add_attachment("program.exe", b"MZ\x90\x00")
    return _written(writer)


def pdf_with_xfa_form():
    writer = _writer()
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>"),
    })  # fmt: skip
    return _written(writer)


def raw_pdf(*objects):
    """A PDF assembled by hand: object 1 is the catalog; the offsets are computed."""
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
)


def pdf_with_obfuscated_javascript():
    """/OpenAction << /S /JavaScript /JS … >> with both names written in #-escapes."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    action = b"<< /S /J#61v#61Script /#4A#53 (app.alert\\(1\\)) >>"
    return raw_pdf(catalog, *PAGES, action)


def pdf_with_obfuscated_launch():
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /#4C#61unch /F (calc) >> >>"
    return raw_pdf(catalog, *PAGES)


def pdf_with_aes_encryption():
    """Encrypted with AES-256 (revision 6), which pypdf undoes only with `cryptography`."""
    hexes = {"O": 48, "U": 48, "OE": 32, "UE": 32, "Perms": 16}
    keys = b" ".join(b"/%s <%s>" % (k.encode(), b"00" * n) for k, n in hexes.items())
    encrypt = b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 %s >>" % keys
    pdf = raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES, encrypt)
    file_id = b"<00112233445566778899aabbccddeeff>"
    return pdf.replace(
        b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>" % (file_id, file_id)
    )


# --- Office packages -------------------------------------------------------------

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA_PROJECT = "application/vnd.ms-office.vbaProject"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(main_type=DOCX_MAIN, main_part="word/document.xml", *, overrides=(), parts=None):
    """An Office Open XML package whose main part (named in _rels/.rels) is `main_type`."""
    types = "".join(
        f'<Override PartName="/{part}" ContentType="{kind}"/>'
        for part, kind in [(main_part, main_type), *overrides]
    )
    return zipped({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{types}</Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{OFFICE_DOCUMENT}" Target="{main_part}"/></Relationships>'
        ),
        main_part: "<document/>",
        **(parts or {}),
    })  # fmt: skip


def docx():
    return ooxml()


def xlsx():
    return ooxml(XLSX_MAIN, "xl/workbook.xml")


def docx_with_vba_project():
    """An ordinary main part, but a VBA project beside it (what a .docm renamed carries)."""
    return ooxml(
        overrides=[("word/vbaProject.bin", VBA_PROJECT)],
        parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
    )


def odt(parts=None):
    return zipped(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<c/>",
         **(parts or {})}
    )  # fmt: skip


# --- Downloads ---------------------------------------------------------------------


def assert_public_file_download(response, persona, data):
    """A public file served to one of the personas of the file tests: its bytes as a PDF that
    the browser may not sniff; cacheable for the anonymous public, private for anyone logged
    in (samarbeid.middleware.PrivateCacheMiddleware)."""
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    if persona == "client":
        assert "no-store" not in response.get("Cache-Control", "")
    else:
        assert response["Cache-Control"] == "private, no-store"
