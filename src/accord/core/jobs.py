"""Background jobs: Accord's seam over Django's tasks API (django-tasks on Django 5.2, built into 6).

A job is a module-level function declared with :func:`job`. Submitting it opens a ``core.Run`` at
once, queued, so that a page can show the work before a worker has picked it up; the worker marks
the run running, the job reports its progress on it, and the run ends complete, refused (the input
cannot be used: its problems with line and field) or failed (an error: logged with its traceback for
the operator, one sentence for the user). A job's arguments travel through the queue's table as
JSON, so they are ids and plain values, never model instances; its actor travels on the run.

A job whose worker dies is not lost: ``accord.core.workers`` finds it and queues it again (as many
times as the job's ``retries`` allow) or marks its run failed. Periodic work is declared here too
(:func:`periodic`, from each app's ``jobs.py``) and queued by the workers (``accord worker``).
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.version import PY311
from django_tasks.base import Task
from django_tasks.utils import get_module_path

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.models import Run
from accord.core.runs import add_message, add_problem, finish_run, refuse_run, report_progress, start_run

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 0.5  # seconds between two progress writes: a page polls once a second


@dataclass(frozen=True)
class Outcome:
    """How a job ended when it did not raise: its status, counts (added, updated …) and the problems
    of what it left out (line, field, reason), kept on the run for the user."""

    status: str = Run.Status.COMPLETE
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)
    recorded: bool = False  # the work filled in and closed the job's run itself (an import does)

    @classmethod
    def recorded_by_the_work(cls) -> Outcome:
        """The job handed its run to the work, which ended it with its own counts and problems."""
        return cls(recorded=True)


class JobRefused(Exception):
    """The job's input cannot be used and nothing was written; ``problems`` say where and why."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class JobContext:
    """What a running job receives: its run, whom it works for, and which attempt this is."""

    run: Run
    actor: Actor
    attempt: int = 1
    last_written: float = 0.0

    def progress(self, done: int, total: int | None = None) -> None:
        """Record how far the job has come (throttled: a page polls once a second)."""
        self.run.done, self.run.total = done, total if total is not None else self.run.total
        if time.monotonic() - self.last_written < PROGRESS_EVERY and done != self.run.total:
            return
        self.last_written = time.monotonic()
        write_live_progress(self.run)
        if not connection.in_atomic_block:
            report_progress(self.run, done, total)

    def message(self, text: str, **detail: Any) -> None:
        """Keep a message for the user on the run (shown on its page when it ends)."""
        add_message(self.run, text, **detail)


@dataclass(frozen=True, slots=PY311, kw_only=True)
class JobTask(Task):
    """A Django task that runs an Accord job: the task Django queues, with what Accord adds to it."""

    kind: str = ""
    retries: int = 0
    function: Callable[..., Outcome | None] | None = None

    def submit(
        self, actor: Actor, *, subject: str = "", sha256: str = "", total: int | None = None, **arguments: Any
    ) -> Run:
        """Queue the job for ``actor``; its run exists, queued, as soon as this returns.

        The run and the queue's row are written in one transaction: a page never shows a run that no
        worker will ever see, and no worker starts a job whose run is not there.
        """
        with transaction.atomic():
            run = start_run(
                self.kind, actor, subject=subject, total=total, status=Run.Status.QUEUED, sha256=sha256
            )
            self.enqueue(run_id=run.pk, arguments=arguments, attempt=1)
        return run


def job(kind: str, *, retries: int = 0) -> Callable[[Callable[..., Outcome | None]], JobTask]:
    """Declare a job: ``@job("crisis.import")`` over ``def f(context: JobContext, **arguments)``.

    ``retries`` is how many times a job whose worker died is queued again; a job is retried only
    when running it twice does no harm (an import is: the second run finds the rows already there).
    """

    def declare(function: Callable[..., Outcome | None]) -> JobTask:
        @wraps(function)
        def runner(run_id: int, arguments: dict[str, Any], attempt: int = 1) -> None:
            execute(JOBS[kind], run_id, arguments, attempt)

        known = JOBS.get(kind)
        if known is not None and known.module_path != get_module_path(function):
            raise ImproperlyConfigured(
                f"job kind {kind!r} is declared twice: {known.module_path}, {get_module_path(function)}"
            )
        declared = JobTask(func=runner, kind=kind, retries=retries, function=function)
        JOBS[kind] = declared
        return declared

    return declare


JOBS: dict[str, JobTask] = {}


def actor_of(run: Run) -> Actor | None:
    """Whom the job works for: the run's user (if still active) or its named system actor."""
    if run.actor_user is not None:
        return Actor.for_user(run.actor_user) if run.actor_user.is_active else None
    return Actor(name=run.actor_name) if run.actor_name.startswith("system:") else None


