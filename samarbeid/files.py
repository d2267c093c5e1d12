"""Uploaded documents (case papers, agreements): checked on the way in, stored under random
names, and served only through views that apply the pages' access rules.

The type is read from the content, not only the name. A PDF is parsed (pypdf) and refused if
it carries anything active — JavaScript, launch actions, embedded files, rich media, XFA
forms — anywhere in its objects. An Office file's main part must be of the type its name
says, and macros are refused.
"""

import re
import unicodedata
import uuid
import zipfile
from urllib.parse import quote
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile, FileField
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CASE_PAPER_TYPES = ("pdf", "docx", "xlsx", "odt")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}
# extension -> the content type of the package's main part ([Content_Types].xml)
OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# Words in a content type or part name that mean code: VBA projects, macro-enabled main
# parts (docm/xlsm/pptm), ActiveX controls.
OOXML_CODE = ("macroenabled", "vbaproject", "vbadata", "activex")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODF_CODE_FOLDERS = ("basic/", "scripts/")  # where ODF keeps macros
XML_PART_LIMIT = 1024 * 1024  # a package's [Content_Types].xml or .rels is never this big


def max_size():
    return getattr(settings, "CASE_PAPER_MAX_BYTES", 25 * 1024 * 1024)


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""


# --- On the way in -----------------------------------------------------------


def check_document(upload, types=CASE_PAPER_TYPES, *, field=None):
    """Return the file type (one of `types`) or raise ValidationError (on `field` if given)."""
    try:
        return _check(upload, types)
    except ValidationError as error:
        if field:
            raise ValidationError({field: error.error_list}) from None
        raise


def _check(upload, types):
    name = upload.name or ""
    extension = extension_of(name)
    if extension not in types:
        raise ValidationError(
            _("The file must be %(types)s, not “%(name)s”.")
            % {"types": ", ".join(t.upper() for t in types), "name": name}
        )
    if upload.size > max_size():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_size())}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if extension == "pdf":
            ok = head.startswith(b"%PDF-") and _check_pdf(upload, name)
        else:
            ok = head.startswith(b"PK\x03\x04") and _zip_matches(upload, name, extension)
    finally:
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("“%(name)s” is not a real %(type)s file (its content does not match its name).")
            % {"name": name, "type": extension.upper()}
        )
    return extension


def _zip_matches(upload, name, extension):
    """Does the archive hold what `extension` promises? Raises if it holds code."""
    try:
        with zipfile.ZipFile(upload) as archive:
            if extension == "odt":
                return _odt_matches(archive, name)
            return _ooxml_matches(archive, name, extension)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError, EOFError):
        return False


def _odt_matches(archive, name):
    names = archive.namelist()
    if any(n.lower().startswith(ODF_CODE_FOLDERS) for n in names):
        raise _macros(name)
    return "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE


def _ooxml_matches(archive, name, extension):
    """The main part (named by _rels/.rels) has the content type of `extension`, and no
    content type or part is code."""
    types = _xml_part(archive, "[Content_Types].xml")
    defaults, overrides = {}, {}
    for element in types:
        tag, content_type = _local(element.tag), element.get("ContentType", "").lower()
        if tag == "Default":
            defaults[element.get("Extension", "").lower()] = content_type
        elif tag == "Override":
            overrides[_part(element.get("PartName", ""))] = content_type
    parts = [*defaults.values(), *overrides.values(), *(n.lower() for n in archive.namelist())]
    if any(word in part for part in parts for word in OOXML_CODE):
        raise _macros(name)
    main = next(
        (
            _part(r.get("Target", ""))
            for r in _xml_part(archive, "_rels/.rels")
            if r.get("Type", "").endswith("/officeDocument")
        ),
        None,
    )
    if main is None:
        return False
    content_type = overrides.get(main) or defaults.get(extension_of(main), "")
    return content_type == OOXML_MAIN[extension]


def _xml_part(archive, part):
    """A small XML part of the package, parsed; refuses DTDs (never in Office files)."""
    info = archive.getinfo(part)
    if info.file_size > XML_PART_LIMIT:
        raise zipfile.BadZipFile(part)
    data = archive.read(info)
    if b"<!DOCTYPE" in data.upper():
        raise ElementTree.ParseError(part)
    return ElementTree.fromstring(data)


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _part(target):
    return "/" + target.lstrip("/").lower()


def _macros(name):
    return ValidationError(
        _(
            "“%(name)s” contains macros or other program code, which cannot be uploaded. "
            "Save it as an ordinary document without macros and try again."
        )
        % {"name": name}
    )


