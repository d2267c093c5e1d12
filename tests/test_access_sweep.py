"""The access sweep: every URL the site has, fetched as every kind of reader.

A small world is built with a unique marker word in every confidential field: an exempt
case, an unpublished meeting, a private person's name, contact data, a draft plan, a draft
agreement version, the working group that delivers them. Every URL pattern in the resolver
gets concrete URLs for those objects (and for the public ones beside them), and each is
fetched as

- the public (anonymous),
- a member of another body,
- a former member of the body,
- a staff login without the secretariat's group,
- a member of the body,
- the secretariat.

The test asserts that no response is a server error, that no marker reaches a reader who
may not see it (pages, PDFs through their text, feeds, search, redirects' targets), and that
the links on a page do not lead the same reader to a 404. A URL pattern without a case here
fails the test: a new page must say who may see it.
"""

import datetime
import re
import shutil
import subprocess

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from avtaler.models import Agreement, Version, WorkingGroup
from handlingsplan.models import Area, Measure, Plan, Status, StatusReport
from medlem.models import AbsenceReport, Subscription
from moter.models import (
    AgendaItem,
    Attachment,
    Attendance,
    FollowUp,
    Meeting,
    Presenter,
    ProtocolEntry,
)
from samarbeid.models import Body, Membership, Person
from tests.dbsnapshot import kept

pytestmark = pytest.mark.django_db(transaction=False)

# --- Markers ------------------------------------------------------------------------------
# Words that survive Markdown, PDF text extraction and full-text search as themselves.
# The body's internal material: its members and the secretariat may read it.
INTERNAL = {
    "exempt_title": "Zqexempttitle",
    "exempt_text": "Zqexempttext",
    "exempt_decision": "Zqexemptdecision",
    "exempt_paper": "Zqexemptpaper",
    "unpublished_title": "Zqunpublishedtitle",
    "unpublished_decision": "Zqunpublisheddecision",
    "follow_up": "Zqfollowupdescription",
    "private_name": "Zqprivatename",
    "private_substitute": "Zqprivatesubstitute",
    "draft_plan": "Zqdraftplan",
    "draft_measure": "Zqdraftmeasure",
    "draft_report": "Zqdraftreport",
    "draft_version": "Zqdraftversion",
    "draft_version_text": "Zqdraftversiontext",
}
# Contact data and notes: only the secretariat, in the admin.
SECRETARIAT = {
    "email": "zqemail",
    "phone": "Zqphone",
}
ALL = {**INTERNAL, **SECRETARIAT}

ROLES = ["anonymous", "other_member", "former_member", "staff_no_group", "member", "secretariat"]
MAY_SEE = {
    "anonymous": set(),
    "other_member": set(),
    "former_member": set(),
    "staff_no_group": set(),
    "member": set(INTERNAL.values()),
    "secretariat": set(ALL.values()),
}


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# --- The world ----------------------------------------------------------------------------


