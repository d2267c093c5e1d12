"""The background worker picks up what a stopped worker left running."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.tasks.base import TaskResultStatus
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from moter.models import Meeting, MeetingDocument, NoticeMailing
from moter.tasks import publish_minutes, send_notice_mail
from moter.tests.conftest import advance
from samarbeid.worker import TASK_TRIES, recover_stale_tasks, worker_id

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def dead_worker():
    """The id a worker on this machine had whose process has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    host = worker_id().partition(":")[0]
    return f"{host}:{process.pid}:deadbeef"


def left_running(result, owners):
    """The task as a killed worker leaves it: RUNNING, claimed by `owners` (one per try)."""
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=owners, started_at=timezone.now()
    )


def test_a_publish_task_left_by_a_dead_worker_runs_again(
    make_meeting, database_tasks, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    result = DBTaskResult.objects.get(task_path="moter.tasks.publish_minutes")
    left_running(result, [dead_worker()])
    assert recover_stale_tasks() == (["moter.tasks.publish_minutes"], [])
    assert DBTaskResult.objects.ready().filter(pk=result.pk).exists()


def test_a_task_of_a_live_worker_is_left_alone(
    make_meeting, database_tasks, django_capture_on_commit_callbacks
):
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    result = DBTaskResult.objects.get(task_path="moter.tasks.publish_minutes")
    left_running(result, [worker_id()])  # this very process: alive
    assert recover_stale_tasks() == ([], [])
    assert DBTaskResult.objects.running().filter(pk=result.pk).exists()


def test_a_task_that_keeps_killing_its_worker_is_given_up_and_shown(
    make_meeting, database_tasks, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    meeting = advance(make_meeting(cases=1), "referat_godkjent")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.request_publication()
    result = DBTaskResult.objects.get(task_path="moter.tasks.publish_minutes")
    left_running(result, [dead_worker()] * TASK_TRIES)
    with translation.override("en"):
        assert recover_stale_tasks() == ([], ["moter.tasks.publish_minutes"])
    assert DBTaskResult.objects.get(pk=result.pk).status == TaskResultStatus.FAILED
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED
    assert "stopped" in meeting.publish_error


def test_a_mail_being_sent_when_the_worker_died_is_sent_once(
    make_meeting, members, database_tasks, django_capture_on_commit_callbacks
):
    meeting = make_meeting(cases=1)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = meeting.issue_notice()
    result = DBTaskResult.objects.get(task_path="moter.tasks.send_notice_mail")
    NoticeMailing.objects.filter(pk=mailing.pk).update(status=NoticeMailing.Status.SENDING)
    left_running(result, [dead_worker()])
    recover_stale_tasks()
    mailing.refresh_from_db()
    assert mailing.status == NoticeMailing.Status.RETRYING
    send_notice_mail.call(mailing.pk)
    mailing.refresh_from_db()
    assert mailing.status == NoticeMailing.Status.SENT and len(mail.outbox) == 1


# --- For real: a worker process killed half-way, and the next one ----------------------


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, **kwargs,
    )  # fmt: skip


SETUP = """
from django.db import transaction
from django.utils import timezone, translation
from datetime import datetime
from moter.models import AgendaItem, Meeting
from samarbeid.models import Body
body = Body.objects.create(slug="fsu", short_name="FSU", name_nn="Fagleg utval", kind="fsu")
meeting = Meeting.objects.create(body=body, starts_at=timezone.make_aware(datetime(2026, 3, 11, 9)))
for n in range(60):
    AgendaItem.objects.create(meeting=meeting, title=f"Sak {n}", narrative="Tekst. " * 250)
meeting.issue_notice()
meeting.mark_held()
meeting.start_minutes()
meeting.approve_outside_meeting()
meeting.request_publication()
print(meeting.pk)
"""


def test_a_worker_killed_while_publishing_is_recovered_by_the_next(fresh_sqlite, tmp_path):
    """`db_worker` for real, on a database of its own: the first worker takes the publishing
    task and is killed half-way (SIGKILL: no clean-up); the task is left RUNNING and the
    meeting "being published". The next worker, when it starts, runs the task again and the
    minutes are published once."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(
        DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="samarbeid.settings",
        SECRET_KEY="worker-test-" + "x" * 50, HTTPS="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=str(tmp_path / "media"),
    )  # fmt: skip
    # A freshly migrated database (`migrate` run once per test run, conftest.py).
    shutil.copy(fresh_sqlite, tmp_path / "samarbeid.sqlite3")
    meeting_id = int(manage(env, "shell", "-c", SETUP).stdout.split()[-1])
    path = tmp_path / "samarbeid.sqlite3"
    db = sqlite3.connect(path, timeout=30, isolation_level=None)

    def task_status():
        """The publishing task's status (the notice e-mail has a task of its own)."""
        row = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
            (publish_minutes.module_path,),
        ).fetchone()
        return row[0]

    assert task_status() == "READY"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1",
         "--no-reload", "-v0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        # Below this test in priority, so that on a busy machine the test sees the task
        # claimed before the worker has rendered all of it.
        preexec_fn=lambda: os.nice(10),
    )  # fmt: skip
    try:
        for _ in range(6000):  # until the worker claims the task (a minute at most)
            if task_status() != "READY":
                # Freeze it at once, wherever it is in the render; then kill it (SIGKILL: no
                # clean-up, as the out-of-memory killer or a power cut would).
                worker.send_signal(signal.SIGSTOP)
                break
            time.sleep(0.01)
        assert task_status() == "RUNNING"
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    status = db.execute("SELECT status FROM moter_meeting WHERE id = ?", (meeting_id,))
    assert status.fetchone()[0] == Meeting.Status.PUBLISHING
    assert task_status() == "RUNNING"

    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    status = db.execute("SELECT status, publish_error FROM moter_meeting WHERE id = ?",
                        (meeting_id,)).fetchone()  # fmt: skip
    assert status == (Meeting.Status.PUBLISHED, "")
    versions = db.execute(
        "SELECT count(*) FROM moter_meetingdocument WHERE meeting_id = ? AND kind = ?",
        (meeting_id, MeetingDocument.Kind.MINUTES),
    ).fetchone()[0]
    assert versions == 1
    assert task_status() == "SUCCESSFUL"
    db.close()


def test_the_publish_task_is_a_task_of_this_module():
    """RECOVERY is keyed by the tasks' paths: they must not drift."""
    from moter.tasks import RECOVERY

    assert {publish_minutes.module_path, send_notice_mail.module_path} <= set(RECOVERY)
