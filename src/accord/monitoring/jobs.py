"""Monitoring's background jobs (``core.jobs`` imports this module of every app to find periodic work):
the signals' job here, fetching sources in :mod:`accord.monitoring.jobs_fetch` and re-tagging items
after the rules change in :mod:`accord.monitoring.jobs_retag` (imported below).

``monitoring-signals`` runs every morning before the CRC's early-warning run: it fades the stories
quiet for a week, recounts the media signals of the days the method looks back over (so late items
and merged stories are counted where they belong) and runs the early warning on each media series, so
that alerts and episodes appear in the duty officers' queue with the others.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accord.core.jobs import JobContext, Outcome, job, periodic
from accord.monitoring import (
    jobs_fetch,  # noqa: F401 — fetching sources, the periodic check, uploads
    jobs_retag,  # noqa: F401 — re-tagging the items after the rules change
    signals,
    stories,
)

SIGNALS_AT = datetime.timedelta(hours=4, minutes=30)  # UTC: before crisis.early-warning (05:00)


@job("monitoring-signals", retries=1)
def refresh_media_signals(context: JobContext, date: str = "", days: int = 0) -> Outcome:
    """Fade the quiet stories, recount the signals of the last ``days`` days (the method's need when 0)
    up to ``date`` (today when empty), and run the early warning on them."""
    end = datetime.date.fromisoformat(date) if date else timezone.localdate()
    start = end - datetime.timedelta(days=(days or signals.baseline_days()) - 1)
    faded = stories.fade_stories(end, actor=context.actor)
    run = signals.refresh_signals(start, end, actor=context.actor, progress=context.progress)
    context.message(
        f"stories faded {len(faded)}; "
        + "; ".join(f"{name} {count}" for name, count in run.counts().items())
        + f"; days {start} to {end}"
    )
    return Outcome(counts={"added": len(run.alerts), "updated": run.points_changed})


periodic("monitoring-signals", refresh_media_signals, every=datetime.timedelta(days=1), at=SIGNALS_AT)
