"""``accord load-response csto|FILE``: the deliveries the sources record (each file all valid, or
nothing of it written; a reload keeps what users recorded)."""

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.charter.loader import CharterFileError
from accord.core.audit import Actor
from accord.core.cli import USAGE_ERROR, AccordCommand
from accord.core.conflicts import add_file_wins_arguments, file_wins_from_options
from accord.core.errors import ServiceError
from accord.core.sync import warn_conflicts
from accord.response.deliveries_file import deliveries_path, load_deliveries


class Command(AccordCommand):
    help = "Load the response data file of deliveries (all valid, or nothing of it written)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("data", help="'csto', or a deliveries YAML file")
        add_file_wins_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = deliveries_path(options["data"])
        if not path.exists() and "/" not in options["data"] and not path.suffix:
            # An organization that ships no response data (setup loads every organization's files).
            lines = [_("No response data file for %(data)s.") % {"data": options["data"]}]
            self.emit(options, {"file": None, "changes": 0, "conflicts": []}, lines)
            return
        try:
            report = load_deliveries(
                path, actor=Actor.system("response-loader"), file_wins=file_wins_from_options(options)
            )
        except CharterFileError as error:
            raise CommandError(
                _("%(count)s problem(s), nothing was written:") % {"count": len(error.problems)}
                + "\n"
                + str(error),
                returncode=USAGE_ERROR,
            ) from None
        except ServiceError as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        lines = [
            _("Response file %(file)s loaded: %(count)s change(s).") % {"file": path, "count": report.changes}
        ]
        data = {"file": str(path), "changes": report.changes, "conflicts": [str(c) for c in report.conflicts]}
        self.emit(options, data, lines)
        warn_conflicts(self, options, report)