# What makes a PDF active, by where it shows: a dictionary key, or the name value of an
# action's /S or an object's /Type or /Subtype. pypdf decodes obfuscated names (/#4A#53).
JAVASCRIPT = gettext_lazy("JavaScript")
LAUNCH = gettext_lazy("an action that starts a program or opens another file")
EMBEDDED = gettext_lazy("embedded files")
SENDS_DATA = gettext_lazy("a form action that sends or imports data")
MEDIA = gettext_lazy("rich media (Flash or 3D)")
XFA = gettext_lazy("an XFA form")
PDF_KEYS = {
    "/JS": JAVASCRIPT, "/JavaScript": JAVASCRIPT, "/EmbeddedFiles": EMBEDDED,
    "/EmbeddedFile": EMBEDDED, "/EF": EMBEDDED, "/XFA": XFA, "/RichMediaContent": MEDIA,
    "/RichMediaSettings": MEDIA,
}  # fmt: skip
PDF_NAMES = {
    "/JavaScript": JAVASCRIPT, "/Launch": LAUNCH, "/GoToE": EMBEDDED, "/EmbeddedFile": EMBEDDED,
    "/FileAttachment": EMBEDDED, "/ImportData": SENDS_DATA, "/SubmitForm": SENDS_DATA,
    "/RichMedia": MEDIA, "/RichMediaExecute": MEDIA,
}  # fmt: skip
NAME_KEYS = ("/S", "/Type", "/Subtype")


def _check_pdf(upload, name):
    """Parse the PDF; True if it is one and holds nothing active, else raise or False."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_encrypted(name))
        found = _active_content(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False
    except (DependencyError, NotImplementedError):  # AES needs `cryptography`: not installed
        raise ValidationError(_encrypted(name)) from None
    if found is not None:
        raise ValidationError(
            _(
                "“%(name)s” contains %(what)s, which cannot be uploaded. "
                "Save or print it as an ordinary PDF and try again."
            )
            % {"name": name, "what": found}
        )
    return True


def _encrypted(name):
    return _("“%(name)s” is encrypted or password-protected, so it cannot be checked. "
             "Save it without protection and try again.") % {"name": name}  # fmt: skip


def _active_content(reader):
    """What the first active thing in the PDF is (a description), or None.

    Walks every object the cross-reference tables list, and everything reachable from the
    trailer (catalog, /Names tree, /OpenAction, pages, annotations, /AA, form fields …), so
    an action is found wherever it hangs.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack = [reader.trailer]
    for generation, numbers in reader.xref.items():
        stack.extend(IndirectObject(n, generation, reader) for n in numbers)
    stack.extend(IndirectObject(n, 0, reader) for n in reader.xref_objStm)
    seen = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in PDF_KEYS:
                    return PDF_KEYS[key]
                named = value.get_object() if isinstance(value, IndirectObject) else value
                if key in NAME_KEYS and isinstance(named, NameObject) and named in PDF_NAMES:
                    return PDF_NAMES[named]
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


# --- Stored under random names -------------------------------------------------


def random_name(folder, filename):
    """`folder/2026/<32 random hex digits>.pdf`: nothing of the original name but its type."""
    extension = extension_of(filename)
    suffix = f".{extension}" if re.fullmatch(r"[a-z0-9]{1,8}", extension) else ""
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class ServedFieldFile(FieldFile):
    """A stored file whose URL is the view that checks access (the model's
    `get_download_url()`), never a path under MEDIA_URL."""

    @property
    def url(self):
        self._require_file()
        if self.instance.pk is None:
            return ""  # not stored yet: nothing to link to
        return self.instance.get_download_url()


class ServedFileField(FileField):
    """A FileField served only through a view; see ServedFieldFile."""

    attr_class = ServedFieldFile


# --- On the way out -------------------------------------------------------------

UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')
# For the ASCII fallback name: letters NFKD cannot take apart, dashes and quotes.
TO_ASCII = str.maketrans({
    "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A", "–": "-", "—": "-",
    "‘": "'", "’": "'",
})  # fmt: skip


def download_name(title, extension):
    """A file name for the reader's disk, from the document's title: no path, no quotes."""
    stem = " ".join(UNSAFE_IN_NAMES.sub(" ", title).split())[:120].strip(" .")
    return f"{stem or _('document')}.{extension}" if extension else stem or _("document")


def content_disposition(filename):
    """`attachment` with an ASCII fallback name and the real name in RFC 5987 form."""
    fallback = unicodedata.normalize("NFKD", filename.translate(TO_ASCII))
    fallback = fallback.encode("ascii", "ignore").decode().replace("\\", "").replace('"', "")
    fallback = " ".join(fallback.split())
    if fallback.startswith("."):  # nothing of the title was ASCII
        fallback = f"document{fallback}"
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(field_file, filename, *, public):
    """Download `field_file` as `filename`; kept out of shared caches unless `public`."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    extension = extension_of(filename)
    response = FileResponse(
        handle, content_type=CONTENT_TYPES.get(extension, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
