"""The register's printed documents, in nynorsk: the signing matrix, one agreement's signing
and a version's text. Templates get plain data only."""

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from avtaler import matrix
from avtaler.matrix import signed_date
from samarbeid.lib import render_markdown
from samarbeid.pdf import render_pdf

LANGUAGE = "nn"


def _today():
    return date_format(timezone.localdate())


def _version_line(version):
    """ "versjon 2026 · sendt til partane 11. mars 2026" in the active language."""
    text = f"{_('Version')} {version.label} · {version.get_status_display()}"
    if version.status == version.Status.IN_FORCE and version.valid_from:
        text += f" {_('from')} {date_format(version.valid_from)}"
    elif version.sent_on:
        text += f" {date_format(version.sent_on)}"
    return text


def matrix_document(agreements, parties):
    """The matrix as plain data, its labels in nynorsk."""
    data = matrix.build(agreements, parties)
    return {
        "columns": [(title, [p.short_name for p in group]) for title, group in data["columns"]],
        "rows": [
            {
                "label": row["agreement"].label,
                "title": row["agreement"].title,
                "version": _version_line(row["version"]),
                "cells": row["cells"],
            }
            for row in data["rows"]
        ],
        "legend": data["legend"],
        "printed": _today(),
    }


def render_matrix_pdf(agreements, parties):
    with translation.override(LANGUAGE):
        context = matrix_document(agreements, parties)
        title = _("Signing of the agreements")
    return render_pdf("pdf/avtaler_matrix.html", context, title=title, language=LANGUAGE,
                      stylesheet="pdf/avtaler.css")  # fmt: skip


def render_signing_pdf(agreement, version):
    with translation.override(LANGUAGE):
        context = {
            "label": agreement.label,
            "agreement_title": agreement.title,
            "version": _version_line(version),
            "groups": [
                (
                    kind,
                    heading,
                    [
                        {
                            "party": r.party.short_name,
                            "date": signed_date(r),
                            "status": r.get_status_display(),
                            "note": r.note,
                        }
                        for r in rows
                    ],
                )
                for kind, heading, rows in matrix.signing_groups(version)
            ],
            "printed": _today(),
        }
        title = f"{_('Signing')}: {agreement.label}"
    return render_pdf("pdf/avtaler_signing.html", context, title=title, language=LANGUAGE,
                      stylesheet="pdf/avtaler.css")  # fmt: skip


def render_version_pdf(version):
    """A version's Markdown text, its fixed labels in the version's own language."""
    language = version.language
    agreement = version.agreement
    with translation.override(language):
        context = {
            "label": agreement.label,
            "agreement_title": agreement.title,
            "version": _version_line(version),
            "is_draft": not version.is_public,
            "text": render_markdown(version.text),
            "change_summary": version.change_summary,
        }
    return render_pdf("pdf/avtaler_version.html", context, title=agreement.title,
                      language=language, stylesheet="pdf/avtaler.css")  # fmt: skip
