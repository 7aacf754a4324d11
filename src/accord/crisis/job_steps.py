"""The import and alert functions the crisis jobs call, in one place.

The jobs reach the importers (``crisis/ingest/``) and the alert service only through this module.
Each step takes plain values, the job's run and its ``progress(done, total)``. An import fills in the
job's own run (its events point to it, its problems are its messages), so one upload is one run; the
step answers with an outcome saying so, or raises :class:`~accord.core.jobs.JobRefused` once the
importer has recorded the refusal on that run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from accord.core.audit import Actor
from accord.core.importing import ImportRefused
from accord.core.jobs import JobRefused, Outcome
from accord.core.models import Run
from accord.crisis import alerts
from accord.crisis.ingest.ged import import_ged
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.ingest.mapped import import_mapped

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "mappings"
Progress = Callable[[int, int], None]


def mapping_names() -> list[str]:
    """The mappings Accord ships (``data/mappings/NAME.yaml``): the ones a page may offer."""
    return sorted(path.stem for path in MAPPINGS_DIR.glob("*.yaml"))


@contextmanager
def refusals_as_job_refusals() -> Iterator[None]:
    """An importer's refusal becomes the job's, each problem with its line and field."""
    try:
        yield
    except ImportRefused as refusal:
        problems = [
            {"line": problem.line, "field": problem.field, "reason": problem.reason}
            for problem in refusal.problems
        ]
        raise JobRefused(str(refusal).splitlines()[0], problems) from None


def import_events_file(
    kind: str, path: Path, *, mapping: str, keep_good: bool, actor: Actor, run: Run, progress: Progress
) -> Outcome:
    """Import an events file as ``accord events import`` does, into the job's run; bad rows refuse it
    unless ``keep_good`` (then the rejected rows' lines and fields are the run's messages).
    """
    rejects = path.with_name(path.name + ".rejects.csv")
    with refusals_as_job_refusals():
        if kind == "ucdp-ged":
            import_ged(path, actor=actor, keep_good=keep_good, rejects=rejects, progress=progress, run=run)
        else:
            import_mapped(
                path,
                MAPPINGS_DIR / f"{mapping}.yaml",
                actor=actor,
                keep_good=keep_good,
                rejects=rejects,
                progress=progress,
                run=run,
            )
    return Outcome.recorded_by_the_work()


def import_series_file(path: Path, *, actor: Actor, run: Run, progress: Progress) -> Outcome:
    """Import a JHU CSSE COVID-19 file as ``accord series import jhu-covid`` does, into the job's run."""
    with refusals_as_job_refusals():
        import_jhu_covid(path, actor=actor, progress=progress, run=run)
    return Outcome.recorded_by_the_work()


def raise_member_alerts(actor: Actor) -> alerts.EarlyWarningRun:
    """The early-warning methods over the member states' COVID series: the new alerts, and the
    episodes opened, escalated, reopened and closed (``.changes``)."""
    return alerts.run_member_early_warning(actor=actor)
