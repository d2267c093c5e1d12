from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_safe

from moter.documents import item_context, minutes_context
from moter.feeds import calendar_bodies
from moter.filters import MeetingFilter
from moter.links import caused_by
from moter.models import AgendaItem, Meeting, MeetingDocument
from samarbeid.access import can_read_internal, is_editor
from samarbeid.files import file_response
from samarbeid.models import Body
from samarbeid.pagecache import public_parts
from samarbeid.pdf import pdf_response

# What the public meeting pages and the meetings list show (the public page of a meeting is
# frozen at publishing; a withdrawn version changes its document row): a change to any of
# these makes a new copy for the public (samarbeid/pagecache.py).
MEETING_SOURCES = (Meeting, AgendaItem, Body, (MeetingDocument, "withdrawn_at"))


def get_meeting_or_404(request, body, year, number, *, notice=False):
    """The meeting, if this reader may see it; 404 for everyone else (no hint it exists).

    With `notice`, also a meeting whose notice is issued: its public notice is for everyone.
    """
    meetings = Meeting.objects.visible_to(request.user)
    if notice:
        meetings = meetings | Meeting.objects.filter(notice_issued_at__isnull=False)
    meetings = meetings.select_related(
        "body", "chair", "referent", "referent_body", "approved_in__meeting__body"
    )
    return get_object_or_404(meetings, body__slug=body, year=year, number=number)


@require_safe
def index(request):
    parts = public_parts(request, MEETING_SOURCES, lambda: meetings_list_parts(request))
    return render(request, "moter/index.html", parts)


def meetings_list_parts(request):
    """The list's content: the filter, a page of meetings, the calendars to subscribe to."""
    meetings = (
        Meeting.objects.visible_to(request.user).select_related("body").order_by("-starts_at")
    )
    filterset = MeetingFilter(request.GET or None, queryset=meetings, user=request.user)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else meetings
    if filterset.is_bound and not filterset.is_valid():
        rows = meetings.none()
    page = Paginator(rows, 20).get_page(request.GET.get("side"))
    context = {"filter": filterset, "page": page, "calendar_bodies": calendar_bodies()}
    return {"content": render_to_string("moter/index.html#content", context, request)}


@require_safe
def schedule(request):
    """Møteplan: coming meetings per body (dates and places are public)."""
    meetings = (
        Meeting.objects.upcoming().select_related("body").order_by("body__order", "starts_at")
    )
    context = {"meetings": meetings, "calendar_bodies": calendar_bodies()}
    return render(request, "moter/schedule.html", context)


@require_safe
def meeting_detail(request, body, year, number):
    parts = public_parts(
        request, MEETING_SOURCES, lambda: meeting_page_parts(request, body, year, number)
    )
    return render(request, "moter/meeting_detail.html", parts)


def meeting_page_parts(request, body, year, number):
    """The meeting page's title and content: for the public the frozen page of the newest
    version still served; for the body's members and the secretariat the live minutes."""
    meeting = get_meeting_or_404(request, body, year, number, notice=True)
    internal = can_read_internal(request.user, meeting.body)
    documents = list(meeting.documents.order_by("kind", "-version"))
    minutes = [d for d in documents if d.kind == MeetingDocument.Kind.MINUTES]
    published = [d for d in minutes if d.withdrawn_at is None]
    context = {
        "meeting": meeting,
        "internal": internal,
        "can_edit": is_editor(request.user),
        "published": published,
        "withdrawn": [d for d in minutes if d.withdrawn_at is not None],
        "notices": [
            d for d in documents if d.kind == MeetingDocument.Kind.NOTICE and not d.withdrawn_at
        ],
    }
    context["notice"] = context["notices"][0] if context["notices"] else None
    if internal:
        context["doc"] = minutes_context(meeting, public=False)
        context["case_links"] = True  # the body's readers open every case page
    else:
        # The frozen public page of the newest version still served; before it, once the
        # notice is out, the public notice: the agenda as the notice PDF prints it.
        context["snapshot"] = published[0].html if published else ""
        if not published and meeting.notice_issued_at:
            context["public_agenda"] = list(meeting.items.order_by("order", "sequence"))
    content = render_to_string("moter/meeting_detail.html#content", context, request)
    return {"title": str(meeting), "content": content}


def get_case_or_404(request, body, year, sequence, cases=AgendaItem.objects):
    """(case, internal): the case, if the reader may open its page; 404 for everyone else.

    The body's members and the secretariat read every case; the public only those of
    published meetings (while a new version of the minutes is being prepared, the meeting
    page shows version 1 and the case pages are closed).
    """
    item = get_object_or_404(
        cases.select_related("meeting__body"), body__slug=body, year=year, sequence=sequence
    )
    internal = can_read_internal(request.user, item.meeting.body)
    if not internal and item.meeting.status != Meeting.Status.PUBLISHED:
        raise Http404
    return item, internal


