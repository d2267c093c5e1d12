from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from avtaler import matrix
from avtaler.filters import MatrixFilter, RegisterFilter
from avtaler.models import (
    Agreement,
    RequiredSeat,
    Signature,
    Version,
    WorkingGroup,
    parties_now,
)
from avtaler.pdf import render_matrix_pdf, render_signing_pdf, render_version_pdf
from handlingsplan.models import Plan
from moter.models import AgendaItem
from samarbeid.access import can_read_internal, is_editor
from samarbeid.files import file_response
from samarbeid.models import Body, Membership, Organisation, grouped_members
from samarbeid.pagecache import public_parts
from samarbeid.pdf import pdf_response


def get_agreement_or_404(request, slug):
    """The agreement, if `request.user` may see it (else 404)."""
    agreements = Agreement.objects.visible_to(request.user).select_related(
        "parent", "responsible_body", "working_group"
    )
    return get_object_or_404(agreements, slug=slug)


def get_version_or_404(request, agreement, pk):
    versions = Version.objects.visible_to(request.user).select_related(
        "approved_in__meeting__body", "sent_in__meeting__body"
    )
    return get_object_or_404(versions, agreement=agreement, pk=pk)


def filtered(filterset, queryset):
    """The filtered queryset, or the whole one when a choice is invalid (the form says why)."""
    if filterset.is_bound and filterset.is_valid():
        return filterset.qs
    return queryset


@require_safe
def index(request):
    """The public register: every agreement the reader may see, with its version in force."""
    agreements = Agreement.objects.visible_to(request.user).for_register(request.user)
    filterset = RegisterFilter(request.GET or None, agreements, user=request.user)
    rows = []
    for agreement in filtered(filterset, agreements):
        versions = agreement.visible_versions
        in_force = next((v for v in versions if v.status == Version.Status.IN_FORCE), None)
        rows.append({"agreement": agreement, "in_force": in_force,
                     "newest": versions[0] if versions else None})  # fmt: skip
    return render(request, "avtaler/index.html", {"rows": rows, "filter": filterset})


@require_safe
def agreement_detail(request, slug):
    agreement = get_agreement_or_404(request, slug)
    versions = list(
        Version.objects.visible_to(request.user)
        .filter(agreement=agreement)
        .select_related("approved_in__meeting__body", "replaces")
        .order_by("-pk")
    )
    in_force = next((v for v in versions if v.status == Version.Status.IN_FORCE), None)
    signing = agreement.signing_version
    children = Agreement.objects.visible_to(request.user).filter(parent=agreement)
    return render(
        request,
        "avtaler/agreement_detail.html",
        {
            "agreement": agreement,
            "versions": versions,
            "in_force": in_force,
            "signing": signing,
            "groups": matrix.signing_groups(_with_rows(signing)) if signing else [],
            "children": children,
            "topics": agreement.topics.all(),
            "parties": agreement.party_list()
            if agreement.parties_rule != Agreement.Parties.ALL
            else None,
            "measures": agreement.measures.filter(
                area__plan__in=Plan.objects.visible_to(request.user)
            ).select_related("area__plan"),
            "can_read_internal": can_read_internal(request.user, agreement.responsible_body),
        },
    )


def _with_rows(version):
    """`version` with its signing rows and their parties loaded (one query)."""
    if version is not None:
        rows = Signature.objects.filter(version=version).select_related("party")
        version._prefetched_objects_cache = {"signatures": rows}
    return version


@require_safe
def version_detail(request, slug, pk):
    agreement = get_agreement_or_404(request, slug)
    version = get_version_or_404(request, agreement, pk)
    return render(request, "avtaler/version_detail.html",
                  {"agreement": agreement, "version": version})  # fmt: skip


@require_safe
def version_pdf(request, slug, pk):
    agreement = get_agreement_or_404(request, slug)
    version = get_version_or_404(request, agreement, pk)
    if not version.text.strip():
        raise Http404("This version has no text to print.")
    return pdf_response(
        render_version_pdf(version), f"{agreement.slug}-{version.pk}.pdf", public=version.is_public
    )


@require_safe
def version_document(request, slug, pk):
    """The version's uploaded document, wherever its page is visible to the reader."""
    agreement = get_agreement_or_404(request, slug)
    version = get_version_or_404(request, agreement, pk)
    if not version.document:
        raise Http404("This version has no document.")
    return file_response(version.document, version.download_name(), public=version.is_public)