def build_world():
    ssu = Body.objects.create(slug="ssu", name_nn="Strategisk samarbeidsutval",
                              short_name="SSU", kind=Body.Kind.SSU)  # fmt: skip
    ou = Body.objects.create(slug="ou-bergen", name_nn="Områdeutval Bergen",
                             short_name="OU", kind=Body.Kind.OU)  # fmt: skip
    private = Person.objects.create(
        name=f"Pia {INTERNAL['private_name']}", name_is_public=False,
        email=f"{SECRETARIAT['email']}@example.org", phone=SECRETARIAT["phone"],
    )  # fmt: skip
    private_seat = Membership.objects.create(
        person=private, body=ssu, category=Membership.Category.USER_MUNICIPAL
    )
    substitute = Person.objects.create(
        name=f"Siv {INTERNAL['private_substitute']}", name_is_public=False
    )
    public_person = Person.objects.create(name="Ola Offentleg")
    Membership.objects.create(
        person=public_person, body=ssu, category=Membership.Category.MUNICIPAL
    )

    # A published meeting with an open case (a private person presented it and dissented)
    # and an exempt case with a case paper.
    published = Meeting.objects.create(body=ssu, starts_at=at(2026, 3, 11), place="Bergen")
    published.fill_attendance_from_seats()
    open_case = AgendaItem.objects.create(
        meeting=published, title="Open case", decision="Vedteke.", narrative="Tekst."
    )
    Presenter.objects.create(item=open_case, person=private, title="rådgjevar")
    ProtocolEntry.objects.create(
        item=open_case, kind=ProtocolEntry.Kind.DISSENT, person=private, text="Usamd."
    )
    exempt = AgendaItem.objects.create(
        meeting=published, title=INTERNAL["exempt_title"], narrative=INTERNAL["exempt_text"],
        decision=INTERNAL["exempt_decision"], access=AgendaItem.Access.EXEMPT,
        legal_basis="offl. § 13", public_title="Personalsak",
    )  # fmt: skip
    Attachment.objects.create(
        item=exempt, title=INTERNAL["exempt_paper"], file_type="pdf",
        file=ContentFile(b"%PDF-1.7\n%%EOF", name="paper.pdf"),
    )  # fmt: skip
    Attendance.objects.filter(meeting=published, person=private).update(
        status=Attendance.Status.APOLOGIES
    )
    Attendance.objects.create(
        meeting=published, person=substitute, status=Attendance.Status.SUBSTITUTE,
        seat=private_seat, substitute_for=private,
    )  # fmt: skip
    published.issue_notice()
    published.mark_held()
    published.start_minutes()
    published.approve_outside_meeting()
    published.publish()

    # A meeting of the same body with its notice out, not published: its public notice
    # (open case titles) is for everyone, the proposed decision for the body.
    unpublished = Meeting.objects.create(body=ssu, starts_at=at(2026, 5, 6), place="Bergen")
    planned_case = AgendaItem.objects.create(
        meeting=unpublished, title="Sak på innkallinga",
        decision=INTERNAL["unpublished_decision"],
    )  # fmt: skip
    follow_up = FollowUp.objects.create(
        item=planned_case, description=INTERNAL["follow_up"], owner_body=ssu
    )
    unpublished.issue_notice()
    # A meeting still being planned: no notice, so its agenda is the body's alone.
    planned = Meeting.objects.create(body=ssu, starts_at=at(2026, 9, 9), place="Bergen")
    AgendaItem.objects.create(meeting=planned, title=INTERNAL["unpublished_title"])
    # A member's apologies with their substitute called in, and a reader's subscription.
    absence = AbsenceReport.objects.create(
        meeting=unpublished, person=private, substitute=substitute,
        substitute_status=AbsenceReport.SubstituteStatus.PENDING,
    )  # fmt: skip
    subscription = Subscription.objects.create(body=ssu, email="lesar@example.org")

    # A draft plan of the body; an adopted plan with a measure copied from the draft.
    draft_plan = Plan.objects.create(
        title=INTERNAL["draft_plan"], slug="utkast", period_from=2027, period_to=2028,
        adopted_by=ssu, status=Plan.Status.DRAFT,
    )  # fmt: skip
    draft_area = Area.objects.create(plan=draft_plan, number=1, title="Område")
    draft_measure = Measure.objects.create(area=draft_area, title=INTERNAL["draft_measure"])
    StatusReport.objects.create(
        measure=draft_measure, reported_on=datetime.date(2026, 9, 1),
        status=Status.IN_PROGRESS, text=INTERNAL["draft_report"],
    )  # fmt: skip
    plan = Plan.objects.create(
        title="Handlingsplan 2026", slug="plan", period_from=2026, period_to=2027,
        adopted_by=ssu, status=Plan.Status.ADOPTED,
    )  # fmt: skip
    area = Area.objects.create(plan=plan, number=1, title="Samhandling")
    measure = Measure.objects.create(area=area, title="Open measure")
    Measure.objects.filter(pk=measure.pk).update(carried_from=draft_measure)
    measure.cases.add(open_case)

    # An agreement in force with a draft version on the way; it names the draft measure.
    agreement = Agreement.objects.create(
        slug="ta-1", label="Tenesteavtale 1", title_nn="Samarbeid", responsible_body=ssu,
        level=Agreement.Level.SERVICE,
    )  # fmt: skip
    Version.objects.create(
        agreement=agreement, label="2020", status=Version.Status.IN_FORCE, text="Avtaletekst.",
        valid_from=datetime.date(2020, 1, 1),
    )  # fmt: skip
    draft_version = Version.objects.create(
        agreement=agreement, label=INTERNAL["draft_version"], status=Version.Status.DRAFT,
        text=INTERNAL["draft_version_text"],
    )  # fmt: skip
    agreement.measures.add(draft_measure)

    # A working group that is to deliver the draft measure and the draft version.
    group_body = Body.objects.create(slug="ag-test", name_nn="Arbeidsgruppe test",
                                     kind=Body.Kind.WORKING_GROUP, parent=ssu)  # fmt: skip
    WorkingGroup.objects.create(
        body=group_body, reports_to=ssu, delivers_measure=draft_measure,
        delivers_version=draft_version, delivers_agreement=agreement, set_up_in=open_case,
    )  # fmt: skip

    # The readers.
    def user(name, **fields):
        return User.objects.create_user(name, password="pw", **fields)

    member = user("member")
    Person.objects.create(name="Mona Medlem", user=member).memberships.create(
        body=ssu, category=Membership.Category.MUNICIPAL
    )
    other = user("other")
    Person.objects.create(name="Otto Annan", user=other).memberships.create(
        body=ou, category=Membership.Category.MUNICIPAL
    )
    former = user("former")
    Person.objects.create(name="Frida Før", user=former).memberships.create(
        body=ssu, category=Membership.Category.MUNICIPAL,
        start=datetime.date(2020, 1, 1), end=datetime.date(2021, 12, 31),
    )  # fmt: skip
    staff = user("staff", is_staff=True)
    secretariat = user("secretariat", is_staff=True)
    from django.contrib.auth.models import Group

    from samarbeid.access import EDITORS

    secretariat.groups.add(Group.objects.get(name=EDITORS))

    return {
        "ssu": ssu, "ou": ou, "group_body": group_body, "published": published,
        "unpublished": unpublished, "planned": planned, "absence": absence,
        "subscription": subscription, "open_case": open_case, "exempt": exempt,
        "planned_case": planned_case, "follow_up": follow_up, "draft_plan": draft_plan,
        "draft_measure": draft_measure, "plan": plan, "measure": measure,
        "agreement": agreement, "draft_version": draft_version,
        "in_force": agreement.versions.get(status=Version.Status.IN_FORCE),
        "users": {"member": member, "other_member": other, "former_member": former,
                  "staff_no_group": staff, "secretariat": secretariat},
    }  # fmt: skip


