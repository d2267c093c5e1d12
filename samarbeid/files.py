"""Checks on uploaded documents (case papers, agreements): the type is read from the
content, not only the name."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> what the content must be
ZIP_TYPES = {
    "docx": ("[Content_Types].xml", "word/"),
    "xlsx": ("[Content_Types].xml", "xl/"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


CASE_PAPER_TYPES = ("pdf", "docx", "xlsx", "odt")


def max_size():
    return getattr(settings, "CASE_PAPER_MAX_BYTES", 25 * 1024 * 1024)


def check_document(upload, types=CASE_PAPER_TYPES):
    """Return the file type (one of `types`) or raise ValidationError."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
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
    if extension == "pdf":
        ok = head.startswith(b"%PDF-")
    else:
        ok = head.startswith(b"PK\x03\x04") and _zip_matches(upload, extension)
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("“%(name)s” is not a real %(type)s file (its content does not match its name).")
            % {"name": name, "type": extension.upper()}
        )
    return extension


def _zip_matches(upload, extension):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension == "odt":
                return "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE
            marker, folder = ZIP_TYPES[extension]
            return marker in names and any(n.startswith(folder) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
