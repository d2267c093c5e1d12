"""Each lifecycle step happens once: a double click, two editors or two workers at once find
it done (a message, never an error page, never a second PDF or e-mail); publishing freezes
the meeting and stores the PDF and the page from one reading."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from moter.models import AgendaItem, Meeting, MeetingDocument, StepAlreadyDone
from moter.tasks import publish_minutes
from moter.tests.conftest import advance
from samarbeid.pdf import RenderError
from sok import index
from sok.models import Entry

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"
)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are read in English here (pages too); nn/nb are the catalogues' business."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# The step, and the status the meeting must have for it.
STEPS = [
    ("issue_notice", "planlagd"),
    ("mark_held", "innkalla"),
    ("start_minutes", "halde"),
    ("approve_outside_meeting", "referat_utkast"),
    ("request_publication", "referat_godkjent"),
]
ADMIN_STEP = {"issue_notice": "issue_notice", "mark_held": "mark_held",
              "start_minutes": "start_minutes", "approve_outside_meeting": "approve",
              "request_publication": "publish"}  # fmt: skip


def ready_for(make_meeting, status):
    meeting = make_meeting(cases=1)
    if status != "planlagd":
        advance(meeting, status)
    return meeting


def outcome_counts(meeting):
    return {
        "notices": meeting.documents.filter(kind=MeetingDocument.Kind.NOTICE).count(),
        "minutes": meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).count(),
        "mailings": meeting.mailings.count(),
        "mails": len(mail.outbox),
    }


@pytest.mark.parametrize(("method", "status"), STEPS)
def test_a_second_click_is_a_message_not_a_second_step(
    editor_client, make_meeting, members, method, status, django_capture_on_commit_callbacks
):
    meeting = ready_for(make_meeting, status)
    url = reverse("admin:moter_meeting_transition", args=[meeting.pk, ADMIN_STEP[method]])
    with django_capture_on_commit_callbacks(execute=True):
        first = editor_client.post(url)
    after_first = outcome_counts(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        second = editor_client.post(url, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    shown = [str(m) for m in second.context["messages"]]
    assert any(m.startswith("Nothing more was done") for m in shown), shown
    assert outcome_counts(meeting) == after_first
    if method == "issue_notice":
        assert after_first["notices"] == after_first["mailings"] == after_first["mails"] == 1
    if method == "request_publication":
        assert after_first["minutes"] == 1


def wait_until_another_session_waits_for_a_lock():
    """On PostgreSQL: until a session of this database waits for a row lock (the second
    click, held at the lock the first one has). Gives up after half a minute."""
    for _ in range(600):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second step never reached the lock")


@pytest.mark.django_db(transaction=True)
@postgres_only
@pytest.mark.parametrize(("method", "status"), STEPS)
def test_two_clicks_at_once_do_the_step_once(make_meeting, members, method, status):
    """The first click holds its transaction open; the second runs into the lock, then finds
    the step done when the first commits."""
    meeting = ready_for(make_meeting, status)
    mail.outbox = []
    first_in, release = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                getattr(Meeting.objects.get(pk=meeting.pk), method)()
                first_in.set()
                release.wait(60)
            results["first"] = "done"
        except Exception as error:  # pragma: no cover - the assertion below shows it
            results["first"] = error
            first_in.set()
        finally:
            connection.close()

    def second():
        first_in.wait(60)
        try:
            getattr(Meeting.objects.get(pk=meeting.pk), method)()
            results["second"] = "done"
        except StepAlreadyDone:
            results["second"] = "already done"
        except Exception as error:  # pragma: no cover - the assertion below shows it
            results["second"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_in.wait(60)
    try:
        wait_until_another_session_waits_for_a_lock()
    finally:
        release.set()
        for thread in threads:
            thread.join()
    assert results == {"first": "done", "second": "already done"}
    counts = outcome_counts(meeting)
    if method == "issue_notice":
        assert counts["notices"] == counts["mailings"] == counts["mails"] == 1
    if method == "request_publication":
        assert counts["minutes"] == 1


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_two_refreshes_of_the_search_index_at_once_both_end_well(make_meeting):
    """The index refresh is an upsert: the second writes over the first's rows."""
    meeting = make_meeting(cases=1)
    first_in, release = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                index.refresh(Meeting, [meeting.pk])
                first_in.set()
                release.wait(60)
        except Exception as error:  # pragma: no cover
            errors.append(error)
            first_in.set()
        finally:
            connection.close()

    def second():
        first_in.wait(60)
        try:
            index.refresh(Meeting, [meeting.pk])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_in.wait(60)
    try:
        wait_until_another_session_waits_for_a_lock()
    finally:
        release.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert Entry.objects.filter(object_id=meeting.pk, kind="mote").count() == 1


def test_the_index_refresh_drops_rows_no_longer_wanted(make_meeting):
    """The upsert overwrites rows in place; a row the object no longer has still goes."""
    meeting = make_meeting(cases=1)
    case = meeting.items.get(title="Sak 1")

    def kinds():
        rows = Entry.objects.filter(object_id=case.pk, kind__in=["sak", "vedtak"])
        return set(rows.values_list("kind", flat=True))

    case.decision = "Vedteke."
    case.save()
    assert kinds() == {"sak", "vedtak"}
    case.decision = ""
    case.save()
    assert kinds() == {"sak"}