@require_safe
def case_detail(request, body, year, sequence):
    item, internal = get_case_or_404(
        request, body, year, sequence, cases=AgendaItem.objects.for_meeting_page()
    )
    meeting = item.meeting
    with translation.override(meeting.language):  # the minutes' own words, as in the PDF
        shown = item_context(item, public=not internal)
    caused = caused_by(item, request.user, withheld=shown["withheld"])
    context = {"meeting": meeting, "item": shown, "caused": caused, "case": item,
               "can_edit": is_editor(request.user)}  # fmt: skip
    return render(request, "moter/case_detail.html", context)


@require_safe
def case_paper(request, body, year, sequence, pk):
    """A case paper, for whoever may read the case's text: an exempt case's papers only for
    the body's members and the secretariat, as its page shows them."""
    item, internal = get_case_or_404(request, body, year, sequence)
    if item.is_exempt and not internal:
        raise Http404
    paper = get_object_or_404(item.attachments, pk=pk)
    public = item.meeting.status == Meeting.Status.PUBLISHED and not item.is_exempt
    return file_response(paper.file, paper.download_name(), public=public)


@require_safe
def minutes_pdf(request, body, year, number, version):
    meeting = get_meeting_or_404(request, body, year, number)
    document = get_object_or_404(
        meeting.documents, kind=MeetingDocument.Kind.MINUTES, version=version
    )
    if document.withdrawn_at is not None:
        return render(
            request,
            "moter/withdrawn.html",
            {"meeting": meeting, "document": document, "current": meeting.published_minutes()},
            status=410,
        )
    # Published minutes are public (the public text), as is everything of a published meeting.
    return _file(
        document, f"referat-{meeting.body.slug}-{meeting.number}-{meeting.year}-v{version}.pdf",
        public=True,
    )  # fmt: skip


@require_safe
def notice_pdf(request, body, year, number, version=None):
    """The newest notice; earlier versions (`version`) for the body's members only.

    While a case's public access has changed and the notice is being made again, readers
    outside the body get a short "try again" page instead of the outdated notice.
    """
    meeting = get_meeting_or_404(request, body, year, number, notice=True)
    internal = can_read_internal(request.user, meeting.body)
    notices = meeting.documents.served().filter(kind=MeetingDocument.Kind.NOTICE)
    if version is not None:
        if not internal:
            raise Http404
        document = notices.filter(version=version).first()
    else:
        document = notices.order_by("-version").first()
    if document is None:
        raise Http404
    if meeting.public_notice_outdated and not internal:
        response = render(request, "moter/notice_outdated.html", {"meeting": meeting}, status=503)
        response["Retry-After"] = "60"
        return response
    # The newest notice is public once issued; earlier versions only for the body.
    public = version is None
    suffix = f"-v{document.version}" if version is not None else ""
    filename = f"innkalling-{meeting.body.slug}-{meeting.number}-{meeting.year}{suffix}.pdf"
    return _file(document, filename, public=public)


@require_safe
def notice_bundle_pdf(request, body, year, number):
    """Innkalling med saksdokument: the newest notice with the open cases' PDF papers
    appended (moter.documents.notice_bundle), for whoever may read the notice. An exempt
    case's papers are never in it."""
    from moter.documents import notice_bundle

    meeting = get_meeting_or_404(request, body, year, number, notice=True)
    internal = can_read_internal(request.user, meeting.body)
    notice = (
        meeting.documents.served()
        .filter(kind=MeetingDocument.Kind.NOTICE)
        .order_by("-version")
        .first()
    )
    if notice is None:
        raise Http404
    if meeting.public_notice_outdated and not internal:
        response = render(request, "moter/notice_outdated.html", {"meeting": meeting}, status=503)
        response["Retry-After"] = "60"
        return response
    with notice.file.open("rb") as handle:
        pdf, _papers = notice_bundle(meeting, handle.read())
    filename = f"innkalling-saksdokument-{meeting.body.slug}-{meeting.number}-{meeting.year}.pdf"
    # Not cached: a paper may be replaced before the meeting.
    return pdf_response(pdf, filename, public=False)


@require_safe
def draft_pdf(request, body, year, number):
    """The minutes as they stand now, for the body's members and the secretariat."""
    from moter.documents import render_minutes

    meeting = get_meeting_or_404(request, body, year, number)
    if not can_read_internal(request.user, meeting.body):
        raise Http404
    # A failure is a page naming the case (samarbeid.middleware.RenderErrorMiddleware); the
    # search for a case no check names would cost several renders: not in a request.
    pdf = render_minutes(meeting, public=False, locate=False)
    filename = f"utkast-{meeting.body.slug}-{meeting.number}-{meeting.year}.pdf"
    return pdf_response(pdf, filename, public=False)


def _file(document, filename, *, public):
    """A stored PDF of our own: shown in the browser, not sniffed, private unless public."""
    response = file_response(document.file, filename, public=public)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response
