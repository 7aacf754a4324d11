"""Jobs: submitting one opens its run at once; a worker runs it to complete, refused or failed."""

from __future__ import annotations

import logging
from unittest.mock import patch

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from accord.core.audit import Actor
from accord.core.jobs import JobContext, JobRefused, Outcome, job, live_progress
from accord.core.models import Run
from accord.core.runs import add_problem, finish_run
from accord.core.workers import AccordWorker
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
SEEN: list[tuple[str, int, str]] = []


@job("tests.count")
def count_lines(context: JobContext, lines: int, word: str = "") -> Outcome:
    """A job that reports its progress and its counts, and says whom it worked for."""
    for done in range(1, lines + 1):
        context.progress(done, lines)
    SEEN.append((context.actor.name, context.attempt, word))
    return Outcome(counts={"added": lines - 1, "unchanged": 1})


@job("tests.fail")
def fail(context: JobContext) -> None:
    raise ValueError("the archive has no table of contents")


@job("tests.refuse")
def refuse(context: JobContext) -> None:
    raise JobRefused("2 bad rows", [{"line": 3, "field": "date", "reason": "not a date"}])


@job("tests.self-recorded")
def fill_own_run(context: JobContext) -> Outcome:
    """A job whose work fills in and closes the job's run itself, as an import does."""
    add_problem(context.run, {"line": 4, "field": "date", "reason": "not a date"})
    finish_run(context.run, Run.Status.PARTIAL, added=9, rejected=1)
    return Outcome.recorded_by_the_work()


@job("tests.fail-inside")
def fail_inside_transaction(context: JobContext) -> None:
    """A job that counts rows in a transaction that is then rolled back."""
    with transaction.atomic():
        context.run.added = 500
        context.run.save()
        raise ValueError("the disk is full")


def run_worker_once() -> None:
    """What ``accord worker --once`` does, in this process: every ready job, then stop.

    The worker loop recycles its database connection between jobs, as a long-running process should;
    inside a test's transaction that would close the connection holding it (PostgreSQL), so the
    recycling alone is left out here.
    """
    with patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        worker_once()


def worker_once() -> None:
    AccordWorker(
        once=True,
        queue_names=["default"],
        interval=0,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def test_a_submitted_job_has_a_queued_run_at_once_and_one_queued_task():
    user = make_user("analyst", "secretariat-officer")
    run = count_lines.submit(Actor.for_user(user), subject="file.csv", lines=3, word="hello")
    run.refresh_from_db()
    assert (run.status, run.kind, run.subject, run.actor_user, run.actor_name) == (
        Run.Status.QUEUED,
        "tests.count",
        "file.csv",
        user,
        "analyst",
    )
    queued = DBTaskResult.objects.ready().get()
    assert queued.task_path == "tests.core.test_jobs.count_lines"
    assert queued.args_kwargs["kwargs"] == {
        "run_id": run.pk,
        "arguments": {"lines": 3, "word": "hello"},
        "attempt": 1,
    }


def test_a_worker_runs_the_job_for_its_actor_and_completes_its_run():
    SEEN.clear()
    user = make_user("analyst", "secretariat-officer")
    run = count_lines.submit(Actor.for_user(user), lines=4, word="hello")
    run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.done, run.total, run.added, run.unchanged) == (Run.Status.COMPLETE, 4, 4, 3, 1)
    assert run.finished_at is not None
    assert SEEN == [("analyst", 1, "hello")]
    assert DBTaskResult.objects.successful().filter(task_path__startswith="tests.").count() == 1


def test_a_failing_job_fails_its_run_with_the_error_and_logs_the_traceback(caplog):
    run = fail.submit(Actor.system("tests"))
    with caplog.at_level(logging.ERROR, logger="accord.core.jobs"):
        run_worker_once()
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED
    assert run.messages == [{"text": "the archive has no table of contents", "code": "error"}]
    assert "Traceback" in caplog.text and "the archive has no table of contents" in caplog.text
    assert DBTaskResult.objects.failed().filter(task_path__startswith="tests.").count() == 1


def test_a_refused_job_keeps_each_problem_with_its_line_and_field():
    run = refuse.submit(Actor.system("tests"))
    run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.rejected) == (Run.Status.REFUSED, 1)
    assert run.messages == [
        {"text": "2 bad rows", "code": "refused"},
        {"text": "not a date", "code": "problem", "line": 3, "field": "date"},
    ]


def test_work_that_closes_the_jobs_run_itself_is_not_closed_twice():
    run = fill_own_run.submit(Actor.system("tests"))
    run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.added, run.rejected) == (Run.Status.PARTIAL, 9, 1)
    assert run.messages == [{"text": "not a date", "code": "problem", "line": 4, "field": "date"}]


def test_a_job_failing_inside_its_transaction_counts_only_what_was_committed(caplog):
    run = fail_inside_transaction.submit(Actor.system("tests"))
    with caplog.at_level(logging.ERROR, logger="accord.core.jobs"):
        run_worker_once()
    run.refresh_from_db()
    assert (run.status, run.added) == (Run.Status.FAILED, 0)
    assert run.messages == [{"text": "the disk is full", "code": "error"}]


def test_the_job_of_a_user_deactivated_meanwhile_does_not_run():
    SEEN.clear()
    user = make_user("leaver", "secretariat-officer")
    run = count_lines.submit(Actor.for_user(user), lines=2)
    user.is_active = False
    user.save()
    run_worker_once()
    run.refresh_from_db()
    assert (run.status, SEEN) == (Run.Status.REFUSED, [])
    assert run.messages[0]["code"] == "inactive"


def test_progress_inside_a_transaction_is_read_from_the_progress_file():
    """An import is one transaction: its progress cannot reach the run's row before the commit."""
    from django.db import transaction

    run = count_lines.submit(Actor.system("tests"), lines=5)
    run.status = Run.Status.RUNNING
    context = JobContext(run, Actor.system("tests"))
    with transaction.atomic():
        context.progress(5, 10)
    stored = Run.objects.get(pk=run.pk)
    stored.status = Run.Status.RUNNING
    assert (stored.done, stored.total) == (0, None)
    assert live_progress(stored) == (5, 10)


def test_two_jobs_of_one_kind_are_refused_at_start():
    def another(context: JobContext) -> None:
        return None

    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        job("tests.count")(another)
