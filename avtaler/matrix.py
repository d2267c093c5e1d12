"""The signing matrix: agreements as rows, parties as columns, a signing status in each cell.

Plain data, so the page and the PDF print the same thing. Each row follows the agreement's
`signing_version`: the version out for signing if there is one (that is what the secretariat
chases), else the version in force.
"""

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from avtaler.models import Signature
from samarbeid.models import Organisation

S = Signature.Status
# Cell kinds besides the signing statuses.
NOT_PARTY = "ikkje_part"
NOT_RECORDED = "ikkje_registrert"


def party_columns(parties):
    """[(group title, [party, …])]: municipalities by area committee, then the hospitals."""
    groups = {}
    for party in parties:
        if party.kind == Organisation.Kind.MUNICIPALITY and party.area_committee:
            key = (0, party.area_committee.order, party.area_committee.short_name)
            title = party.area_committee.short_name or party.area_committee.name
        else:
            key, title = (1, 0, ""), _("Hospitals")
        groups.setdefault(key, (title, []))[1].append(party)
    return [
        (title, sorted(rows, key=lambda p: p.short_name)) for _key, (title, rows) in sorted(
            groups.items()
        )
    ]  # fmt: skip


def short_date(day):
    return date_format(day, "d.m.y")


def signed_date(row):
    """When a party signed, in full: "1. april 2026", "date unknown", or "" if not signed."""
    if row.status != S.SIGNED:
        return ""
    return date_format(row.signed_on) if row.signed_on else _("date unknown")


def short_labels():
    """What a cell shows for each kind: short, so 24 parties fit across a page."""
    return {
        S.SENT: _("Sent"),
        S.IN_PROCESS: _("Handling"),
        S.DECLINED: _("Declined"),
        S.NOT_APPLICABLE: _("N/A"),
        S.NOT_SENT: _("Not sent"),
        NOT_RECORDED: "–",
        NOT_PARTY: "",
    }


def cell(agreement, party, row, short):
    """{kind, text, label, note} for one agreement × party; `label` says it in full."""
    if row is not None:
        label = row.get_status_display()
        if row.status != S.SIGNED:
            text = short[row.status]
        elif row.signed_on:
            text = short_date(row.signed_on)
        else:
            text, label = _("Signed"), _("Signed, date unknown")
        return {"kind": row.status, "text": text, "note": row.note, "label": label}
    kind = NOT_RECORDED if agreement.is_party(party) else NOT_PARTY
    label = _("No signing recorded") if kind == NOT_RECORDED else _("Not a party")
    return {"kind": kind, "text": short[kind], "note": "", "label": label}


def build(agreements, parties):
    """The matrix as plain data: columns, rows and the counts of the legend."""
    columns = party_columns(parties)
    ordered = [p for _title, group in columns for p in group]
    rows, totals, short = [], {}, short_labels()
    for agreement in agreements:
        version = agreement.signing_version
        by_party = {r.party_id: r for r in version.signatures.all()}
        cells = [cell(agreement, p, by_party.get(p.pk), short) for p in ordered]
        for c in cells:
            totals[c["kind"]] = totals.get(c["kind"], 0) + 1
        rows.append({"agreement": agreement, "version": version, "cells": cells})
    return {"columns": columns, "parties": ordered, "rows": rows, "legend": legend(totals)}


def cells_html(cells):
    """A row's cells as the page's HTML, built here: 24 parties × 50 agreements through the
    template's loop were most of the page's time. The same markup as `cell` data says: the
    short text for the eye, the full label (and the note) for a screen reader."""
    return mark_safe("".join(_cell_html(c) for c in cells))


def _cell_html(c):
    note, text = escape(c["note"]), escape(c["text"])
    title = f' title="{note}"' if note else ""
    spoken = escape(c["label"]) + (f" {text}" if c["kind"] == S.SIGNED else "")
    spoken += f" ({note})" if note else ""
    star = "*" if note else ""
    return (
        f'<td class="cell cell--{escape(c["kind"])}"{title}><span aria-hidden="true">{text}'
        f'{star}</span><span class="ds-sr-only">{spoken}</span></td>'
    )


def legend(totals):
    """[(kind, short, label, explanation, count)] for each kind a cell can have."""
    explain = {
        S.SIGNED: _("Signed; the cell shows the date."),
        S.SENT: _("Sent to the party; no answer yet."),
        S.IN_PROCESS: _("The party is handling it."),
        S.DECLINED: _("The party declined to sign."),
        S.NOT_APPLICABLE: _("Does not apply to the party."),
        S.NOT_SENT: _("Not sent to the party yet."),
        NOT_RECORDED: _("A party, but no signing recorded in the register."),
        NOT_PARTY: _("Not a party to this agreement."),
    }
    labels = dict(S.choices) | {NOT_RECORDED: _("No signing recorded"),
                                NOT_PARTY: _("Not a party")}  # fmt: skip
    short = short_labels() | {S.SIGNED: _("date")}
    return [(k, short[k], labels[k], explain[k], totals.get(k, 0)) for k in explain]


def signing_groups(version, parties_in_order=None):
    """The per-agreement answer: [(kind, heading, [rows])] – signed, not heard from, …"""
    rows = list(version.signatures.all()) if version else []
    if not rows:
        return []  # no signing recorded: the pages say so instead of "Signed (0)"
    rows.sort(key=lambda r: r.party.short_name)
    heads = [
        ("signed", _("Signed"), [S.SIGNED]),
        ("outstanding", _("Not heard from yet"), [S.SENT, S.IN_PROCESS]),
        ("declined", _("Declined"), [S.DECLINED]),
        ("not_sent", _("Not sent yet"), [S.NOT_SENT]),
        ("not_applicable", _("Not applicable"), [S.NOT_APPLICABLE]),
    ]
    return [(kind, heading, [r for r in rows if r.status in statuses])
            for kind, heading, statuses in heads]  # fmt: skip
