"""Monitoring's background jobs for items coming in: fetching a source, the periodic check of which
sources are due, and taking in files uploaded on a source's page (with a progress bar on the run's page).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accord.core.access import SYSTEM_USER, may
from accord.core.audit import Actor
from accord.core.jobs import JobContext, JobRefused, Outcome, job, periodic
from accord.core.models import Run
from accord.monitoring import fetching, uploads
from accord.monitoring.models import Source

FETCHED_KINDS = (Source.Kind.FEED, Source.Kind.FEED_FILE, Source.Kind.FOLDER)
SCHEDULER = Actor.system("monitoring-schedule")
PENDING = (Run.Status.QUEUED, Run.Status.RUNNING)


def source_for(context: JobContext, source_id: int) -> Source:
    """The source the job works on, refused when gone or when the actor may no longer change it."""
    source = Source.objects.restrict(SYSTEM_USER).filter(pk=source_id).first()
    if source is None:
        raise JobRefused("The source is no longer there.")
    if not may(context.actor.access_user, source, "change"):
        raise JobRefused("Your role no longer allows fetching this source.")
    return source


@job(fetching.RUN_KIND, retries=1)
def fetch_source_job(context: JobContext, source_id: int) -> Outcome:
    """Fetch one source now (retried if its worker dies: items already taken are recognised)."""
    source = source_for(context, source_id)
    fetching.fetch_source(source, actor=context.actor, run=context.run)
    return Outcome.recorded_by_the_work()


def queue_fetch(source: Source, actor: Actor) -> Run:
    """Queue a fetch of ``source`` for ``actor``; the source's last fetch is this run from now on."""
    run = fetch_source_job.submit(actor, subject=source.key, source_id=source.pk)
    Source.objects.restrict(SYSTEM_USER).filter(pk=source.pk).update(last_run=run)
    source.last_run = run
    return run


def due_sources(now: datetime.datetime) -> list[Source]:
    """Active fetched sources whose interval has passed since their last fetch, none already waiting."""
    candidates = (
        Source.objects.restrict(SYSTEM_USER)
        .filter(active=True, every_minutes__gt=0, kind__in=FETCHED_KINDS)
        .exclude(Q(last_run__status__in=PENDING))
        .select_related("last_run")
    )
    return [
        source
        for source in candidates
        if source.last_fetched_at is None
        or source.last_fetched_at + datetime.timedelta(minutes=source.every_minutes) <= now
    ]


@job("monitoring.fetch-due")
def queue_due_fetches(context: JobContext) -> Outcome:
    """Queue a fetch of every source that is due (the periodic check, every minute)."""
    queued = [queue_fetch(source, SCHEDULER) for source in due_sources(timezone.now())]
    return Outcome(counts={"added": len(queued)})


periodic("monitoring.fetch-due", queue_due_fetches, every=datetime.timedelta(minutes=1))


@job("monitoring.take-in-uploads", retries=1)
def take_in_uploads_job(
    context: JobContext, source_id: int, folder: str, files: list[dict[str, Any]]
) -> Outcome:
    """Take in the files uploaded on a source's page, one item each; their folder goes afterwards."""
    try:
        take_in_uploaded(context, source_id, files)
    except Exception:
        uploads.remove_folder(folder)
        raise
    uploads.remove_folder(folder)  # kept when the worker dies, for the retry
    return Outcome.recorded_by_the_work()


def take_in_uploaded(context: JobContext, source_id: int, files: list[dict[str, Any]]) -> None:
    source = Source.objects.restrict(SYSTEM_USER).filter(pk=source_id).first()
    if source is None or not may(context.actor.access_user, source, "change"):
        raise JobRefused("The source is gone or your role no longer allows adding to it.")
    deliveries = uploads.stored_deliveries(files)
    fetching.take_in_files(source, deliveries, actor=context.actor, run=context.run, total=len(deliveries))
