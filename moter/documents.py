"""What a meeting's documents say: the context for pages and PDFs, built once, as plain data.

`minutes_context(meeting, public=...)` is the single place that decides what a reader sees:
in public mode an exempt case shows only its number, public title and legal basis, and a
private person's name is replaced by their seat. Pages, the published snapshot and the PDFs
all render from it.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samarbeid.lib import render_markdown
from samarbeid.models import MemberGroup, Membership, member_group
from samarbeid.pdf import RenderError, describe_error, render_pdf
from samarbeid.privacy import name_is_shown, presenter_label, role_of, shown_name
from samarbeid.richtext import too_deep


def meeting_time(meeting):
    """'Onsdag 11. mars 2026, kl. 09–12' in the active language; 'kl. 12.30–15.00' when
    either time has minutes (the same form on both sides of the dash)."""
    moments = [timezone.localtime(meeting.starts_at)]
    if meeting.ends_at:
        moments.append(timezone.localtime(meeting.ends_at))
    day = capfirst(f"{formats.date_format(moments[0], 'l')} {formats.date_format(moments[0])}")
    clock = "%H" if all(moment.minute == 0 for moment in moments) else "%H.%M"
    times = "–".join(moment.strftime(clock) for moment in moments)
    return _("%(day)s, at %(times)s") % {"day": day, "times": times}


def person_label(person, seat, *, public):
    """A person as the minutes name them: 'Eivind Hansen (Helse Bergen)'."""
    if not name_is_shown(person, public=public):
        return role_of(seat)
    org = seat.organisation if seat is not None else person.organisation
    place = seat.area if seat is not None and seat.area_id else None
    parts = [str(place) if place else _organisation_name(org), seat.note if seat else ""]
    where = ", ".join(part for part in parts if part)
    return f"{person.name} ({where})" if where else person.name


def _organisation_name(org):
    """'Bergen kommune' for a municipality, else the short name ('Helse Bergen')."""
    if org is None:
        return ""
    return org.name if org.kind == org.Kind.MUNICIPALITY else org.short_name


def attendance_rows(meeting):
    return list(
        meeting.attendance.select_related(
            "person__organisation", "seat__organisation", "seat__area", "seat__substitute_for",
            "substitute_for", "left_after", "arrived_at",
        ).order_by("person__name")
    )  # fmt: skip


def attendance_groups(meeting, *, public, rows=None):
    """Present people grouped as the seed minutes group them, and the apologies."""
    present, absent = {}, []
    if rows is None:
        rows = attendance_rows(meeting)
    for row in rows:
        label = person_label(row.person, row.seat, public=public)
        extras = []
        if row.substitute_for_id:
            substitute_for = row.substitute_for
            extras.append(
                _("substitute for %(name)s") % {"name": substitute_for.name}
                if name_is_shown(substitute_for, public=public)
                else _("substitute")
            )
        if row.arrived_at_id:
            extras.append(_("came at case %(case)s") % {"case": row.arrived_at.number})
        if row.left_after_id:
            extras.append(_("left after case %(case)s") % {"case": row.left_after.number})
        if extras:
            label = (
                f"{label[:-1]}, {', '.join(extras)})"
                if label.endswith(")")
                else (f"{label} ({', '.join(extras)})")
            )
        if row.status == row.Status.APOLOGIES:
            absent.append(label)
            continue
        if row.status == row.Status.GUEST:
            group = GUESTS
        elif row.seat is not None:
            group = member_group(row.seat)
        else:
            group = MemberGroup.OBSERVERS if row.status == row.Status.OBSERVER else GUESTS
        # A substitute is listed right after the member they stand in for.
        principal = row.substitute_for.name if row.substitute_for_id else row.person.name
        present.setdefault(group, []).append(((principal, bool(row.substitute_for_id)), label))
    order = [*MemberGroup, GUESTS]
    groups = [
        {"label": _group_label(g), "people": [label for _, label in sorted(present[g])]}
        for g in order
        if g in present
    ]
    return groups, absent


GUESTS = "gjester"


def _group_label(group):
    return _("Guests") if group == GUESTS else str(MemberGroup(group).label)


def chair_label(meeting, *, public):
    if not meeting.chair_id:
        return ""
    seat = (
        Membership.objects.current(timezone.localtime(meeting.starts_at).date())
        .filter(body=meeting.body, person=meeting.chair)
        .select_related("organisation", "area")
        .first()
    )
    label = person_label(meeting.chair, seat, public=public)
    if seat and seat.role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR):
        label += f", {seat.get_role_display().lower()} {_('of')} {meeting.body}"
    return label


def referent_label(meeting, *, public):
    """The minute-taker: a person, the body that keeps the minutes, or both."""
    parts = []
    if meeting.referent_id:
        parts.append(person_label(meeting.referent, None, public=public))
    if meeting.referent_body_id:
        body = meeting.referent_body
        parts.append(f"{body.name} ({body.short_name})" if body.short_name else body.name)
    return ", ".join(parts)


def seats_at(meeting_id, people):
    """{person id: their seat at the meeting (or None)} for `people`, from the attendance."""
    from moter.models import Attendance

    ids = {p.pk for p in people}
    if not ids:
        return {}
    rows = Attendance.objects.filter(meeting_id=meeting_id, person_id__in=ids).select_related(
        "seat"
    )
    return {row.person_id: row.seat for row in rows}


def _readable(meeting, public):
    """May this output link to the meeting's case pages? The public reads published ones."""
    from moter.models import Meeting

    return not public or meeting.status == Meeting.Status.PUBLISHED


