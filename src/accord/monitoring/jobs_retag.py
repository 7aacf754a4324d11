"""Monitoring's job that re-tags the items taken in under older category rules (queued when a new
version of the rules is saved; see :mod:`accord.monitoring.retag`)."""

from __future__ import annotations

from accord.core.audit import Actor
from accord.core.jobs import JobContext, Outcome, job
from accord.core.models import Run
from accord.monitoring import retag

RUN_KIND = "monitoring.retag"


@job(RUN_KIND, retries=2)
def retag_job(context: JobContext) -> Outcome:
    """Re-tag the items older than the rules in force (retried if its worker dies: done ones are skipped)."""
    done = retag.retag_items(actor=context.actor, progress=context.progress)
    context.message(
        f"rules v{done.version}: items {done.items}; categories changed {done.changed}; "
        f"stories {len(done.stories)}; batches {done.batches}"
    )
    return Outcome(counts=done.counts())


def queue_retag(actor: Actor, version: int) -> Run:
    """Queue the re-tagging for ``actor`` after version ``version`` of the rules was saved."""
    return retag_job.submit(actor, subject=f"rules v{version}")


def retag_run_of(version: int) -> Run | None:
    """The re-tagging queued when version ``version`` of the rules was saved (the last, if retried)."""
    from accord.core.access import SYSTEM_USER

    runs = Run.objects.restrict(SYSTEM_USER).filter(kind=RUN_KIND, subject=f"rules v{version}")
    return runs.order_by("-pk").first()
