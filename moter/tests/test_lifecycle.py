"""planlagd → innkalla → halde → referat utkast → referat godkjent → publisert (and avlyst)."""

import pytest
from django.utils import translation

from moter.models import Attendance, Meeting, MeetingDocument, MeetingStateError
from moter.tests.conftest import advance, at


@pytest.fixture(autouse=True)
def english():
    """Messages are read in English here; their nn/nb wording is the catalogues' business."""
    with translation.override("en"):
        yield


def test_a_new_meeting_starts_with_case_1_and_its_members_when_asked(make_meeting, members):
    previous = make_meeting(at(2026, 1, 14))
    meeting = make_meeting(at(2026, 3, 11), language="nb")
    first = meeting.items.get()
    assert first.kind == "godkjenning"
    assert first.title == "Godkjenning av innkalling, saksliste og referat fra forrige møte"
    assert first.approves_minutes_of == previous
    # The attendance list is filled only when the secretariat asks for it.
    assert not meeting.attendance.exists()
    assert meeting.fill_attendance_from_seats() == 3
    statuses = {a.person.name: a.status for a in meeting.attendance.select_related("person")}
    # Personal substitutes come only when called in; observers are observers.
    assert statuses == {"Kari Leiar": "til_stades", "Ola Medlem": "til_stades",
                        "Per Observatør": "observator"}  # fmt: skip
    assert Attendance.history.filter(meeting_id=meeting.pk).count() == 3
    assert meeting.fill_attendance_from_seats() == 0  # a second time adds nobody


def test_it_issues_the_notice_with_a_pdf_and_mail_to_members_and_substitutes(
    make_meeting, members, mailoutbox, django_capture_on_commit_callbacks, pdf_text
):
    meeting = make_meeting(cases=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_ISSUED and meeting.notice_issued_at
    notice = meeting.documents.get(kind=MeetingDocument.Kind.NOTICE)
    assert "Sak 1" in pdf_text(notice.file.read())
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert sorted(message.bcc) == ["kari@example.no", "ola@example.no", "siri@example.no"]
    assert message.to == []  # members do not see each other's addresses
    assert meeting.get_absolute_url() in message.body


@pytest.mark.parametrize(
    ("status", "step"),
    [("halde", "issue_notice"), ("planlagd", "mark_held"), ("innkalla", "start_minutes"),
     ("halde", "request_publication"), ("referat_godkjent", "cancel"), ("publisert", "mark_held")],
)  # fmt: skip
def test_it_refuses_steps_out_of_order(make_meeting, status, step):
    meeting = make_meeting(cases=1)
    if status != "planlagd":
        advance(meeting, status)
    with pytest.raises(MeetingStateError, match="cannot"):
        getattr(meeting, step)()
    meeting.refresh_from_db()
    assert meeting.status == status


def test_it_refuses_a_notice_without_cases(make_meeting):
    meeting = make_meeting()
    meeting.items.all().delete()
    with pytest.raises(MeetingStateError, match="at least one case"):
        meeting.issue_notice()
    assert not meeting.documents.exists()


def test_deciding_case_1_approves_the_previous_minutes_with_the_correction(make_meeting):
    previous = advance(make_meeting(at(2026, 1, 14), cases=1), "referat_utkast")
    meeting = advance(make_meeting(at(2026, 3, 11)), "halde")
    first = meeting.items.get()
    first.approve_previous_minutes(
        decision="Godkjent med retting.", correction="I sak 03/26 skal det stå Hege Rob Moi."
    )
    previous.refresh_from_db()
    assert previous.status == Meeting.Status.APPROVED
    assert previous.approved_in == first
    assert previous.approval_correction == "I sak 03/26 skal det stå Hege Rob Moi."


def test_saving_case_1_approves_nothing(make_meeting):
    previous = advance(make_meeting(at(2026, 1, 14), cases=1), "referat_utkast")
    first = make_meeting(at(2026, 3, 11)).items.get()
    first.decision = "Godkjent."
    first.save()
    previous.refresh_from_db()
    assert previous.status == Meeting.Status.DRAFT_MINUTES


def test_it_publishes_in_the_background_and_freezes_the_pdf(
    make_meeting, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    document = meeting.published_minutes()
    data = document.file.read()
    assert data.startswith(b"%PDF") and document.version == 1
    assert document.sha256 == MeetingDocument.checksum(data)
    assert "Sak 1" in document.html


def test_a_failed_render_leaves_the_minutes_unpublished(
    make_meeting, monkeypatch, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")

    def broken(*args, **kwargs):
        raise OSError("font missing")

    monkeypatch.setattr("moter.documents.render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    assert "font missing" in meeting.publish_error
    assert not meeting.documents.filter(kind="referat").exists()


def test_a_new_version_needs_a_reason_and_keeps_the_old_one(make_meeting):
    meeting = advance(make_meeting(cases=1), "publisert")
    with pytest.raises(MeetingStateError, match="why"):
        meeting.open_new_version(reason="  ")
    meeting.open_new_version(reason="Feil namn i sak 02/26.")
    assert meeting.status == Meeting.Status.APPROVED
    item = meeting.items.last()
    item.title = "Retta tittel"
    item.save()
    meeting.publish()
    versions = list(meeting.documents.filter(kind="referat").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].reason == "Feil namn i sak 02/26."
    assert "Retta tittel" in versions[1].html and "Retta tittel" not in versions[0].html
    assert versions[0].file.read() != versions[1].file.read()


def test_it_cancels_a_planned_meeting(make_meeting):
    meeting = make_meeting()
    meeting.cancel()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED


def test_a_postponed_case_keeps_its_number_and_continues_with_a_new_one(make_meeting):
    march = make_meeting(at(2026, 3, 11), cases=2)
    june = make_meeting(at(2026, 6, 10))
    case = march.items.get(title="Sak 2")
    later = case.postpone(june)
    case.refresh_from_db()
    assert case.number == "03/26" and case.postponed_to == june
    assert later.meeting == june and later.postponed_from == case
    assert later.number == "05/26"  # after June's case 1 (04/26)
    assert list(case.continued_in.all()) == [later]


def test_it_refuses_to_postpone_backwards_or_twice(make_meeting):
    march = make_meeting(at(2026, 3, 11), cases=1)
    january = make_meeting(at(2026, 1, 14))
    june = make_meeting(at(2026, 6, 10))
    case = march.items.get(title="Sak 1")
    with pytest.raises(MeetingStateError, match="meeting after"):
        case.postpone(january)
    case.postpone(june)
    with pytest.raises(MeetingStateError, match="already postponed"):
        case.postpone(june)