def postponement(item, *, public, continued=None):
    """Where a postponed case continues, and what a continued case continues: plain data for
    "Utsett til sak 04/27 i møte …" and "Framhald av sak 12/26 (…)". `continued` is the
    continued case when the caller has read it already (else it is looked up)."""
    facts = {"postponed_to": "", "postponed_from": ""}
    if item.postponed_to_id:
        if continued is None:
            continued = item.continued_case()
        to = item.postponed_to
        facts["postponed_to"] = str(to)
        facts["postponed_to_date"] = formats.date_format(timezone.localtime(to.starts_at))
        facts["continued_as"] = continued.number if continued else ""
        facts["continued_url"] = (
            continued.get_absolute_url() if continued and _readable(to, public) else ""
        )
    if item.postponed_from_id:
        earlier = item.postponed_from
        facts["postponed_from"] = earlier.number
        facts["postponed_from_meeting"] = str(earlier.meeting)
        facts["postponed_from_url"] = (
            earlier.get_absolute_url() if _readable(earlier.meeting, public) else ""
        )
    return facts


def item_context(item, *, public, seats=None, continued=None):
    """One case as plain data; an exempt case in public mode keeps only what may be shown.

    `seats` ({person id: seat at the meeting}) names private persons by their role; without
    it, the seats of the case's dissenters are looked up when needed. `continued`: see
    `postponement`.
    """
    base = {
        "number": item.number,
        "url": item.get_absolute_url(),
        "kind": item.get_kind_display(),
        "is_exempt": item.is_exempt,
        "legal_basis": item.legal_basis,
        **postponement(item, public=public, continued=continued),
    }
    if public and item.is_exempt:
        return {**base, "title": item.public_title, "withheld": True}
    entries = list(item.protocol_entries.all())
    if seats is None:
        private = [e.person for e in entries if not name_is_shown(e.person, public=public)]
        seats = seats_at(item.meeting_id, private)
    return {
        **base,
        "withheld": False,
        "title": item.title,
        "brought_by": item.brought_by,
        "presenters": [presenter_label(p, public=public) for p in item.presenters.all()],
        "narrative": render_markdown(item.narrative),
        "summary": render_markdown(item.summary),
        "proposed_decision": render_markdown(item.proposed_decision),
        "decision_label": item.decision_label,
        "decision": render_markdown(item.decision),
        "correction": render_markdown(item.correction),
        "sub_items": [
            {"title": s.title, "text": render_markdown(s.text)} for s in item.sub_items.all()
        ],
        "protocol_entries": [
            {
                "kind": e.get_kind_display(),
                "person": shown_name(e.person, public=public, seat=seats.get(e.person_id)),
                "text": render_markdown(e.text),
            }
            for e in entries
            if e.kind != e.Kind.CONFLICT
        ],
        # Declared conflicts of interest: "X gjekk frå under handsaminga av sak 03/26."
        "conflicts": [
            {
                "left": _("%(person)s left while case %(case)s was dealt with.")
                % {
                    "person": shown_name(e.person, public=public, seat=seats.get(e.person_id)),
                    "case": item.number,
                },
                # The reason could point to a person named only by role: kept for the body.
                "reason": e.text if name_is_shown(e.person, public=public) else "",
            }
            for e in entries
            if e.kind == e.Kind.CONFLICT
        ],
        "attachments": [a.title for a in item.attachments.all()],
        # For the case page: links to the view that serves each paper (not in the PDFs).
        "papers": [
            {
                "title": a.title,
                "url": _paper_url(item, a),
                "type": a.file_type.upper(),
                "size": a.size,
            }
            for a in item.attachments.all()
        ],
    }


def _paper_url(item, attachment):
    # Through the item's meeting, loaded with the page: no query per paper.
    return reverse(
        "moter:case_paper",
        kwargs={"body": item.meeting.body.slug, "year": item.year, "sequence": item.sequence,
                "pk": attachment.pk},
    )  # fmt: skip