def execute(task: JobTask, run_id: int, arguments: dict[str, Any], attempt: int) -> None:
    """Run one job on its run, which ends complete, refused or failed whatever the job does."""
    run = Run.objects.restrict(SYSTEM_USER).select_related("actor_user").filter(pk=run_id).first()
    if run is None or run.is_finished:
        logger.warning("job %s: run %s is gone or already finished; nothing to do", task.kind, run_id)
        return
    actor = actor_of(run)
    if actor is None:
        add_message(run, "The account that asked for this job is no longer active.", code="inactive")
        finish_run(run, Run.Status.REFUSED)
        return
    begin(run)
    try:
        outcome = task.function(JobContext(run, actor, attempt), **arguments) or Outcome()
    except JobRefused as refusal:
        end_refused(run, refusal)
    except Exception as error:
        logger.exception("job %s (run %s) failed", task.kind, run.pk)
        end_failed(run, error)
        raise
    except BaseException:  # the worker is being stopped (a second Ctrl-C, its process ending)
        worker_lost(task, run.pk, arguments, attempt)
        raise
    else:
        end_done(run, outcome)
    finally:
        clear_live_progress(run.pk)


def begin(run: Run) -> None:
    """Mark the run running from now: one UPDATE, seen at once by a page polling it."""
    run.status, run.started_at = Run.Status.RUNNING, timezone.now()
    Run.objects.filter(pk=run.pk).update(status=run.status, started_at=run.started_at)


def end_done(run: Run, outcome: Outcome) -> None:
    """Close the run with the job's outcome, unless the work closed it already with its own figures."""
    if outcome.recorded and run.is_finished:
        return
    for problem in outcome.problems:
        add_problem(run, problem)
    finish_run(run, outcome.status, **outcome.counts)


def end_failed(run: Run, error: Exception) -> None:
    """The job broke: the run says why, and counts only what was committed (the work's own
    transaction was rolled back, but its figures may still be on the run in memory)."""
    run.refresh_from_db(fields=["added", "updated", "unchanged", "rejected", "done"])
    add_message(run, str(error) or type(error).__name__, code="error")
    finish_run(run, Run.Status.FAILED)


def end_refused(run: Run, refusal: JobRefused) -> None:
    """The input was refused whole: its reason and each problem (line, field, reason) on the run
    (where the work has not recorded the refusal on the run itself already)."""
    if run.status == Run.Status.REFUSED:
        return
    refuse_run(run, str(refusal), refusal.problems, rejected=len(refusal.problems))


def worker_lost(task: JobTask, run_id: int, arguments: dict[str, Any], attempt: int) -> None:
    """The worker running this job stopped: queue it again if its retries allow, else fail its run."""
    with transaction.atomic():
        run = Run.objects.restrict(SYSTEM_USER).select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return
        if attempt <= task.retries:
            add_message(run, "The worker running this job stopped; the job was queued again.", code="retried")
            run.status, run.done = Run.Status.QUEUED, 0
            run.save(update_fields=["status", "done", "messages"])
            task.enqueue(run_id=run_id, arguments=arguments, attempt=attempt + 1)
        else:
            add_message(run, "The worker running this job stopped before the job finished.", code="lost")
            finish_run(run, Run.Status.FAILED)
    clear_live_progress(run_id)


# Progress while a job is inside one long transaction (an import is all or nothing) cannot reach the
# run's row before the commit, and on SQLite no other connection may write meanwhile: it is kept in a
# small file of the data folder instead, which the run's page reads while the run is running.


def live_progress_path(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "runs" / f"{int(run_id)}.progress.json"


def write_live_progress(run: Run) -> None:
    """Replace the run's progress file (written whole, then renamed: a reader never sees half)."""
    path = live_progress_path(run.pk)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps({"done": run.done, "total": run.total}), encoding="utf-8")
    partial.replace(path)


def clear_live_progress(run_id: int) -> None:
    live_progress_path(run_id).unlink(missing_ok=True)


def live_progress(run: Run) -> tuple[int, int | None]:
    """How far a run has come: its progress file while it runs (if this machine has it), else its row."""
    path = live_progress_path(run.pk)
    if run.status == Run.Status.RUNNING and path.exists():
        try:
            recorded = json.loads(path.read_text(encoding="utf-8"))
            return int(recorded["done"]), recorded["total"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return run.done, run.total


def progress_percent(done: int, total: int | None) -> int | None:
    """A whole percentage, when the amount of work is known."""
    return min(100, int(done * 100 / total)) if total else None


# Periodic work: declared once, by the app that owns it, and queued by whichever worker is first.

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Periodic:
    """A job queued every ``every``, at ``at`` past the start of each period (UTC)."""

    name: str
    task: JobTask
    every: datetime.timedelta
    at: datetime.timedelta = datetime.timedelta(0)
    arguments: dict[str, Any] = field(default_factory=dict)

    def due_at(self, now: datetime.datetime) -> datetime.datetime:
        """The latest due time not after ``now`` (missed ones are not queued one by one)."""
        start = EPOCH + self.at
        return start + ((now - start) // self.every) * self.every


PERIODIC: dict[str, Periodic] = {}


def periodic(
    name: str,
    task: JobTask,
    *,
    every: datetime.timedelta,
    at: datetime.timedelta = datetime.timedelta(0),
    **arguments: Any,
) -> Periodic:
    """Declare periodic work (from an app's ``jobs.py``): ``task`` is queued once every ``every``."""
    declared = Periodic(name, task, every, at, arguments)
    PERIODIC[name] = declared
    return declared


def declared_periodic() -> list[Periodic]:
    """Every app's periodic work: importing the apps' ``jobs`` modules declares it."""
    autodiscover_modules("jobs")
    return sorted(PERIODIC.values(), key=lambda item: item.name)
