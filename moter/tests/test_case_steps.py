"""Case 1 approves the previous minutes, postponing a case, the notice's preview and bundle
(issue 13, items 5–7), through the admin's screens and the public pages.

Personas: the editor (secretariat) acts in the admin; the public (anonymous client) reads the
pages and PDFs; refusals say why in Norwegian and leave nothing half-saved."""

import datetime
import subprocess

import pytest
import weasyprint
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from moter.models import AgendaItem, Attachment, Meeting, MeetingDocument
from moter.tests.conftest import advance, at
from samarbeid.models import Body
from tests.adminforms import form_data


@pytest.fixture(autouse=True)
def nynorsk(settings):
    """The secretariat works in nynorsk: the messages are asserted as it reads them."""
    settings.LANGUAGE_CODE = "nn"
    with translation.override("nn"):
        yield


def said(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow(client, url, data=None):
    return client.post(url, data or {}, follow=True)


# --- Item 5: case 1 approves the previous minutes ------------------------------------------


@pytest.fixture
def two_meetings(make_meeting):
    """Møte 1/2026 with draft minutes; møte 2/2026 whose case 1 approves them."""
    previous = advance(make_meeting(at(2026, 1, 14), cases=1), "referat_utkast")
    meeting = make_meeting(at(2026, 3, 11))
    return previous, meeting, meeting.items.get()


def approve_url(case):
    return reverse("admin:moter_agendaitem_approve_minutes", args=[case.pk])


def test_saving_a_decision_in_case_1_while_planned_approves_nothing(editor_client, two_meetings):
    previous, _meeting, case_1 = two_meetings
    url = reverse("admin:moter_agendaitem_change", args=[case_1.pk])
    data = form_data(editor_client.get(url))
    data.update(decision="Referatet vart godkjent.", correction="Retting.")
    assert editor_client.post(url, data).status_code == 302
    case_1.refresh_from_db()
    previous.refresh_from_db()
    assert case_1.decision == "Referatet vart godkjent."
    assert previous.status == Meeting.Status.DRAFT_MINUTES and previous.approved_in is None


def test_deciding_case_1_at_the_held_meeting_approves_and_says_so(
    editor_client, two_meetings, pdf_text
):
    previous, meeting, case_1 = two_meetings
    advance(meeting, "halde")
    correction = "I sak 02/26 skal det stå Hege Rob Moi."
    response = follow(
        editor_client, approve_url(case_1), {"decision": "", "correction": correction}
    )
    assert "Referatet frå møte 1/2026 er no godkjent i sak 03/26." in said(response)
    previous.refresh_from_db()
    case_1.refresh_from_db()
    assert previous.status == Meeting.Status.APPROVED and previous.approved_in == case_1
    assert previous.approval_correction == correction
    assert case_1.decision == "Referatet frå møte 1/2026 er godkjent."
    assert case_1.correction == correction

    # The approved minutes' public page and PDF say where they were approved, and the
    # correction recorded then.
    previous.publish()
    page = Client().get(previous.get_absolute_url()).content.decode()  # the public
    assert "Godkjent i sak 03/26 (FSU møte 2/2026)" in page
    assert "Hege Rob Moi" in page
    text = " ".join(pdf_text(previous.published_minutes().file.read()).split())
    assert "Godkjent i sak 03/26 (FSU møte 2/2026)" in text
    assert "Retting ved godkjenning: I sak 02/26 skal det stå Hege Rob Moi." in text


def test_a_second_click_does_nothing_more(editor_client, two_meetings):
    previous, meeting, case_1 = two_meetings
    advance(meeting, "halde")
    follow(editor_client, approve_url(case_1), {"decision": "Godkjent.", "correction": ""})
    version = Meeting.objects.get(pk=previous.pk).version
    again = follow(editor_client, approve_url(case_1), {"decision": "Anna.", "correction": "X"})
    assert said(again) == [
        "Ingenting meir vart gjort: referatet frå møte 1/2026 er alt godkjent i sak 03/26."
    ]
    previous.refresh_from_db()
    case_1.refresh_from_db()
    assert previous.version == version and previous.approval_correction == ""
    assert (case_1.decision, case_1.correction) == ("Godkjent.", "")


@pytest.mark.parametrize(
    ("previous_status", "this_status", "message"),
    [
        ("innkalla", "halde", "Referatet frå møte 1/2026 er ikkje ferdig"),
        ("halde", "halde", "Referatet frå møte 1/2026 er ikkje ferdig"),
        ("referat_godkjent", "halde", "Referatet frå møte 1/2026 er alt godkjent"),
        ("referat_utkast", "innkalla", "Marker møtet som halde først"),
    ],
)
def test_it_refuses_with_a_clear_message_and_saves_nothing(
    editor_client, make_meeting, previous_status, this_status, message
):
    previous = advance(make_meeting(at(2026, 1, 14), cases=1), previous_status)
    meeting = make_meeting(at(2026, 3, 11))
    advance(meeting, this_status)
    case_1 = meeting.items.get(kind=AgendaItem.Kind.APPROVAL)
    before = Meeting.objects.get(pk=previous.pk)
    response = editor_client.post(approve_url(case_1), {"decision": "Ja.", "correction": "R."})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Ingenting vart lagra" in response.content.decode()
    assert "R." in response.content.decode()  # what was typed stays in the form
    case_1.refresh_from_db()
    previous.refresh_from_db()
    assert (case_1.decision, case_1.correction) == ("", "")
    assert (previous.status, previous.version) == (before.status, before.version)


def test_the_case_screen_offers_the_step(editor_client, two_meetings):
    _previous, meeting, case_1 = two_meetings
    page = editor_client.get(reverse("admin:moter_agendaitem_change", args=[case_1.pk]))
    assert approve_url(case_1) in page.content.decode()
    # The meeting screen's minutes step (Referat) offers it beside case 1.
    meeting_screen = editor_client.get(reverse("admin:moter_meeting_referat", args=[meeting.pk]))
    assert "Godkjenn referatet frå møte 1/2026 i denne saka" in meeting_screen.content.decode()


# --- Item 6: postponing --------------------------------------------------------------------


def postpone_url(case):
    return reverse("admin:moter_agendaitem_postpone", args=[case.pk])


@pytest.fixture
def postponing(make_meeting):
    march = make_meeting(at(2026, 3, 11), cases=2)
    june = make_meeting(at(2026, 6, 10))
    return march, june, march.items.get(title="Sak 2")


def test_postponing_makes_the_continued_case_and_both_pages_say_so(editor_client, postponing):
    march, june, case = postponing
    response = follow(editor_client, postpone_url(case), {"to": june.pk})
    assert said(response) == [
        "Sak 03/26 er utsett til FSU møte 2/2026, der ho held fram som sak 05/26."
    ]
    case.refresh_from_db()
    later = june.items.get(postponed_from=case)
    assert case.postponed_to == june and later.number == "05/26"
    assert later.title == case.title

    # The case pages (the body's readers and the secretariat read them before publishing).
    first = editor_client.get(case.get_absolute_url()).content.decode()
    assert "Utsett til" in first and "sak 05/26</a> i FSU møte 2/2026 (10. juni 2026)" in first
    assert later.get_absolute_url() in first
    second = editor_client.get(later.get_absolute_url()).content.decode()
    assert "Framhald av" in second and case.get_absolute_url() in second
    # The admin's case screens.
    admin_first = editor_client.get(reverse("admin:moter_agendaitem_change", args=[case.pk]))
    assert "sak 05/26" in admin_first.content.decode()
    assert reverse("admin:moter_agendaitem_change", args=[later.pk]) in (
        admin_first.content.decode()
    )
    admin_second = editor_client.get(reverse("admin:moter_agendaitem_change", args=[later.pk]))
    assert "Framhald av" in admin_second.content.decode()
    assert "sak 03/26" in admin_second.content.decode()
    # The meeting page (the minutes) too.
    minutes = editor_client.get(march.get_absolute_url()).content.decode()
    assert "sak 05/26</a> i FSU møte 2/2026" in minutes


def test_the_public_reads_the_postponement_in_the_published_minutes(client, postponing, pdf_text):
    march, june, case = postponing
    case.postpone(june)
    advance(march, "publisert")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Utsett til sak 05/26 i FSU møte 2/2026 (10. juni 2026)." in " ".join(page.split())
    text = " ".join(pdf_text(march.published_minutes().file.read()).split())
    assert "Utsett til sak 05/26 i FSU møte 2/2026 (10. juni 2026)." in text


def test_a_second_click_makes_no_second_continued_case(editor_client, postponing):
    _march, june, case = postponing
    follow(editor_client, postpone_url(case), {"to": june.pk})
    again = follow(editor_client, postpone_url(case), {"to": june.pk})
    assert said(again) == [
        "Ingenting meir vart gjort: sak 03/26 er alt utsett til FSU møte 2/2026, der ho held "
        "fram som sak 05/26."
    ]
    assert AgendaItem.objects.filter(postponed_from=case).count() == 1


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("same", "Sak 03/26 er alt i FSU møte 1/2026. Vel eit seinare møte."),
        ("earlier", "Sak 03/26 kan berre utsetjast til eit møte etter FSU møte 1/2026."),
        ("other_body", "Sak 03/26 kan berre utsetjast til eit møte i FSU, ikkje i OU."),
    ],
)
def test_it_refuses_a_wrong_meeting_in_norwegian(
    editor_client, make_meeting, postponing, target, message
):
    march, _june, case = postponing
    other = Body.objects.create(slug="ou", short_name="OU", name_nn="Områdeutval", kind="ou")
    to = {
        "same": march,
        "earlier": make_meeting(at(2026, 1, 14)),
        "other_body": make_meeting(at(2026, 9, 1), target=other),
    }[target]
    items = AgendaItem.objects.count()
    response = editor_client.post(postpone_url(case), {"to": to.pk})
    assert response.status_code == 200
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.postponed_to is None and AgendaItem.objects.count() == items