@require_safe
def signing(request, slug):
    """Who has signed the agreement's current version, and who have we not heard from."""
    agreement = get_agreement_or_404(request, slug)
    version = _with_rows(agreement.signing_version)
    if version is None:
        raise Http404("The agreement has not been sent for signing.")
    return render(
        request,
        "avtaler/signing.html",
        {"agreement": agreement, "version": version, "groups": matrix.signing_groups(version)},
    )


@require_safe
def signing_pdf(request, slug):
    agreement = get_agreement_or_404(request, slug)
    version = _with_rows(agreement.signing_version)
    if version is None:
        raise Http404("The agreement has not been sent for signing.")
    return pdf_response(render_signing_pdf(agreement, version), f"signering-{agreement.slug}.pdf")


def matrix_query(request):
    """(filterset, agreements to show, parties) for the matrix page and its PDF."""
    agreements = Agreement.objects.visible_to(request.user).for_matrix()
    filterset = MatrixFilter(request.GET or None, agreements)
    parties = parties_now().select_related("area_committee")
    return filterset, filtered(filterset, agreements), parties


# What the signing matrix shows (the parties by area committee): a change to any of these
# makes a new copy for the public (samarbeid/pagecache.py).
MATRIX_SOURCES = (Agreement, Version, Signature, Organisation, Body, Agreement.parties.through)


@require_safe
def signing_matrix(request):
    parts = public_parts(request, MATRIX_SOURCES, lambda: signing_matrix_parts(request))
    return render(request, "avtaler/matrix.html", parts)


def signing_matrix_parts(request):
    filterset, agreements, parties = matrix_query(request)
    query = request.GET.urlencode() if not filterset.errors else ""
    data = matrix.build(agreements, parties)
    for row in data["rows"]:
        row["cells_html"] = matrix.cells_html(row["cells"])
    context = {"filter": filterset, "query": query, **data}
    return {"content": render_to_string("avtaler/matrix.html#content", context, request)}


@require_safe
def signing_matrix_pdf(request):
    filterset, agreements, parties = matrix_query(request)
    if filterset.errors:
        messages.error(request, " ".join(e for errs in filterset.errors.values() for e in errs))
        return redirect("avtaler:matrix")
    return pdf_response(render_matrix_pdf(agreements, parties), "signering-avtalar.pdf")


@require_safe
def group_list(request):
    groups = WorkingGroup.objects.select_related("body", "reports_to", "set_up_in__meeting")
    return render(request, "avtaler/group_list.html", {"groups": groups})


@require_safe
def group_detail(request, slug):
    group = get_object_or_404(
        WorkingGroup.objects.select_related(
            "body", "reports_to", "set_up_in__meeting__body", "delivers_agreement",
            "delivers_version__agreement", "delivers_measure__area__plan",
        ).prefetch_related(
            "caps", Prefetch("required_seats", queryset=RequiredSeat.objects.select_related("filled_by")),
            # the later cases that changed the group, with what their links need
            Prefetch("changed_in", queryset=AgendaItem.objects.select_related("meeting__body")),
        ),
        body__slug=slug,
    )  # fmt: skip
    seats = group.seats()
    caps, uncapped = group.composition(seats)
    members = Membership.objects.for_body_page(group.body)
    return render(
        request,
        "avtaler/group_detail.html",
        {
            "group": group,
            # What the group delivers, where the reader may open it (not a draft's page).
            "delivers_version": group.delivers_version
            if group.delivers_version_id
            and Version.objects.visible_to(request.user)
            .filter(pk=group.delivers_version_id)
            .exists()
            else None,
            "delivers_measure": group.delivers_measure
            if group.delivers_measure_id
            and Plan.objects.visible_to(request.user)
            .filter(pk=group.delivers_measure.area.plan_id)
            .exists()
            else None,
            # (cap, seats taken, open seats as a range to loop over)
            "caps": [(cap, rows, range(max(cap.max_seats - len(rows), 0))) for cap, rows in caps],
            "uncapped": uncapped,
            "members": grouped_members(members),
            "show_private": can_read_internal(request.user, group.body),
            "can_edit": is_editor(request.user),
        },
    )
