"""Decisions and what they caused, both ways, as each reader may see them (DOMAIN.md §3).

A case links to what its decision caused, and each of those links back to the case
("Vedteke i SSU 05/26"). The relations live on the models they describe:

    handlingsplan.Measure.cases          ↔ AgendaItem.measures
    avtaler.Version.approved_in          ↔ AgendaItem.approved_agreement_versions
    avtaler.Version.sent_in              ↔ AgendaItem.agreement_versions_sent
    avtaler.WorkingGroup.set_up_in       ↔ AgendaItem.working_groups_set_up
    avtaler.WorkingGroup.changed_in      ↔ AgendaItem.working_groups_changed
    samarbeid.Body.established_in        ↔ AgendaItem.bodies_established
    moter.FollowUp.item                  ↔ AgendaItem.follow_ups
"""

from django.db.models import Q
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samarbeid.access import can_read_internal


def case_is_readable(user, item):
    """May `user` open the case's page? The rule of `views.case_detail`: the body's members
    and the secretariat always, everybody else once the minutes are published.
    `item.meeting.body` should be loaded (select_related) so this costs no query."""
    from moter.models import Meeting

    meeting = item.meeting
    return meeting.status == Meeting.Status.PUBLISHED or can_read_internal(user, meeting.body)


def meeting_is_readable(user, meeting):
    """May `user` open the meeting's page (no query when `meeting.body` is loaded)?"""
    from moter.models import Meeting

    return meeting.status == Meeting.Status.PUBLISHED or can_read_internal(user, meeting.body)


def case_label(item):
    """“SSU 05/26”: the body and the number, never the title (it may be exempt)."""
    return f"{item.meeting.body} {item.number}"


PHRASES = {
    "decided": lambda: _("Decided in %(case)s"),
    "approved": lambda: _("Approved in %(case)s"),
    "sent": lambda: _("Sent for signing in %(case)s"),
    "changed": lambda: _("Changed in %(case)s"),
    "set_up": lambda: _("Set up in %(case)s"),
}


def decided_in_html(user, item, phrase="decided"):
    """“Vedteke i <a>SSU 05/26</a>”; the number without a link for a reader who may not
    open the case."""
    label = case_label(item)
    if case_is_readable(user, item):
        case = format_html('<a class="ds-link" href="{}">{}</a>', item.get_absolute_url(), label)
    else:
        case = conditional_escape(label)
    text = mark_safe(conditional_escape(PHRASES[phrase]()) % {"case": case})  # both escaped
    return format_html('<span class="decided-in">{}</span>', text)


def caused_by(item, user, *, withheld):
    """What the decision in `item` caused, as `user` may see it: five queries.

    `withheld`: the reader sees the case as the public sees an exempt one; then only the
    objects that are public anyway are listed (no follow-ups, whose text is the decision's).
    """
    from avtaler.models import Version, WorkingGroup
    from handlingsplan.models import Plan

    measures = item.measures.filter(area__plan__in=Plan.objects.visible_to(user)).select_related(
        "area__plan"
    )
    versions = list(
        Version.objects.visible_to(user)
        .filter(Q(approved_in=item) | Q(sent_in=item))
        .select_related("agreement")
        .order_by("agreement__order", "agreement__label", "-pk")
    )
    groups = list(
        WorkingGroup.objects.filter(Q(set_up_in=item) | Q(changed_in=item))
        .select_related("body")
        .distinct()
    )
    follow_ups = []
    if not withheld:
        follow_ups = list(
            item.follow_ups.select_related(
                "owner_body", "owner_organisation", "due_meeting__body", "closed_by__meeting__body"
            )
        )
        for follow_up in follow_ups:
            due = follow_up.due_meeting
            follow_up.due_meeting_readable = due is not None and meeting_is_readable(user, due)
            closed = follow_up.closed_by
            follow_up.closed_by_readable = closed is not None and case_is_readable(user, closed)
    return {
        "measures": list(measures),
        "versions": [(v, v.approved_in_id == item.pk, v.sent_in_id == item.pk) for v in versions],
        "groups_set_up": [g for g in groups if g.set_up_in_id == item.pk],
        "groups_changed": [g for g in groups if g.set_up_in_id != item.pk],
        "bodies": list(item.bodies_established.all()),
        "follow_ups": follow_ups,
    }