def approval_context(meeting):
    """ "Godkjent i sak 20/26 (FSU møte 3/2026)" and the correction recorded then, for
    approved minutes (in the active language); an empty dict before approval."""
    if not meeting.approved_in_id:
        return {}
    case = meeting.approved_in
    return {
        "approved_in": _("Approved in case %(case)s (%(meeting)s)")
        % {"case": case.number, "meeting": f"{case.meeting.body} {_('meeting')} "
                                             f"{case.meeting.label}"},
        "approval_correction": render_markdown(meeting.approval_correction),
    }  # fmt: skip


def continued_cases(items):
    """{postponed case id: its continued case} in one query, and none when nothing on the
    agenda is postponed."""
    from moter.models import AgendaItem

    postponed = [item.pk for item in items if item.postponed_to_id]
    if not postponed:
        return {}
    rows = AgendaItem.objects.filter(postponed_from_id__in=postponed).select_related(
        "meeting__body"
    )
    return {row.postponed_from_id: row for row in rows}


def minutes_context(meeting, *, public):
    """Everything a page or PDF of the meeting prints, in the meeting's language."""
    with translation.override(meeting.language):
        rows = attendance_rows(meeting)
        seats = {row.person_id: row.seat for row in rows}
        present, absent = attendance_groups(meeting, public=public, rows=rows)
        items = list(meeting.items.for_meeting_page().order_by("order", "sequence"))
        continued = continued_cases(items)
        return {
            **approval_context(meeting),
            "body_name": meeting.body.name,
            "body_short": meeting.body.short_name,
            "meeting_label": meeting.label,
            "time": meeting_time(meeting),
            "place": meeting.place,
            "chair": chair_label(meeting, public=public),
            "referent": referent_label(meeting, public=public),
            "present": present,
            "absent": absent,
            "notice_text": render_markdown(meeting.notice_text),
            "items": [
                item_context(item, public=public, seats=seats, continued=continued.get(item.pk))
                for item in items
            ],
        }


def _title(meeting, kind):
    with translation.override(meeting.language):
        return f"{kind()} – {meeting.body} {_('meeting')} {meeting.label}"


def render_minutes(meeting, *, public=True, locate=True):
    """The minutes as PDF/A. A failure is a RenderError naming the case that caused it;
    `locate=False` skips the search for it (a few more renders) when no case is obvious."""
    doc = minutes_context(meeting, public=public)
    title = _title(meeting, lambda: _("Minutes"))
    return _render(meeting, "pdf/minutes.html", doc, title, locate=locate)


def notice_context(meeting):
    """What the notice PDF prints (plain data: two readings compare equal when nothing
    changed; see Meeting.issue_notice)."""
    return minutes_context(meeting, public=True)


def render_notice(meeting, *, doc=None):
    doc = doc if doc is not None else notice_context(meeting)
    return _render(meeting, "pdf/notice.html", doc, _title(meeting, lambda: _("Notice")))


# The parts of a case's context that are rendered Markdown.
RICH_PARTS = ("narrative", "summary", "proposed_decision", "decision", "correction")


def _render(meeting, template, doc, title, *, locate=True):
    """Render a meeting's document; refuse first a case nested too deeply to be printed."""
    with translation.override(meeting.language):
        for item in doc["items"]:
            if problem := _too_deep(item):
                raise RenderError(_case_said(item, problem))
        if problem := too_deep(doc["notice_text"]):
            raise RenderError(_("The notice text: %(problem)s") % {"problem": problem})
    try:
        return render_pdf(template, {"doc": doc}, title=title, language=meeting.language)
    except Exception as error:
        item = _failing_item(template, doc, title, meeting.language) if locate else None
        problem = describe_error(error)
        with translation.override(meeting.language):
            raise RenderError(_case_said(item, problem) if item else problem) from error


def _too_deep(item):
    texts = [item.get(part, "") for part in RICH_PARTS]
    texts += [s["text"] for s in item.get("sub_items", [])]
    texts += [e["text"] for e in item.get("protocol_entries", [])]
    return next((problem for text in texts if (problem := too_deep(text))), "")


def _case_said(item, problem):
    """ "Sak 03/26 Revisjon av tenesteavtale 9: <problem>" in the document's language."""
    return _("Case %(number)s %(title)s: %(problem)s") % {
        "number": item["number"],
        "title": item.get("title") or "",
        "problem": problem,
    }


def _failing_item(template, doc, title, language):
    """The case whose rendering fails on its own while the others render (found by halving
    the agenda), or None when no single case is to blame."""

    def fails(items):
        try:
            render_pdf(template, {"doc": {**doc, "items": items}}, title=title, language=language)
        except Exception:
            return True
        return False

    items = doc["items"]
    while len(items) > 1:
        half = len(items) // 2
        items = items[:half] if fails(items[:half]) else items[half:]
    if not items or not fails(items):
        return None
    others = [item for item in doc["items"] if item is not items[0]]
    return items[0] if not others or not fails(others) else None


