"""The notice e-mail: sent in the background, recorded per meeting, tried again, never lost.

A mail server that is down must not give an error page nor lose the notice: the secretariat
sees "not sent" on the meeting screen and the dashboard, and sends it again."""

import email
import smtplib
from datetime import timedelta
from unittest import mock

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from moter.models import Meeting, MeetingDocument, NoticeMailing
from moter.tests.conftest import at
from samarbeid.models import Membership, Person


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are read in English here (pages too); nn/nb are the catalogues' business."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def smtp_down(monkeypatch):
    """The locmem backend raising as an SMTP server that does not answer would."""

    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, "mail.example.no: service not available")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


@pytest.fixture
def meeting(make_meeting, members):
    """A meeting in the coming weeks with a case; members with and without an address."""
    return make_meeting(timezone.now() + timedelta(days=20), cases=1, place="Haukeland, møterom 3")


@pytest.fixture
def database_tasks(settings):
    """Tasks stored in the database, as in production, for the worker to run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def step(client, meeting, name):
    return client.post(reverse("admin:moter_meeting_transition", args=[meeting.pk, name]))


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks):
    """`manage.py db_worker --batch`: runs what is due, then stops. (Inside the test's
    transaction, so what the tasks leave for after their commit is run as they end, and the
    worker may not close the connection between tasks as it does in production.)"""
    keep_connection = mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run():
        with keep_connection, django_capture_on_commit_callbacks(execute=True):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


def test_a_dead_mail_server_loses_nothing_and_the_notice_can_be_sent_again(
    editor_client, meeting, smtp_down, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        response = step(editor_client, meeting, "issue_notice")
    assert response.status_code == 302  # not a server error
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_ISSUED
    assert meeting.documents.filter(kind=MeetingDocument.Kind.NOTICE).count() == 1
    mailing = meeting.mailings.get()
    assert mailing.status == NoticeMailing.Status.FAILED
    assert "service not available" in mailing.error
    assert mail.outbox == []

    # The secretariat sees it on the meeting screen and on the dashboard.
    screen = editor_client.get(reverse("admin:moter_meeting_change", args=[meeting.pk]))
    assert "NOT sent" in screen.content.decode()
    assert "Send the notice again" in screen.content.decode()
    board = editor_client.get(reverse("arbeid:dashboard")).content.decode()
    assert "NOT sent" in board

    # The server is back: "Send the notice again".
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = step(editor_client, meeting, "resend_notice")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    latest = meeting.mailings.order_by("-pk").first()
    assert latest.status == NoticeMailing.Status.SENT and latest.sent_count == 3
    assert meeting.documents.filter(kind=MeetingDocument.Kind.NOTICE).count() == 1


def test_the_record_says_to_how_many_it_went_and_who_has_no_address(
    editor_client, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        step(editor_client, meeting, "issue_notice")
    mailing = meeting.mailings.get()
    assert mailing.status == NoticeMailing.Status.SENT
    assert mailing.sent_count == 3  # chair, member, substitute
    assert mailing.without_address == ["Per Observatør"]
    assert mailing.attempts == 1 and mailing.sent_at is not None
    text = "to 3, 1 has no e-mail address"
    screen = editor_client.get(reverse("admin:moter_meeting_change", args=[meeting.pk]))
    assert text in screen.content.decode() and "Per Observatør" in screen.content.decode()
    assert text in editor_client.get(reverse("arbeid:dashboard")).content.decode()


def test_in_nynorsk_the_dashboard_says_sendt_til_and_manglar(
    editor_client, meeting, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    settings.LANGUAGE_CODE = "nn"
    board = editor_client.get(reverse("arbeid:dashboard")).content.decode()
    assert "til 3, 1 manglar e-postadresse" in board


def test_the_worker_tries_again_later_and_sends_once(
    meeting,
    smtp_down,
    database_tasks,
    django_capture_on_commit_callbacks,
    monkeypatch,
    run_worker,
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    run_worker()
    mailing = meeting.mailings.get()
    assert mailing.status == NoticeMailing.Status.RETRYING and mailing.attempts == 1
    assert mailing.next_attempt_at > timezone.now()
    waiting = DBTaskResult.objects.ready().count()
    assert waiting == 0  # it waits for its time (run_after), not at once
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == mailing.next_attempt_at

    # The wait is over and the server is back.
    monkeypatch.undo()
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    mailing.refresh_from_db()
    assert mailing.status == NoticeMailing.Status.SENT and mailing.attempts == 2
    assert len(mail.outbox) == 1
    run_worker()  # nothing left to do: still one e-mail
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_last_try(
    meeting, smtp_down, database_tasks, django_capture_on_commit_callbacks, run_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    for _ in range(NoticeMailing.ATTEMPTS):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()
    mailing = meeting.mailings.get()
    assert mailing.status == NoticeMailing.Status.FAILED
    assert mailing.attempts == NoticeMailing.ATTEMPTS
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_duplicate_mail_task_sends_nothing_more(meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        mailing = meeting.issue_notice()
    assert len(mail.outbox) == 1
    callbacks[-1]()  # the same task queued once more
    mailing.enqueue()
    assert len(mail.outbox) == 1


def test_a_second_send_again_while_one_is_on_its_way_does_nothing(
    editor_client, meeting, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    response = step(editor_client, meeting, "resend_notice")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already on its way" in m for m in messages)
    assert meeting.mailings.count() == 1


def test_the_mail_carries_time_place_links_the_notice_and_a_calendar_event(
    meeting, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://samarbeid.example.no"
    meeting.language = "nn"
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting.issue_notice()
    [message] = mail.outbox
    start = timezone.localtime(meeting.starts_at)
    assert f"{start:%H}" in message.body and str(start.day) in message.body
    assert "Haukeland, møterom 3" in message.body
    assert "https://samarbeid.example.no" + meeting.get_absolute_url() in message.body
    assert "https://samarbeid.example.no" + reverse("moter:schedule") in message.body
    assert "Tid:" in message.body and "Stad:" in message.body  # nynorsk labels
    names = {name: (content, kind) for name, content, kind in message.attachments}
    [pdf] = [name for name in names if name.endswith(".pdf")]
    [ics] = [name for name in names if name.endswith(".ics")]
    assert names[ics][1].startswith("text/calendar")
    assert names[ics][0] and names[pdf][0].startswith(b"%PDF")
    notice = meeting.documents.get(kind=MeetingDocument.Kind.NOTICE)
    assert names[pdf][0] == notice.file.open("rb").read()
    calendar = icalendar.Calendar.from_ical(names[ics][0])
    [event] = calendar.events
    assert event["UID"] == f"meeting-{meeting.pk}@samarbeid.example.no"  # as in the feeds
    assert event.start == meeting.starts_at.replace(microsecond=0)
    assert str(event["LOCATION"]) == "Haukeland, møterom 3"
    # Members get blind copies; the message parses as a normal multipart e-mail.
    assert message.to == [] and len(message.bcc) == 3
    parsed = email.message_from_bytes(message.message().as_bytes())
    assert parsed.is_multipart()


def test_no_address_at_all_is_recorded_not_an_error(
    make_meeting, body, django_capture_on_commit_callbacks
):
    person = Person.objects.create(name="Utan Adresse")
    Membership.objects.create(
        person=person, body=body, role="medlem", category=Membership.Category.SPECIALIST
    )
    meeting = make_meeting(at(2026, 3, 11), cases=1)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = meeting.issue_notice()
    mailing.refresh_from_db()
    assert mailing.status == NoticeMailing.Status.SENT and mailing.sent_count == 0
    assert mailing.without_address == ["Utan Adresse"]
    assert mail.outbox == []