# --- Concrete URLs for every pattern --------------------------------------------------------


def meeting_kwargs(meeting):
    return {"body": meeting.body.slug, "year": meeting.year, "number": meeting.number}


def case_kwargs(item):
    return {"body": item.meeting.body.slug, "year": item.year, "sequence": item.sequence}


def site_cases(w):
    """{url name: [URL, …]} for every named pattern outside the admin."""
    pub, unpub = w["published"], w["unpublished"]
    plans = [w["plan"], w["draft_plan"]]
    cases = [w["open_case"], w["exempt"], w["planned_case"]]
    versions = [w["in_force"], w["draft_version"]]
    a = w["agreement"].slug
    r = reverse
    search = [r("sok:search")] + [f"{r('sok:search')}?q={m}" for m in ALL.values()]
    return {
        "front": [r("front")],
        "body_list": [r("body_list")],
        "body": [r("body", args=[b.slug]) for b in (w["ssu"], w["ou"], w["group_body"])],
        "organisation_list": [r("organisation_list")],
        "accessibility": [r("accessibility")],
        "login": [r("login")],
        "logout": [r("logout")],
        "set_language": [r("set_language")],
        "moter:index": [r("moter:index"), f"{r('moter:index')}?status=innkalla"],
        "moter:schedule": [r("moter:schedule")],
        "moter:register": [r("moter:register"), f"{r('moter:register')}?q=Zq"],
        "moter:calendar": [r("moter:calendar")],
        "moter:body_calendar": [r("moter:body_calendar", args=["ssu"])],
        "moter:minutes_feed": [r("moter:minutes_feed")],
        "moter:calendar_history": [r("moter:calendar_history")],
        "moter:meeting": [
            r("moter:meeting", kwargs=meeting_kwargs(m)) for m in (pub, unpub, w["planned"])
        ],
        "moter:minutes_pdf": [
            r("moter:minutes_pdf", kwargs={**meeting_kwargs(m), "version": 1})
            for m in (pub, unpub)
        ],
        "moter:notice_pdf": [
            r("moter:notice_pdf", kwargs=meeting_kwargs(m)) for m in (pub, unpub, w["planned"])
        ],
        "moter:notice_version_pdf": [
            r("moter:notice_version_pdf", kwargs={**meeting_kwargs(m), "version": 1})
            for m in (pub, unpub)
        ],
        "moter:notice_bundle_pdf": [
            r("moter:notice_bundle_pdf", kwargs=meeting_kwargs(m))
            for m in (pub, unpub, w["planned"])
        ],
        "moter:draft_pdf": [r("moter:draft_pdf", kwargs=meeting_kwargs(m)) for m in (pub, unpub)],
        "moter:case": [r("moter:case", kwargs=case_kwargs(c)) for c in cases],
        "moter:case_paper": [
            r("moter:case_paper", kwargs={**case_kwargs(w["exempt"]), "pk": paper.pk})
            for paper in w["exempt"].attachments.all()
        ],
        "otp_verify": [r("otp_verify")],
        "otp_setup": [r("otp_setup")],
        "handlingsplan:index": [r("handlingsplan:index")],
        "handlingsplan:plan": [r("handlingsplan:plan", args=[p.slug]) for p in plans],
        "handlingsplan:pdf": [r("handlingsplan:pdf", args=[p.slug]) for p in plans],
        "handlingsplan:changes": [
            f"{r('handlingsplan:changes', args=[p.slug])}?sidan=2000-01-01" for p in plans
        ],
        "handlingsplan:status_round": [
            f"{r('handlingsplan:status_round', args=[p.slug])}?dato=2026-10-01" for p in plans
        ],
        "handlingsplan:measure": [
            r("handlingsplan:measure", args=[m.area.plan.slug, m.pk])
            for m in (w["measure"], w["draft_measure"])
        ],
        "avtaler:index": [r("avtaler:index")],
        "avtaler:matrix": [r("avtaler:matrix")],
        "avtaler:matrix_pdf": [r("avtaler:matrix_pdf")],
        "avtaler:groups": [r("avtaler:groups")],
        "avtaler:group": [r("avtaler:group", args=["ag-test"])],
        "avtaler:agreement": [r("avtaler:agreement", args=[a])],
        "avtaler:signing": [r("avtaler:signing", args=[a])],
        "avtaler:signing_pdf": [r("avtaler:signing_pdf", args=[a])],
        "avtaler:version": [r("avtaler:version", args=[a, v.pk]) for v in versions],
        "avtaler:version_pdf": [r("avtaler:version_pdf", args=[a, v.pk]) for v in versions],
        "avtaler:version_document": [
            r("avtaler:version_document", args=[a, v.pk]) for v in versions
        ],
        "arbeid:dashboard": [r("arbeid:dashboard")],
        "arbeid:start": [r("arbeid:start")],
        "arbeid:follow_ups": [r("arbeid:follow_ups"), f"{r('arbeid:follow_ups')}?status=alle"],
        "arbeid:close": [r("arbeid:close", args=[w["follow_up"].pk])],
        "arbeid:reopen": [r("arbeid:reopen", args=[w["follow_up"].pk])],
        "arbeid:offer": [r("arbeid:offer", args=[unpub.pk])],
        "sok:search": search,
        "password_reset": [r("password_reset")],
        "password_reset_done": [r("password_reset_done")],
        "password_reset_confirm": [r("password_reset_confirm", args=["MQ", "1-x"])],
        "password_reset_complete": [r("password_reset_complete")],
        "medlem:mine": [r("medlem:mine")],
        "medlem:absence": [r("medlem:absence", args=[m.pk]) for m in (unpub, w["planned"])],
        "medlem:conflict": [r("medlem:conflict", args=[w["planned_case"].pk])],
        "medlem:confirm_substitute": [
            r("medlem:confirm_substitute", args=[w["absence"].confirm_token()])
        ],
        "medlem:subscribe": [r("medlem:subscribe", args=[b]) for b in ("ssu", "ag-test")],
        "medlem:confirm": [r("medlem:confirm", args=[w["subscription"].token])],
        "medlem:unsubscribe": [r("medlem:unsubscribe", args=[w["subscription"].token])],
        "indikatorar:index": [r("indikatorar:index"), f"{r('indikatorar:index')}?upublisert=1"],
        "indikatorar:report_pdf": [r("indikatorar:report_pdf")],
    }


