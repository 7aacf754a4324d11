"""The import and alert functions the crisis jobs call, in one place.

The jobs reach the importers (``crisis/ingest/``) and the alert service only through this module.
Each step takes plain values and the job's ``progress(done, total)``, and answers with the counts of
a ``core.Run`` or raises :class:`~accord.core.jobs.JobRefused` with the file's problems.
"""

from __future__ import annotations

import csv
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
    kind: str, path: Path, *, mapping: str, keep_good: bool, actor: Actor, progress: Progress
) -> Outcome:
    """Import an events file as ``accord events import`` does; bad rows refuse it unless ``keep_good``."""
    rejects = path.with_name(path.name + ".rejects.csv")
    with refusals_as_job_refusals():
        if kind == "ucdp-ged":
            imported = import_ged(path, actor=actor, keep_good=keep_good, rejects=rejects, progress=progress)
        else:
            imported = import_mapped(
                path,
                MAPPINGS_DIR / f"{mapping}.yaml",
                actor=actor,
                keep_good=keep_good,
                rejects=rejects,
                progress=progress,
            )
    counts = {name: getattr(imported, name) for name in ("added", "updated", "unchanged", "rejected")}
    status = Run.Status.PARTIAL if imported.rejected else Run.Status.COMPLETE
    return Outcome(status, counts, rejected_rows(rejects) if imported.rejected else [])


def rejected_rows(rejects: Path) -> list[dict[str, object]]:
    """The rejected rows' problems (line, field, reason) read back from the importer's rejects file."""
    problems: list[dict[str, object]] = []
    if not rejects.exists():
        return problems
    with rejects.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for reason in (row.get("reasons") or "").split("; "):
                field, _, why = reason.partition(": ")
                problems.append({"line": int(row["line"]), "field": field, "reason": why})
    return problems


def import_series_file(path: Path, *, actor: Actor, progress: Progress) -> Outcome:
    """Import a JHU CSSE COVID-19 file as ``accord series import jhu-covid`` does."""
    with refusals_as_job_refusals():
        imported = import_jhu_covid(path, actor=actor, progress=progress)
    run = imported.run
    return Outcome(counts={"added": run.added, "updated": run.updated, "unchanged": run.unchanged})


def raise_member_alerts(actor: Actor) -> int:
    """The early-warning methods over the member states' COVID series: how many new alerts."""
    return alerts.raise_member_alerts(actor=actor)
