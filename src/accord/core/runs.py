"""Writing ``core.Run`` records: imports, background jobs and feeds report their work the same way.

A run is bookkeeping about work, not a fact of the Organization: it is written directly (not through
the change record), but only here, so every kind of work starts, advances and ends the same way.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accord.core.audit import Actor
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
