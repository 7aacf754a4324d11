"""Writing ``core.Run`` records: imports, background jobs and feeds report their work the same way.

A run is bookkeeping about work, not a fact of the Organization: it is written directly (not through
the change record), but only here, so every kind of work starts, advances and ends the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from accord.core.audit import Actor, record_change
from accord.core.models import Run

MAX_MESSAGES = 200


def start_run(
    kind: str,
    actor: Actor,
    *,
    subject: str = "",
    total: int | None = None,
    status: str = Run.Status.RUNNING,
    sha256: str = "",
) -> Run:
    """Open the record of a piece of work for ``actor`` (queued, or running from now)."""
    return Run.objects.create(
        kind=kind,
        subject=subject[:300],
        sha256=sha256,
        actor_user=actor.user,
        actor_name=actor.name[:150],
        status=status,
        total=total,
    )


def report_progress(run: Run, done: int, total: int | None = None) -> None:
    """Record how far the work has come; one UPDATE, so a page polling the run sees it at once."""
    run.done = done
    fields = {"done": done, "status": Run.Status.RUNNING}
    if total is not None:
        run.total = total
        fields["total"] = total
    run.status = Run.Status.RUNNING
    Run.objects.filter(pk=run.pk).update(**fields)


def add_message(run: Run, text: str, **detail: Any) -> None:
    """Keep a message for the user (a rejected line, a retry); bounded so a bad file cannot flood it."""
    if len(run.messages) < MAX_MESSAGES:
        run.messages.append({"text": text, **detail})


def add_problem(run: Run, problem: Mapping[str, Any]) -> None:
    """One problem of the input (its line, field and reason) as a message of the run: the same shape
    whether an importer or a job found it, so the run's page lists them the same way.
    """
    details = {key: value for key, value in problem.items() if key != "reason"}
    add_message(run, str(problem.get("reason", "")), code="problem", **details)


def refuse_run(run: Run, reason: str, problems: Iterable[Mapping[str, Any]], **counts: int) -> Run:
    """End the run as refused: nothing was written; why (``reason`` may be empty when the problems say
    it all) and each problem (line, field, reason) are its messages.
    """
    add_message(run, reason, code="refused")
    for problem in problems:
        add_problem(run, problem)
    return finish_run(run, Run.Status.REFUSED, **counts)


def finish_run(run: Run, status: str, **counts: int) -> Run:
    """Close the run with its outcome and counts (added, updated, unchanged, rejected)."""
    run.status = status
    run.finished_at = timezone.now()
    for name, value in counts.items():
        setattr(run, name, value)
    if run.total is None and status in (Run.Status.COMPLETE, Run.Status.PARTIAL):
        run.total = run.done
    run.save()
    return run


def record_run(run: Run, actor: Actor, reason: str, **details: Any) -> None:
    """Put a finished import on the change record: its file, digest and counts, plus what that kind
    of import adds (``details``), so every import of every kind is on the chain the same way.
    """
    record_change(
        actor=actor,
        action="create",
        instance=run,
        before=None,
        after={
            "file": run.subject,
            "sha256": run.sha256,
            "added": run.added,
            "updated": run.updated,
            "unchanged": run.unchanged,
            **details,
        },
        reason=reason,
    )
