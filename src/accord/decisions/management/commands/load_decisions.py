"""``accord load-decisions csto|PATH``: sessions, documents and measures from a data file."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.core.audit import Actor
from accord.core.cli import USAGE_ERROR, AccordCommand
from accord.core.conflicts import add_file_wins_arguments, file_wins_from_options
from accord.core.errors import ServiceError
from accord.core.sync import warn_conflicts
from accord.decisions.loader import DataFileError, load_decisions, resolve_decisions_path


class Command(AccordCommand):
    help = "Load sessions, documents and measures from a data file (all of it valid, or nothing written)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("data", help="'csto' or the path of a decisions YAML file")
        add_file_wins_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = resolve_decisions_path(options["data"])
        file_wins = file_wins_from_options(options)
        try:
            report = load_decisions(path, actor=Actor.system("decisions-loader"), file_wins=file_wins)
        except DataFileError as error:
            raise CommandError(
                _("%(count)s problem(s), nothing was written:") % {"count": len(error.problems)}
                + "\n"
                + str(error),
                returncode=USAGE_ERROR,
            ) from None
        except ServiceError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        changes = report.changes
        text = (
            _("Decisions %(file)s loaded: nothing changed.") % {"file": path}
            if not changes
            else _("Decisions %(file)s loaded: %(count)s change(s).") % {"file": path, "count": changes}
        )
        conflicts = [str(conflict) for conflict in report.conflicts]
        self.emit(
            options, {"file": str(path), "changes": changes, "conflicts": conflicts, "reasons": []}, [text]
        )
        warn_conflicts(self, options, report)
