"""The Crisis Response Center's background jobs: files imported from the web page, the daily
early-warning run and, after it, the morning drafts of the situation reports (periodic, queued by
``accord worker``)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from accord.core.access import SYSTEM_USER, may_add
from accord.core.jobs import JobContext, JobRefused, Outcome, job, periodic
from accord.core.runs import add_message
from accord.crisis import job_steps, notification_mail  # noqa: F401 (declares the mail retry's schedule)
from accord.crisis.episodes import EpisodeChanges
from accord.crisis.models import Event, SituationReport

EVENT_KINDS = ("ucdp-ged", "mapped")
SERIES_KINDS = ("jhu-covid",)
EARLY_WARNING_AT = datetime.timedelta(hours=5)  # UTC: before the CRC's morning, after the night's data


def uploads_dir() -> Path:
    """Where uploaded files wait for their import: in the data folder, never under the web root."""
    return Path(settings.DATA_DIR) / "imports"


def uploaded_file(path: str) -> Path:
    """The stored upload a job was given, refused if it lies outside the uploads folder."""
    stored = Path(path).resolve()
    if not stored.is_relative_to(uploads_dir().resolve()) or not stored.is_file():
        raise JobRefused("The uploaded file is no longer there.")
    return stored


class Advance:
    """The importers' progress (steps of rows or bytes, starting again when a file is read a second
    way) as the job's progress (how far out of how much)."""

    def __init__(self, context: JobContext) -> None:
        self.context = context
        self.done = 0
        self.total: int | None = None

    def __call__(self, step: int, total: int) -> None:
        if total != self.total:
            self.total, self.done = total, 0
        self.done += step
        self.context.progress(min(self.done, total), total)


@job("crisis.import-file", retries=1)
def import_file(
    context: JobContext, path: str, kind: str, mapping: str = "", keep_good: bool = False
) -> Outcome:
    """Import an uploaded events or series file for the user who uploaded it; the file is removed
    when the import ends (a lost worker's retry still finds it)."""
    stored = uploaded_file(path)
    try:
        outcome = import_stored(context, stored, kind, mapping, keep_good)
    except Exception:
        remove_upload(stored)
        raise
    remove_upload(stored)
    return outcome


def import_stored(context: JobContext, stored: Path, kind: str, mapping: str, keep_good: bool) -> Outcome:
    """The import itself, once more checked: the uploader may still add events, the kind is known."""
    if not may_add(context.actor.access_user, Event):
        raise JobRefused("Your role no longer allows importing events.")
    if kind not in (*EVENT_KINDS, *SERIES_KINDS) or (
        kind == "mapped" and mapping not in job_steps.mapping_names()
    ):
        raise JobRefused(f"Unknown kind of file {kind!r} or mapping {mapping!r}.")
    if kind in SERIES_KINDS:
        return job_steps.import_series_file(
            stored, actor=context.actor, run=context.run, progress=Advance(context)
        )
    return job_steps.import_events_file(
        kind,
        stored,
        mapping=mapping,
        keep_good=keep_good,
        actor=context.actor,
        run=context.run,
        progress=Advance(context),
    )


def remove_upload(stored: Path) -> None:
    """The upload's own folder (the file and its rejects) goes once the import has ended."""
    if stored.parent.parent == uploads_dir().resolve():
        shutil.rmtree(stored.parent, ignore_errors=True)
    else:
        stored.unlink(missing_ok=True)


@job("crisis.early-warning")
def raise_daily_alerts(context: JobContext) -> Outcome:
    """The configured early-warning methods over the member states' daily series; the episodes follow.

    ``run.changes`` (:class:`accord.crisis.episodes.EpisodeChanges`) says which episodes opened (a new
    red one: ``level == "red"``) and which escalated: where notifications hook on.
    """
    run = job_steps.raise_member_alerts(context.actor)
    add_message(context.run, episode_summary(run.changes))
    return Outcome(counts={"added": len(run.alerts)})


def episode_summary(changes: EpisodeChanges) -> str:
    """What the run changed of the episodes, as a message of the run."""
    return "alert episodes: " + ", ".join(
        f"{name.removeprefix('episodes_')} {count}" for name, count in changes.counts().items()
    )


periodic("crisis.early-warning", raise_daily_alerts, every=datetime.timedelta(days=1), at=EARLY_WARNING_AT)


SITREP_DRAFT_AT = datetime.timedelta(hours=5, minutes=30)  # UTC: after the early-warning run


@job("crisis.sitrep-draft", retries=1)
def draft_daily_sitreps(context: JobContext, date: str = "") -> Outcome:
    """The morning drafts of the day's situation reports (the whole area and each region); running it
    again leaves the drafts already there, and their assessments, as they are."""
    from accord.crisis.sitreps.services import draft_daily

    day = datetime.date.fromisoformat(date) if date else timezone.localdate()
    before = SituationReport.objects.restrict(SYSTEM_USER).filter(report_date=day).count()
    reports = draft_daily(day, actor=context.actor)
    after = SituationReport.objects.restrict(SYSTEM_USER).filter(report_date=day).count()
    return Outcome(counts={"added": after - before, "unchanged": len(reports) - (after - before)})


periodic("crisis.sitrep-draft", draft_daily_sitreps, every=datetime.timedelta(days=1), at=SITREP_DRAFT_AT)
