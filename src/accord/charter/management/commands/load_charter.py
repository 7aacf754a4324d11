"""``accord load-charter csto|PATH``: check a charter file, then make the database match it."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.charter.loader import CharterFileError, load_charter, resolve_charter_path
from accord.charter.services import ServiceError
from accord.core.audit import Actor
from accord.core.cli import USAGE_ERROR, AccordCommand
from accord.core.conflicts import add_file_wins_arguments, file_wins_from_options
from accord.core.sync import warn_conflicts


class Command(AccordCommand):
    help = (
        "Load a charter: a shipped one by name (csto) or a YAML file. "
        "Nothing is written unless all of it is valid."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("charter", help="'csto' or the path of a charter YAML file")
        add_file_wins_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = resolve_charter_path(options["charter"])
        file_wins = file_wins_from_options(options)
        try:
            report = load_charter(path, actor=Actor.system("charter-loader"), file_wins=file_wins)
        except CharterFileError as error:
            count = len(error.problems)
            raise CommandError(
                _("%(count)s problem(s), nothing was written:") % {"count": count} + "\n" + str(error),
                returncode=USAGE_ERROR,
            ) from None
        except ServiceError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        summary = report.summary()
        if not report.changed:
            text = [_("Charter %(file)s loaded: nothing changed.") % {"file": path}]
        else:
            text = [_("Charter %(file)s loaded:") % {"file": path}]
            for verb, counts in summary.items():
                for kind, number in sorted(counts.items()):
                    text.append(f"  {verb} {number} {kind}")
        conflicts = [str(conflict) for conflict in report.conflicts]
        payload = {
            "file": str(path),
            "changed": report.changed,
            **summary,
            "conflicts": conflicts,
            "reasons": [],
        }
        self.emit(options, payload, text)
        warn_conflicts(self, options, report)