# Admin views every ModelAdmin has, by the suffix of their name.
ADMIN_GENERIC = {"changelist", "add", "change", "delete", "history", "simple_history"}
ADMIN_SITE_NAMES = {
    "admin:index", "admin:login", "admin:logout", "admin:password_change",
    "admin:password_change_done", "admin:autocomplete", "admin:jsi18n", "admin:view_on_site",
    "admin:app_list",
}  # fmt: skip


def admin_cases(w):
    """{url name: [URL, …]} for the admin: each model's views for one of its objects, and
    the project's own admin views."""
    r = reverse
    cases = {
        "admin:index": [r("admin:index")],
        "admin:login": [r("admin:login")],
        "admin:logout": [r("admin:logout")],
        "admin:password_change": [r("admin:password_change")],
        "admin:password_change_done": [r("admin:password_change_done")],
        "admin:jsi18n": [r("admin:jsi18n")],
        "admin:autocomplete": [
            f"{r('admin:autocomplete')}?app_label=moter&model_name=agendaitem"
            "&field_name=postponed_to_id&term=Zq"
        ],
        "admin:view_on_site": [],  # a redirect to the object's page, which is swept itself
        "admin:app_list": [r("admin:app_list", args=[app]) for app in ("moter", "samarbeid")],
        "admin:auth_user_password_change": [
            r("admin:auth_user_password_change", args=[w["users"]["member"].pk])
        ],
        # django-otp's key pages: refused for everybody (OTP_ADMIN_HIDE_SENSITIVE_DATA)
        "admin:otp_totp_totpdevice_config": [],
        "admin:otp_totp_totpdevice_qrcode": [],
        "admin:moter_meeting_transition": [
            r("admin:moter_meeting_transition", args=[m.pk, step])
            for m in (w["published"], w["unpublished"])
            for step in ("issue_notice", "mark_held", "new_version", "withdraw")
        ],
        **{
            name: [r(name, args=[m.pk]) for m in (w["published"], w["unpublished"], w["planned"])]
            for name in (
                "admin:moter_meeting_notice_preview",
                "admin:moter_meeting_notice_bundle_preview",
                # the meeting screen's three steps
                "admin:moter_meeting_saksliste",
                "admin:moter_meeting_oppmote",
                "admin:moter_meeting_referat",
            )
        },
        **{
            name: [r(name, args=[c.pk]) for c in (w["exempt"], w["planned_case"])]
            for name in (
                "admin:moter_agendaitem_approve_minutes",
                "admin:moter_agendaitem_postpone",
            )
        },
        "admin:moter_agendaitem_decision": [
            r("admin:moter_agendaitem_decision", args=[c.pk])
            for c in (w["exempt"], w["planned_case"])
        ],
        "admin:moter_agendaitem_decision_step": [
            r("admin:moter_agendaitem_decision_step", args=[c.pk, step])
            for c in (w["exempt"], w["planned_case"])
            for step in ("tiltak", "avtaleversjon", "endre-arbeidsgruppe", "arbeidsgruppe")
        ],
    }
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        cases[f"{info}_changelist"] = [r(f"{info}_changelist"), f"{r(f'{info}_changelist')}?q=Zq"]
        cases[f"{info}_add"] = [r(f"{info}_add")]
        obj = model._default_manager.order_by("pk").first()
        for view in ("change", "delete", "history"):
            cases[f"{info}_{view}"] = [r(f"{info}_{view}", args=[obj.pk])] if obj else []
        if hasattr(model, "history") and obj is not None:
            row = obj.history.order_by("history_id").first()
            cases[f"{info}_simple_history"] = (
                [r(f"{info}_simple_history", args=[obj.pk, row.history_id])] if row else []
            )
        elif hasattr(model_admin, "history_form_view"):
            cases[f"{info}_simple_history"] = []
    return cases


