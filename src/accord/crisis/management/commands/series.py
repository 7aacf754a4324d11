"""``accord series import jhu-covid PATH``: the JHU CSSE COVID-19 data as daily series."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from accord.core.audit import Actor
from accord.core.cli import INTERRUPTED, USAGE_ERROR, AccordCommand, InputError
from accord.core.importing import ImportRefused
from accord.core.models import Run
from accord.crisis.ingest.jhu import SeriesImport, import_jhu_covid
from accord.crisis.management.commands._interrupted import last_import_id, saved_import


class Command(AccordCommand):
    help = "Import daily series: jhu-covid (cumulative JHU CSSE data; daily counts derived, revisions kept)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["import"])
        parser.add_argument("kind", choices=["jhu-covid"])
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise InputError(f"no such file: {path}")
        actor = Actor.system("series-importer")
        before = last_import_id(actor)
        try:
            result = self.import_with_progress(options, path, actor)
        except KeyboardInterrupt:
            run = saved_import(before, path, actor)
            if run is None:
                raise CommandError(_("interrupted: nothing was imported"), returncode=INTERRUPTED) from None
            self.report_interrupted(options, path, run)
            return
        self.report(options, path, result)

    def import_with_progress(self, options: dict[str, Any], path: Path, actor: Actor) -> SeriesImport:
        """Run the import with a progress bar; a file it refuses ends the command with status 2."""
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            transient=True,
            disable=options.get("json", False),
        ) as progress:
            task = progress.add_task(_("importing series"), total=None)
            try:
                return import_jhu_covid(
                    path,
                    actor=actor,
                    progress=lambda done, total: progress.update(task, total=total, advance=done),
                )
            except ImportRefused as error:
                raise CommandError(str(error), returncode=USAGE_ERROR) from None

    def report(self, options: dict[str, Any], path: Path, result: SeriesImport) -> None:
        """What the import added, updated and flagged, and what it left out."""
        run = result.run
        payload = {
            "file": str(path),
            "series": result.series,
            "added": run.added,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "revisions": result.revisions,
            "skipped": result.skipped,
            "reasons": [],
        }
        lines = [
            _(
                "%(series)s series: %(added)s days added, %(updated)s updated, %(unchanged)s unchanged; "
                "%(revisions)s downward revisions kept and flagged."
            )
            % payload
        ]
        lines += [
            _("Not imported: %(name)s, %(count)s rows.") % {"name": name, "count": count}
            for name, count in result.skipped.items()
        ]
        self.emit(options, payload, lines)

    def report_interrupted(self, options: dict[str, Any], path: Path, run: Run) -> None:
        """Ctrl-C came after the commit: the whole import is saved, and the command says so."""
        payload = {
            "file": str(path),
            "added": run.added,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "interrupted": True,
            "reasons": [],
        }
        line = _(
            "Interrupted after the import was saved: %(added)s days added, %(updated)s updated, "
            "%(unchanged)s unchanged were imported."
        )
        self.emit(options, payload, [line % payload])
