"""``accord worker``: run background jobs (imports from the web pages, the daily early-warning run).

Thin: django-tasks-db's worker loop claims and runs the jobs; ``accord.core.workers`` adds the
housekeeping beside it (lost jobs recovered, periodic work queued). Run as many workers as wanted,
on one machine (SQLite or PostgreSQL) or on several (PostgreSQL): each job runs once.
"""

import logging
from typing import Any

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_interval, validate_worker_id

from accord.core.cli import AccordCommand
from accord.core.workers import AccordWorker


class Command(AccordCommand):
    help = "Run background jobs until stopped (Ctrl-C lets the current job finish), or --once."
    json_option = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="recover lost jobs, queue due periodic work, run every job that is ready, then exit",
        )
        parser.add_argument(
            "--interval", type=valid_interval, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--worker-id", type=validate_worker_id, default=None, help="a name unique among the workers"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        DatabaseWorkerCommand(stdout=self.stdout, stderr=self.stderr).configure_logging(options["verbosity"])
        if options["verbosity"] >= 1:
            logging.getLogger("accord").setLevel(logging.INFO)
        worker = AccordWorker(
            once=options["once"],
            queue_names=["default"],
            interval=options["interval"],
            backend_name="default",
            startup_delay=not options["once"],
            max_tasks=None,
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
