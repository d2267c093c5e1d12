"""`manage.py db_worker`: django-tasks-db's worker, which first recovers the tasks a stopped
worker left running (samarbeid/worker.py) and names itself so that the next one can tell
whether it is still alive."""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
from django_tasks_db.management.commands.db_worker import logger

from samarbeid.worker import recover_stale_tasks, worker_id


class Command(WorkerCommand):
    help = WorkerCommand.help + "; first runs again the tasks a stopped worker left running"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_id())

    def handle(self, *args, **options):
        self.configure_logging(options["verbosity"])
        again, given_up = recover_stale_tasks(options["backend_name"])
        if again or given_up:
            logger.warning(
                "Tasks left running by a stopped worker: %s queued again, %s given up",
                len(again), len(given_up),
            )  # fmt: skip
        return super().handle(*args, **options)