# --- Publishing ------------------------------------------------------------------------


def test_a_duplicate_publish_task_stores_no_second_version_and_no_error(
    make_meeting, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks() as queued:
        meeting.request_publication()
    assert len(queued) == 1
    queued[0]()  # the task
    queued[0]()  # the same task once more (enqueued twice, or taken by two workers)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.publish_error == ""
    assert meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).count() == 1


def test_no_second_publishing_is_queued_while_one_is_pending(
    make_meeting, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks() as queued:
        meeting.request_publication()
        with pytest.raises(StepAlreadyDone, match="under way"):
            Meeting.objects.get(pk=meeting.pk).request_publication()
    assert len(queued) == 1


def test_a_task_for_an_earlier_request_stores_nothing(
    make_meeting, django_capture_on_commit_callbacks
):
    """A late task from a request that was asked again (or published and reopened) does not
    publish what it read before."""
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    meeting.refresh_from_db()
    old_request = "2020-01-01T00:00:00+00:00"
    assert publish_minutes.call(meeting.pk, None, old_request) is None
    meeting.open_new_version(reason="Retting")
    assert publish_minutes.call(meeting.pk, None, old_request) is None
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED and meeting.publish_error == ""
    assert meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).count() == 1


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_two_workers_with_one_request_store_one_version(make_meeting):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with transaction.atomic():
        meeting._lock()
        meeting._set_status(
            Meeting.Status.PUBLISHING, publish_requested_at=timezone.now()
        )  # as request_publication does, without running the task
    request = meeting.publish_requested_at.isoformat()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=30)
            publish_minutes.call(meeting.pk, None, request)
        except Exception as error:  # pragma: no cover
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    meeting.refresh_from_db()
    assert errors == []
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.publish_error == ""
    assert meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).count() == 1


def test_the_pdf_and_the_page_are_made_from_one_reading(make_meeting, monkeypatch):
    """A case changed while the PDF renders is in neither: the archived PDF and the public
    page cannot differ."""
    from moter import documents

    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    case = meeting.items.get(title="Sak 1")
    real = documents.render_pdf

    def render_while_someone_edits(*args, **kwargs):
        pdf = real(*args, **kwargs)
        AgendaItem.objects.filter(pk=case.pk).update(title="Endra under teikninga")
        return pdf

    monkeypatch.setattr(documents, "render_pdf", render_while_someone_edits)
    document = meeting.publish()
    assert "Sak 1" in document.html
    assert "Endra under teikninga" not in document.html


def test_the_meeting_is_read_only_while_it_is_being_published(
    editor_client, make_meeting, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks() as queued:
        meeting.request_publication()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHING and meeting.is_frozen
    screen = editor_client.get(reverse("admin:moter_meeting_change", args=[meeting.pk]))
    page = screen.content.decode()
    assert 'name="_save"' not in page  # read-only
    when = timezone.localtime(meeting.publish_requested_at)
    assert f"publishing asked for at {when:%H:%M}" in page
    case = meeting.items.get(title="Sak 1")
    case_url = reverse("admin:moter_agendaitem_change", args=[case.pk])
    assert 'name="_save"' not in editor_client.get(case_url).content.decode()
    refused = editor_client.post(case_url, {"title": "Endra", "meeting": meeting.pk})
    assert refused.status_code == 403
    queued[0]()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


def test_a_late_publication_is_flagged_and_can_be_asked_again(
    editor_client, make_meeting, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks():
        meeting.request_publication()  # the task is lost (a worker killed half-way)
    Meeting.objects.filter(pk=meeting.pk).update(
        publish_requested_at=timezone.now() - timedelta(minutes=11)
    )
    board = editor_client.get(reverse("arbeid:dashboard")).content.decode()
    assert "has not finished: try it again" in board
    screen = editor_client.get(reverse("admin:moter_meeting_change", args=[meeting.pk]))
    assert "taken over ten minutes" in screen.content.decode()
    url = reverse("admin:moter_meeting_transition", args=[meeting.pk, "retry_publish"])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.documents.filter(kind=MeetingDocument.Kind.MINUTES).count() == 1


def test_publishing_not_yet_late_cannot_be_asked_again(make_meeting):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.PUBLISHING, publish_requested_at=timezone.now()
    )
    with pytest.raises(StepAlreadyDone):
        meeting.retry_publication()


def test_a_failed_duplicate_leaves_the_published_meeting_alone(make_meeting, monkeypatch):
    meeting = advance(make_meeting(cases=1), "publisert")
    assert not meeting.publishing_failed("boom")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.publish_error == ""


def test_a_failed_render_called_directly_does_not_leave_the_meeting_frozen(
    make_meeting, monkeypatch
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")

    def broken(*args, **kwargs):
        raise OSError("font missing")

    monkeypatch.setattr("moter.documents.render_pdf", broken)
    with pytest.raises(RenderError):  # raised from the OSError, with the case named if one is
        meeting.publish()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    assert "font missing" in meeting.publish_error