def pattern_names(patterns=None, namespace=""):
    """Every named URL pattern in the resolver, as 'namespace:name'."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            names |= pattern_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


# --- Fetching -----------------------------------------------------------------------------


def pdf_to_text(data):
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True)
    # A file that is no real PDF (a stand-in upload) is read as it is.
    return done.stdout.decode() if done.returncode == 0 else data.decode(errors="replace")


def body_text(response):
    """What a reader gets: the page, the PDF's text, the feed; headers that carry URLs."""
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
    else:
        data = response.content
    if response.get("Content-Type", "").startswith("application/pdf") and data.startswith(b"%PDF"):
        return pdf_to_text(data)
    text = data.decode("utf-8", errors="replace")
    return text + " " + response.get("Location", "")


LINK = re.compile(r'href="(/[^"#]*)"')
NOT_FOLLOWED = ("/static/", "/admin/", "/i18n/", "/konto/logg-ut/")


def links_on(text):
    return {
        href.replace("&amp;", "&")
        for href in LINK.findall(text)
        if not href.startswith(NOT_FOLLOWED)
    }


def client_for(world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


@pytest.fixture
def world(db, settings, baseline_rows):
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    settings.LANGUAGE_CODE = "nn"
    return kept(build_world, baseline_rows)  # made once per test process (tests.dbsnapshot)


def test_every_url_pattern_has_a_case(world):
    covered = set(site_cases(world)) | set(admin_cases(world))
    missing = sorted(pattern_names() - covered)
    assert not missing, f"URL patterns with no case in the access sweep: {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_no_leaks_and_no_errors(world, role):
    client = client_for(world, role)
    forbidden = {marker for marker in ALL.values() if marker not in MAY_SEE[role]}
    urls = [url for urls in site_cases(world).values() for url in urls]
    urls += [url for urls in admin_cases(world).values() for url in urls]
    seen, problems, queue = set(), [], list(dict.fromkeys(urls))
    linked_from = {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {url}")
            continue
        if url in linked_from and response.status_code == 404:
            problems.append(f"404 {url}, linked from {linked_from[url]}")
        text = body_text(response)
        # A marker the reader typed (a search word) comes back as typed: not a leak.
        text = text.replace(url, "").lower()
        problems += [f"{m} in {url}" for m in forbidden
                     if m.lower() in text and m.lower() not in url.lower()]  # fmt: skip
        if response.status_code == 200 and not url.startswith("/admin/"):
            for link in sorted(links_on(text) - seen):
                linked_from.setdefault(link, url)
                queue.append(link)
    assert not problems, f"{role}: " + "\n".join(problems)


def test_the_sweep_sees_what_it_should(world):
    """The world is built right: each marker is shown to the readers who may see it (else
    the sweep would pass on pages that show nothing)."""
    member, secretariat = client_for(world, "member"), client_for(world, "secretariat")
    pub = reverse("moter:meeting", kwargs=meeting_kwargs(world["published"]))
    page = member.get(pub).content.decode()
    for key in ("exempt_title", "exempt_text", "exempt_decision", "private_name"):
        assert INTERNAL[key] in page, key
    public_page = Client().get(pub).content.decode()
    assert "Open case" in public_page and "Personalsak" in public_page
    assert INTERNAL["draft_plan"] in member.get(reverse("handlingsplan:index")).content.decode()
    person = Person.objects.get(name__contains=INTERNAL["private_name"])
    change = secretariat.get(reverse("admin:samarbeid_person_change", args=[person.pk]))
    assert SECRETARIAT["phone"] in change.content.decode()
