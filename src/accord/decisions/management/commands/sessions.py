"""``accord sessions [--body B] [--from D --to D]``: sessions of the bodies, newest first."""

from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import AccordCommand, InputError, parse_date
from accord.decisions.queries import session_row, visible_sessions


class Command(AccordCommand):
    help = "List sessions, optionally of one body and within dates."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--body", help="the body's key, e.g. csc")
        parser.add_argument("--from", dest="start", help="first date, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"], "--from") if options["start"] else None
        end = parse_date(options["end"], "--to") if options["end"] else None
        if start and end and end < start:
            raise InputError(f"--to {end} is before --from {start}")
        try:
            sessions = visible_sessions(SYSTEM_USER, body=options["body"] or "", start=start, end=end)
        except ValueError as error:
            raise InputError(str(error)) from None
        rows = [session_row(session) for session in sessions]
        lines = [
            f"#{row['id']} {row['date']} {row['body']}: {row['title']} — {row['place'] or row['format']}"
            f" ({row['adopted']}/{row['items']} " + _("adopted") + ")"
            for row in rows
        ] or [_("No sessions match.")]
        self.emit(options, {"sessions": rows, "count": len(rows), "reasons": []}, lines)
