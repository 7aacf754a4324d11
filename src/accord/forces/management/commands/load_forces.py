"""``accord load-forces csto|FOLDER|FILE``: formations, trainings, operations, cooperation and the
training of personnel from the forces data files."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.core.audit import Actor
from accord.core.cli import USAGE_ERROR, AccordCommand
from accord.core.conflicts import add_file_wins_arguments, file_wins_from_options
from accord.core.errors import ServiceError
from accord.core.sync import warn_conflicts
from accord.forces.loaders import ForcesFileError, files_to_load


class Command(AccordCommand):
    help = "Load the forces data files (each file all valid, or nothing of it written)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("data", help="'csto', a folder of forces files, or one forces YAML file")
        add_file_wins_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        file_wins = file_wins_from_options(options)
        actor = Actor.system("forces-loader")
        try:
            files = files_to_load(options["data"])
            loaded = [(path, kind.load(path, actor=actor, file_wins=file_wins)) for path, kind in files]
        except ForcesFileError as error:
            raise CommandError(
                _("%(count)s problem(s), nothing was written:") % {"count": len(error.problems)}
                + "\n"
                + str(error),
                returncode=USAGE_ERROR,
            ) from None
        except ServiceError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        lines = [
            _("Forces file %(file)s loaded: %(count)s change(s).") % {"file": path, "count": report.changes}
            for path, report in loaded
        ] or [_("No forces data files found for %(data)s.") % {"data": options["data"]}]
        data = {
            "files": [
                {
                    "file": str(path),
                    "changes": report.changes,
                    "conflicts": [str(c) for c in report.conflicts],
                }
                for path, report in loaded
            ]
        }
        self.emit(options, data, lines)
        for _path, report in loaded:
            warn_conflicts(self, options, report)
