"""``accord events import ucdp-ged PATH`` and ``accord events import csv PATH --mapping FILE``."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from accord.core.audit import Actor
from accord.core.cli import INTERRUPTED, USAGE_ERROR, AccordCommand, InputError
from accord.core.importing import ImportRefused
from accord.core.models import Run
from accord.crisis.ingest.ged import import_ged
from accord.crisis.ingest.mapped import import_mapped
from accord.crisis.management.commands._interrupted import last_import_id, saved_import


class Command(AccordCommand):
    help = "Import events: UCDP GED files, or CSV/JSON through a mapping (all or nothing unless --keep-good)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["import"])
        parser.add_argument(
            "kind", choices=["ucdp-ged", "csv"], help="ucdp-ged, or csv (CSV or JSON with --mapping)"
        )
        parser.add_argument("path")
        parser.add_argument("--mapping", help="the mapping file (YAML) for csv")
        parser.add_argument(
            "--keep-good", action="store_true", help="import the good rows; write the bad ones out"
        )
        parser.add_argument("--rejects", help="where to write the bad rows (default: PATH.rejects.csv)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise InputError(f"no such file: {path}")
        if options["kind"] == "csv" and not options["mapping"]:
            raise InputError("csv needs --mapping FILE (an example: data/mappings/acled.yaml)")
        rejects = Path(options["rejects"]) if options["rejects"] else path.with_suffix(".rejects.csv")
        actor = Actor.system("event-importer")
        before = last_import_id(actor)
        interrupted = False
        try:
            run = self.import_with_progress(options, path, rejects if options["keep_good"] else None, actor)
        except KeyboardInterrupt:
            run = saved_import(before, path, actor)
            if run is None:
                raise CommandError(_("interrupted: nothing was imported"), returncode=INTERRUPTED) from None
            interrupted = True
        self.report(options, path, rejects, run)
        if interrupted:
            self.stderr.write(_("Interrupted after the import was saved: everything above was imported."))

    def import_with_progress(
        self, options: dict[str, Any], path: Path, rejects: Path | None, actor: Actor
    ) -> Run:
        """Run the import with a progress bar; a file it refuses ends the command with status 2."""
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            transient=True,
            disable=options.get("json", False),
        ) as progress:
            task = progress.add_task(_("importing"), total=None)

            def advance(done: int, total: int) -> None:
                """Rows or bytes, whichever the importer counts: the bar shows the share done, and starts
                again when the file is read a second way (row by row, after the columnar reader gave up).
                """
                if progress.tasks[0].total != total:
                    progress.reset(task, total=total)
                progress.update(task, advance=done)

            try:
                return self.run_import(options, path, rejects, actor, advance)
            except ImportRefused as error:
                raise CommandError(str(error), returncode=USAGE_ERROR) from None

    def report(self, options: dict[str, Any], path: Path, rejects: Path, run: Run) -> None:
        """What the import added, updated, left and rejected."""
        payload = {
            "file": str(path),
            "added": run.added,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "rejected": run.rejected,
            "rejects_file": str(rejects) if run.rejected else None,
            "reasons": [],
        }
        lines = [
            _(
                "%(file)s: %(added)s added, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected."
            )
            % {key: payload[key] for key in ("file", "added", "updated", "unchanged", "rejected")}
        ]
        if run.rejected:
            lines.append(_("The rejected rows and their reasons are in %(path)s.") % {"path": rejects})
        self.emit(options, payload, lines)

    def run_import(
        self, options: dict[str, Any], path: Path, rejects: Path | None, actor: Actor, advance: Any
    ) -> Run:
        if options["kind"] == "ucdp-ged":
            return import_ged(
                path, actor=actor, keep_good=options["keep_good"], rejects=rejects, progress=advance
            )
        return import_mapped(
            path,
            Path(options["mapping"]),
            actor=actor,
            keep_good=options["keep_good"],
            rejects=rejects,
            progress=advance,
        )
