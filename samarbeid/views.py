from itertools import groupby

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from samarbeid.access import can_read_internal
from samarbeid.models import Body, Membership, Organisation, grouped_members


@require_safe
def front(request):
    bodies = Body.objects.current().filter(
        kind__in=[Body.Kind.PARTNERSHIP, Body.Kind.SSU, Body.Kind.OU]
    )
    return render(request, "samarbeid/front.html", {"bodies": bodies})


@require_safe
def body_list(request):
    bodies = Body.objects.current().select_related("parent")
    kinds = dict(Body.Kind.choices)
    sections = [
        (kinds[kind], list(rows))
        for kind, rows in groupby(
            sorted(bodies, key=lambda b: (Body.Kind.values.index(b.kind), b.order, b.name)),
            key=lambda b: b.kind,
        )
    ]
    return render(request, "samarbeid/body_list.html", {"sections": sections})


@require_safe
def body_detail(request, slug):
    body = get_object_or_404(
        # The deciding case, for a body or a working group, with what its link needs.
        Body.objects.select_related(
            "parent", "established_in__meeting__body", "working_group__set_up_in__meeting__body"
        ),
        slug=slug,
    )
    show_private = can_read_internal(request.user, body)
    members = Membership.objects.for_body_page(body)
    groups = grouped_members(members)
    children = body.children.current()
    return render(
        request,
        "samarbeid/body_detail.html",
        {"body": body, "groups": groups, "show_private": show_private, "children": children},
    )


@require_safe
def organisation_list(request):
    """Organisations grouped by kind; municipalities further by area committee."""
    orgs = Organisation.objects.current().select_related("area_committee")
    kinds = dict(Organisation.Kind.choices)
    sections = []
    for kind, rows in groupby(
        sorted(orgs, key=lambda o: (Organisation.Kind.values.index(o.kind), o.short_name)),
        key=lambda o: o.kind,
    ):
        rows = list(rows)
        if kind == Organisation.Kind.MUNICIPALITY:
            areas = groupby(
                sorted(rows, key=lambda o: (_area_order(o), o.short_name)),
                key=lambda o: o.area_committee,
            )
            sections.append((kinds[kind], [(area, list(items)) for area, items in areas]))
        else:
            sections.append((kinds[kind], [(None, rows)]))
    return render(request, "samarbeid/organisation_list.html", {"sections": sections})


def _area_order(org):
    area = org.area_committee
    return (area is None, area.order if area else 0, area.name if area else "")


@require_safe
def accessibility(request):
    return render(request, "samarbeid/accessibility.html")
