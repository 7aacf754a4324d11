"""Workers: a job whose worker is gone is retried or failed, never lost; periodic work is queued once."""

from __future__ import annotations

import datetime
import os
import subprocess
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accord.core.audit import Actor
from accord.core.jobs import JobContext, Outcome, Periodic, job, periodic
from accord.core.models import PeriodicSlot, Run, WorkerBeat
from accord.core.workers import fail_orphaned_runs, queue_due_periodic, recover_lost_jobs, this_host
from tests.core.test_jobs import count_lines, run_worker_once

pytestmark = pytest.mark.django_db


@job("tests.retried", retries=1)
def retried(context: JobContext) -> Outcome:
    return Outcome(counts={"added": context.attempt})


def ended_pid() -> int:
    """The process id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def claimed_by_a_worker(run: Run, worker_id: str) -> DBTaskResult:
    """The run's task as a worker leaves it when it dies mid-job: claimed, running, never finished."""
    task = DBTaskResult.objects.get(args_kwargs__kwargs__run_id=run.pk)
    task.claim(worker_id)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, done=7)
    return task


def test_a_job_whose_worker_died_on_this_machine_is_queued_again_and_finished():
    run = retried.submit(Actor.system("tests"))
    task = claimed_by_a_worker(run, "dead-worker")
    WorkerBeat.objects.create(worker_id="dead-worker", host=this_host(), pid=ended_pid())
    run_worker_once()  # its housekeeping finds the lost job first
    run.refresh_from_db()
    assert (run.status, run.added) == (Run.Status.COMPLETE, 2)  # the second attempt finished it
    assert run.messages == [
        {"text": "The worker running this job stopped; the job was queued again.", "code": "retried"}
    ]
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == (
        TaskResultStatus.FAILED,
        "accord.core.workers.WorkerLost",
    )


def test_a_job_without_retries_whose_worker_vanished_elsewhere_fails_its_run():
    run = count_lines.submit(Actor.system("tests"), lines=3)
    claimed_by_a_worker(run, "far-worker")
    WorkerBeat.objects.create(
        worker_id="far-worker",
        host="another-machine",
        pid=1,
        seen_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert recover_lost_jobs() == [run.pk]
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED
    assert run.messages[-1]["code"] == "lost"
    assert recover_lost_jobs() == []  # recovered once, whoever looks again


def test_a_job_of_an_unregistered_worker_is_recovered():
    run = count_lines.submit(Actor.system("tests"), lines=3)
    claimed_by_a_worker(run, "never-registered")
    assert recover_lost_jobs() == [run.pk]


def test_a_run_left_open_by_a_job_whose_task_ended_is_failed():
    """The database went away mid-job: the queue's row says failed, but the run could not be told."""
    run = count_lines.submit(Actor.system("tests"), lines=3)
    task = claimed_by_a_worker(run, "test-worker")
    task.set_failed(ConnectionError("server closed the connection unexpectedly"))
    queued = count_lines.submit(Actor.system("tests"), lines=3)
    assert fail_orphaned_runs() == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.messages[-1]["code"]) == (Run.Status.FAILED, "lost")
    assert Run.objects.get(pk=queued.pk).status == Run.Status.QUEUED  # its task still waits: left alone


def test_a_busy_worker_keeps_its_job():
    """A worker seen recently on another machine, or alive on this one, is left alone."""
    far = count_lines.submit(Actor.system("tests"), lines=3)
    claimed_by_a_worker(far, "far-busy")
    WorkerBeat.objects.create(worker_id="far-busy", host="another-machine", pid=1)
    near = count_lines.submit(Actor.system("tests"), lines=3)
    claimed_by_a_worker(near, "near-busy")
    WorkerBeat.objects.create(
        worker_id="near-busy",
        host=this_host(),
        pid=os.getpid(),
        seen_at=timezone.now() - datetime.timedelta(hours=3),
    )
    assert recover_lost_jobs() == []
    assert set(Run.objects.filter(pk__in=[far.pk, near.pk]).values_list("status", flat=True)) == {
        Run.Status.RUNNING
    }


@job("tests.tick")
def tick(context: JobContext) -> None:
    return None


def test_periodic_work_is_queued_once_per_due_time_however_many_workers_look(monkeypatch):
    from accord.core import jobs

    monkeypatch.setattr(jobs, "PERIODIC", {})
    periodic("tests.tick", tick, every=datetime.timedelta(days=1), at=datetime.timedelta(hours=5))
    morning = datetime.datetime(2031, 6, 15, 9, 30, tzinfo=datetime.UTC)
    first = queue_due_periodic(morning)
    assert [run.kind for run in first] == ["tests.tick"]
    assert queue_due_periodic(morning) == []  # a second worker, the same due time
    assert queue_due_periodic(morning + datetime.timedelta(hours=10)) == []  # still 15 June's
    assert len(queue_due_periodic(morning + datetime.timedelta(days=1))) == 1
    assert list(PeriodicSlot.objects.filter(name="tests.tick").values_list("due_at", flat=True)) == [
        datetime.datetime(2031, 6, 15, 5, tzinfo=datetime.UTC),
        datetime.datetime(2031, 6, 16, 5, tzinfo=datetime.UTC),
    ]
    assert Run.objects.filter(kind="tests.tick").count() == 2
    assert first[0].actor_name == "system:periodic:tests.tick"


def test_a_due_time_is_the_last_one_not_after_now():
    daily = Periodic("daily", tick, datetime.timedelta(days=1), datetime.timedelta(hours=5))
    assert daily.due_at(datetime.datetime(2031, 6, 15, 4, 59, tzinfo=datetime.UTC)) == datetime.datetime(
        2031, 6, 14, 5, tzinfo=datetime.UTC
    )
    assert daily.due_at(datetime.datetime(2031, 6, 15, 5, tzinfo=datetime.UTC)) == datetime.datetime(
        2031, 6, 15, 5, tzinfo=datetime.UTC
    )


def test_the_daily_early_warning_run_is_declared_and_runs():
    with patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("worker", "--once", verbosity=0)
    run = Run.objects.get(kind="crisis.early-warning")
    assert (run.status, run.actor_name) == (Run.Status.COMPLETE, "system:periodic:crisis.early-warning")
    assert PeriodicSlot.objects.filter(name="crisis.early-warning", run=run).exists()
    assert not WorkerBeat.objects.exists()  # a worker that ends says so