def render_public_minutes(meeting, *, doc=None):
    """The public page's minutes as HTML, frozen into the published version."""
    with translation.override(meeting.language):
        return render_to_string(
            "moter/_minutes.html",
            {"doc": doc if doc is not None else minutes_context(meeting, public=True),
             "heading": 2},
        )  # fmt: skip


def render_minutes_and_page(meeting):
    """(PDF, public page) of the minutes, both from one reading of the meeting: the archived
    PDF and the page readers get cannot differ."""
    doc = minutes_context(meeting, public=True)
    pdf = _render(meeting, "pdf/minutes.html", doc, _title(meeting, lambda: _("Minutes")))
    return pdf, render_public_minutes(meeting, doc=doc)


# --- The notice with the case papers ------------------------------------------------------
# The notice PDF itself stays PDF/A (it is the archived document). The case papers are other
# people's files, often not PDF/A: appended to the notice they make a separate download,
# "Innkalling med saksdokument", built when asked for from the stored notice and the papers.
# Only the papers of open cases go in: the bundle is public like the notice.


class BundledPaper:
    """A case paper as the bundle treats it: appended, or listed only (and why)."""

    APPENDED, NOT_PDF, UNREADABLE, EXEMPT = "appended", "not_pdf", "unreadable", "exempt"

    def __init__(self, item, attachment, status):
        self.item, self.attachment, self.status = item, attachment, status

    @property
    def appended(self):
        return self.status == self.APPENDED

    def describe(self):
        return {
            self.APPENDED: _("appended"),
            self.NOT_PDF: _("not appended: only PDF files are (%(type)s)")
            % {"type": (self.attachment.file_type or "?").upper()},
            self.UNREADABLE: _("not appended: the PDF could not be read"),
            self.EXEMPT: _("not appended: the case is exempt from public access"),
        }[self.status]


def bundle_papers(meeting):
    """The meeting's case papers in agenda order, each with whether it goes into the bundle
    (open cases' PDFs only)."""
    from moter.models import Attachment

    papers = Attachment.objects.filter(item__meeting=meeting).select_related("item")
    papers = papers.order_by("item__order", "item__sequence", "order", "pk")
    rows = []
    for paper in papers:
        if paper.item.is_exempt:
            status = BundledPaper.EXEMPT
        elif (paper.file_type or "").lower() != "pdf":
            status = BundledPaper.NOT_PDF
        else:
            status = BundledPaper.APPENDED
        rows.append(BundledPaper(paper.item, paper, status))
    return rows


def notice_bundle(meeting, notice_pdf):
    """(PDF bytes, papers): the notice with the open cases' PDF papers appended, each after a
    page saying which case it belongs to, one bookmark per paper. A paper that cannot be read
    is left out and marked so in `papers`."""
    import io

    from pypdf import PdfReader, PdfWriter

    papers = bundle_papers(meeting)
    readers = []
    for paper in papers:
        if not paper.appended:
            continue
        try:
            with paper.attachment.file.open("rb") as handle:
                reader = PdfReader(io.BytesIO(handle.read()))
            if reader.is_encrypted or not len(reader.pages):
                raise ValueError("locked or empty")
        except Exception:  # a broken or locked file: listed, not appended
            paper.status = BundledPaper.UNREADABLE
            continue
        readers.append((paper, reader))
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(notice_pdf)), outline_item=_title_of_notice(meeting))
    if readers:
        separators = PdfReader(io.BytesIO(_separators(meeting, readers)))
        for index, (paper, reader) in enumerate(readers):
            label = f"{paper.item.number}: {paper.attachment.title}"
            writer.append(separators, pages=(index, index + 1), outline_item=label)
            writer.append(reader)
    writer.add_metadata({"/Title": _title(meeting, lambda: _("Notice with case papers"))})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), papers


def _separators(meeting, readers):
    """One page per appended paper, in the meeting's language, rendered together."""
    with translation.override(meeting.language):
        doc = {
            "heading": _title(meeting, lambda: _("Notice")),
            "papers": [
                {
                    "number": paper.item.number,
                    "case_title": paper.item.title,
                    "title": paper.attachment.title,
                    "pages": len(reader.pages),
                }
                for paper, reader in readers
            ],
        }
    title = _title(meeting, lambda: _("Notice with case papers"))
    return render_pdf("pdf/bundle_separators.html", {"doc": doc}, title=title,
                      language=meeting.language)  # fmt: skip


def _title_of_notice(meeting):
    return _title(meeting, lambda: _("Notice"))
