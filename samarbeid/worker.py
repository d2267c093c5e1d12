"""The background worker's start: tasks that a stopped worker left "running".

A worker killed half-way (a deploy, the out-of-memory killer, a power cut) leaves its task
marked RUNNING for ever: nobody runs it again, and what waits for it (a meeting being
published, a notice e-mail) waits with it. When a worker starts (`manage.py db_worker`, see
samarbeid/management/commands/db_worker.py) it looks for such tasks and runs them again, or
after TASK_TRIES tries gives them up as failed, so the secretariat sees the failure where it
matters (moter.tasks.RECOVERY names what each task kind does then).

A task is taken for stale when the worker that claimed it was on this machine and its
process is gone, or, from another machine, when it has run for TASKS_STALE_MINUTES.
"""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks.base import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

# Tries before a task that keeps dying with its worker is given up.
TASK_TRIES = 3


def worker_id():
    """'host:pid:random', so that a later worker can tell whether this one is still alive."""
    host = socket.gethostname()[:40]
    return f"{host}:{os.getpid()}:{get_random_string(8)}"[:64]


def _process_gone(owner):
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False  # another machine's worker (or an old id): known by age only
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def is_stale(result, now):
    owner = result.worker_ids[-1] if result.worker_ids else ""
    if owner and _process_gone(owner):
        return True
    stale_after = timedelta(minutes=getattr(settings, "TASKS_STALE_MINUTES", 15))
    return result.started_at is None or now - result.started_at > stale_after


def recover_stale_tasks(backend_name="default"):
    """Run again, or fail, the tasks left running by stopped workers; returns
    (run again, given up) as lists of task paths."""
    from django_tasks_db.models import DBTaskResult

    from moter.tasks import RECOVERY

    now = timezone.now()
    again, given_up = [], []
    with transaction.atomic():
        running = DBTaskResult.objects.running().filter(backend_name=backend_name)
        for result in running.select_for_update(skip_locked=True):
            if not is_stale(result, now):
                continue
            before, give_up = RECOVERY.get(result.task_path, (None, None))
            args = result.args_kwargs.get("args", [])
            kwargs = result.args_kwargs.get("kwargs", {})
            if len(result.worker_ids) < TASK_TRIES:
                if before:
                    before(args, kwargs)
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                again.append(result.task_path)
                logger.warning("Task %s (%s) left running: queued again", result.pk,
                               result.task_path)  # fmt: skip
            else:
                if give_up:
                    give_up(args, kwargs)
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = "samarbeid.worker.WorkerStopped"
                result.traceback = (
                    f"The worker stopped while running this task, {len(result.worker_ids)} "
                    "times; given up."
                )
                result.save(update_fields=[
                    "status", "finished_at", "exception_class_path", "traceback",
                ])  # fmt: skip
                given_up.append(result.task_path)
                logger.error("Task %s (%s) left running %s times: given up", result.pk,
                             result.task_path, len(result.worker_ids))  # fmt: skip
    return again, given_up
