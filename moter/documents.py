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
from samarbeid.pdf import render_pdf
from samarbeid.privacy import name_is_shown, presenter_label, role_of, shown_name


def meeting_time(meeting):
    """'Onsdag 11. mars 2026, kl. 09–12' in the active language."""
    start = timezone.localtime(meeting.starts_at)
    day = capfirst(formats.date_format(start, "l j. F Y"))
    times = _clock(start)
    if meeting.ends_at:
        times = f"{times}–{_clock(timezone.localtime(meeting.ends_at))}"
    return _("%(day)s, at %(times)s") % {"day": day, "times": times}


def _clock(moment):
    return f"{moment:%H}" if moment.minute == 0 else f"{moment:%H.%M}"


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
    if meeting.referent_id:
        return person_label(meeting.referent, None, public=public)
    if meeting.referent_body_id:
        body = meeting.referent_body
        return f"{body.name} ({body.short_name})" if body.short_name else body.name
    return ""


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


def item_context(item, *, public, seats=None):
    """One case as plain data; an exempt case in public mode keeps only what may be shown.

    `seats` ({person id: seat at the meeting}) names private persons by their role; without
    it, the seats of the case's dissenters are looked up when needed.
    """
    base = {
        "number": item.number,
        "url": item.get_absolute_url(),
        "kind": item.get_kind_display(),
        "is_exempt": item.is_exempt,
        "legal_basis": item.legal_basis,
        "postponed_to": str(item.postponed_to) if item.postponed_to_id else "",
        "postponed_from": item.postponed_from.number if item.postponed_from_id else "",
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
                "reason": e.text,
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


def minutes_context(meeting, *, public):
    """Everything a page or PDF of the meeting prints, in the meeting's language."""
    with translation.override(meeting.language):
        rows = attendance_rows(meeting)
        seats = {row.person_id: row.seat for row in rows}
        present, absent = attendance_groups(meeting, public=public, rows=rows)
        return {
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
                item_context(item, public=public, seats=seats)
                for item in meeting.items.for_meeting_page().order_by("order", "sequence")
            ],
        }


def _title(meeting, kind):
    with translation.override(meeting.language):
        return f"{kind()} – {meeting.body} {_('meeting')} {meeting.label}"


def render_minutes(meeting, *, public=True):
    return render_pdf(
        "pdf/minutes.html",
        {"doc": minutes_context(meeting, public=public)},
        title=_title(meeting, lambda: _("Minutes")),
        language=meeting.language,
    )


def render_notice(meeting):
    return render_pdf(
        "pdf/notice.html",
        {"doc": minutes_context(meeting, public=True)},
        title=_title(meeting, lambda: _("Notice")),
        language=meeting.language,
    )


def render_public_minutes(meeting):
    """The public page's minutes as HTML, frozen into the published version."""
    with translation.override(meeting.language):
        return render_to_string(
            "moter/_minutes.html", {"doc": minutes_context(meeting, public=True), "heading": 2}
        )