def test_the_step_lists_only_later_planned_meetings_of_the_body(editor_client, postponing):
    march, june, case = postponing
    page = editor_client.get(postpone_url(case)).content.decode()
    assert f'<option value="{june.pk}">' in page
    assert f'<option value="{march.pk}">' not in page


def test_the_postponed_field_is_no_longer_typed_in(editor_client, postponing):
    march, _june, case = postponing
    url = reverse("admin:moter_agendaitem_change", args=[case.pk])
    data = form_data(editor_client.get(url))
    assert "postponed_to" not in data
    data["postponed_to"] = str(march.pk)  # as an old screen would send it: ignored
    assert editor_client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.postponed_to is None


# --- Item 7: the notice: preview, proposed decisions, the bundle ---------------------------


def pdf_of(text):
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture
def notice_meeting(make_meeting, members):
    """A planned meeting with an open case (a PDF and a DOCX paper, a proposed decision)
    and an exempt case with a PDF paper."""
    meeting = make_meeting(timezone.now() + datetime.timedelta(days=20), place="Haukeland")
    open_case = AgendaItem.objects.create(
        meeting=meeting, title="Budsjett 2027", narrative="Saka gjeld budsjettet.",
        proposed_decision="Utvalet vedtek budsjettet.",
    )  # fmt: skip
    exempt = AgendaItem.objects.create(
        meeting=meeting, title="Personalsak Hansen", access="exempt",
        legal_basis="offl. § 13", public_title="Personalsak",
    )  # fmt: skip
    for item, title, name, data, kind in [
        (open_case, "Budsjettframlegg", "b.pdf", pdf_of("OPENPAPERTEXT"), "pdf"),
        (open_case, "Rekneark", "r.docx", b"PK\x03\x04", "docx"),
        (exempt, "Hemmeleg notat", "h.pdf", pdf_of("EXEMPTPAPERTEXT"), "pdf"),
    ]:
        Attachment.objects.create(
            item=item, title=title, file=ContentFile(data, name=name), file_type=kind
        )
    return meeting


