"""``accord worker``'s machinery: django-tasks-db's worker loop, plus what Accord adds around it.

The loop that claims and runs jobs is django-tasks-db's own. Beside it, a housekeeping thread
(every ``HOUSEKEEPING_SECONDS``) says this worker is alive, recovers the jobs of workers that are
gone, and queues the periodic work that is due. A worker is gone when its process no longer exists
(on this machine) or it has not been seen for ``LOST_AFTER`` (on another machine: PostgreSQL only,
since SQLite serves one machine).
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
from typing import Any

from django.db import IntegrityError, close_old_connections, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.jobs import JOBS, JobTask, declared_periodic, worker_lost
from accord.core.models import PeriodicSlot, Run, WorkerBeat
from accord.core.runs import add_message, finish_run

logger = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 15.0
LOST_AFTER = datetime.timedelta(minutes=2)
LOST_EXCEPTION = "accord.core.workers.WorkerLost"


def this_host() -> str:
    return socket.gethostname()


def register_worker(worker_id: str) -> None:
    """Say this worker is alive, where it runs (host and process id)."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": this_host()[:255], "pid": os.getpid(), "seen_at": timezone.now()},
    )


def unregister_worker(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def worker_is_gone(worker_id: str, beats: dict[str, WorkerBeat], now: datetime.datetime) -> bool:
    """Whether the worker that claimed a job can no longer finish it.

    On this machine the process table says so at once (a long import on SQLite holds the database's
    write lock and so keeps its worker from beating: its age proves nothing). Elsewhere, a worker
    unseen for ``LOST_AFTER`` is gone. A worker with no row at all ended or was never registered.
    """
    beat = beats.get(worker_id)
    if beat is None:
        return True
    if beat.host == this_host():
        return not process_exists(beat.pid)
    return now - beat.seen_at > LOST_AFTER


def recover_lost_jobs(now: datetime.datetime | None = None) -> list[int]:
    """Jobs left running by a worker that is gone: queued again or their run failed; their run ids.

    The queue's row is taken over with one conditional UPDATE, so when several workers look at the
    same lost job only one of them recovers it.
    """
    now = now or timezone.now()
    beats = {beat.worker_id: beat for beat in WorkerBeat.objects.all()}
    recovered = []
    for result in DBTaskResult.objects.running():
        worker = (result.worker_ids or [""])[-1]
        if not worker_is_gone(worker, beats, now):
            continue
        taken = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=LOST_EXCEPTION,
            traceback=f"worker {worker} stopped while running this task",
        )
        if not taken:
            continue
        logger.warning("task %s of worker %s was lost with its worker", result.pk, worker)
        try:
            task = result.task
        except ImportError:
            continue
        kwargs = result.args_kwargs.get("kwargs", {})
        if isinstance(task, JobTask) and "run_id" in kwargs:
            worker_lost(task, kwargs["run_id"], kwargs.get("arguments", {}), kwargs.get("attempt", 1))
            recovered.append(kwargs["run_id"])
    return recovered


def fail_orphaned_runs() -> list[int]:
    """Runs of jobs still open while no task of theirs is left to run: failed, with why; their ids.

    That happens when a job's error could not even be written on its run (the database went away
    mid-job): the queue's row says failed, the run would otherwise say running for ever.
    """
    orphaned = []
    open_runs = Run.objects.restrict(SYSTEM_USER).filter(
        kind__in=sorted(JOBS), status__in=[Run.Status.QUEUED, Run.Status.RUNNING]
    )
    for run in open_runs:
        tasks = DBTaskResult.objects.filter(args_kwargs__kwargs__run_id=run.pk)
        if tasks.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
            continue
        with transaction.atomic():
            locked = Run.objects.select_for_update().filter(pk=run.pk, status=run.status).first()
            if locked is None:
                continue
            add_message(locked, "The worker running this job stopped before the job finished.", code="lost")
            finish_run(locked, Run.Status.FAILED)
        orphaned.append(run.pk)
    return orphaned


def queue_due_periodic(now: datetime.datetime | None = None) -> list[Run]:
    """Queue each periodic job whose due time has come and is not queued yet; the runs queued.

    The slot (name, due time) is unique: of several workers reaching the same due time, the first
    insert wins and the others' fail, so the job is queued once on SQLite and PostgreSQL alike.
    """
    now = now or timezone.now()
    queued = []
    for item in declared_periodic():
        due = item.due_at(now)
        try:
            with transaction.atomic():
                slot = PeriodicSlot.objects.create(name=item.name, due_at=due)
                slot.run = item.task.submit(
                    Actor.system(f"periodic:{item.name}"),
                    subject=f"{item.name} {due:%Y-%m-%d %H:%M}",
                    **item.arguments,
                )
                slot.save(update_fields=["run"])
        except IntegrityError:
            continue
        logger.info("periodic job %s due at %s queued (run %s)", item.name, due, slot.run.pk)
        queued.append(slot.run)
    return queued


def housekeeping(worker_id: str) -> None:
    """One round: this worker is alive, lost jobs are recovered, due periodic work is queued."""
    WorkerBeat.objects.filter(worker_id=worker_id).update(seen_at=timezone.now())
    recover_lost_jobs()
    fail_orphaned_runs()
    queue_due_periodic()


class AccordWorker(Worker):
    """django-tasks-db's worker, with a housekeeping thread beside its loop (``--once``: one round,
    every ready job, then exit)."""

    def __init__(self, *, once: bool = False, **options: Any) -> None:
        super().__init__(batch=once, **options)
        self.once = once
        self.stopping = threading.Event()

    def run(self) -> None:
        register_worker(self.worker_id)
        try:
            housekeeping(self.worker_id)
            if not self.once:
                threading.Thread(target=self.keep_house, name="accord-housekeeping", daemon=True).start()
            super().run()
        finally:
            self.stopping.set()
            unregister_worker(self.worker_id)

    def keep_house(self) -> None:
        """Housekeeping rounds until the worker stops; a busy or lost database only skips a round."""
        while not self.stopping.wait(HOUSEKEEPING_SECONDS):
            try:
                close_old_connections()
                housekeeping(self.worker_id)
            except DatabaseError as error:
                logger.warning("housekeeping skipped a round: %s", error)
            except Exception:
                logger.exception("housekeeping failed")