def test_the_preview_shows_the_mail_that_is_then_sent(
    editor_client, notice_meeting, django_capture_on_commit_callbacks
):
    url = reverse("admin:moter_meeting_transition", args=[notice_meeting.pk, "issue_notice"])
    screen = editor_client.get(reverse("admin:moter_meeting_change", args=[notice_meeting.pk]))
    assert url in screen.content.decode()  # the meeting screen's step leads to the preview
    preview = editor_client.get(url)
    page = preview.content.decode()
    assert "3 mottakarar (i blindkopi)" in page
    assert "Per Observatør" in page  # no e-mail address
    assert "Utvalet vedtek budsjettet." in page
    assert "Rekneark – ikkje lagd ved: berre PDF-filer blir lagde ved (DOCX)" in page
    assert "Hemmeleg notat – ikkje lagd ved: saka er unnateken offentlegheit" in page
    assert notice_meeting.documents.count() == 0 and mail.outbox == []  # nothing issued yet

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url)
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.subject == preview.context["mail_subject"]
    assert sent.body == preview.context["mail_body"]
    assert len(sent.bcc) == preview.context["recipient_count"] == 3
    assert "innkalling-med-saksdokument.pdf" in sent.body


def test_the_notice_prints_the_proposed_decisions_and_stays_pdf_a(
    editor_client, notice_meeting, pdf_text
):
    notice_meeting.issue_notice()
    notice = notice_meeting.documents.get(kind=MeetingDocument.Kind.NOTICE).file.read()
    text = " ".join(pdf_text(notice).split())
    assert "Forslag til vedtak: Utvalet vedtek budsjettet." in text
    assert "Saka gjeld budsjettet." in text
    assert "Budsjettframlegg (PDF)" in text and "Rekneark (DOCX)" in text
    assert "Personalsak Hansen" not in text and "Hemmeleg notat" not in text
    meta = subprocess.run(["pdfinfo", "-meta", "-"], input=notice, capture_output=True).stdout
    assert b'pdfaid:part="2"' in meta  # the notice itself stays PDF/A


def test_the_public_bundle_appends_the_open_papers_only(client, notice_meeting, pdf_text):
    notice_meeting.issue_notice()
    args = [notice_meeting.body.slug, notice_meeting.year, notice_meeting.number]
    response = client.get(reverse("moter:notice_bundle_pdf", args=args))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Utvalet vedtek budsjettet." in text  # the notice comes first
    assert "OPENPAPERTEXT" in text
    # Before the paper, a page says which case it belongs to.
    assert text.index("Saksdokument til sak 02/26") < text.index("OPENPAPERTEXT")
    assert "Budsjettframlegg (1 side)" in text
    assert "EXEMPTPAPERTEXT" not in text and "Hemmeleg notat" not in text
    meeting_page = client.get(notice_meeting.get_absolute_url()).content.decode()
    assert reverse("moter:notice_bundle_pdf", args=args) in meeting_page


def test_the_preview_pdfs_are_for_the_secretariat(editor_client, notice_meeting, pdf_text):
    url = reverse("admin:moter_meeting_notice_bundle_preview", args=[notice_meeting.pk])
    response = editor_client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "OPENPAPERTEXT" in pdf_text(response.content)
    assert Client().get(url).status_code == 302  # the public is sent to the login
    assert notice_meeting.documents.count() == 0
