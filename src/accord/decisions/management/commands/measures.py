"""``accord measures [--overdue] [--on DATE]``: measures of programs and lists, where they stand."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import AccordCommand, parse_date
from accord.decisions.queries import measure_rows


class Command(AccordCommand):
    help = (
        "List measures with their status on a date; --overdue: only those past their deadline and not done."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--overdue", action="store_true")
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"], "--on") if options["on"] else timezone.localdate()
        rows = measure_rows(SYSTEM_USER, on, overdue_only=options["overdue"])
        lines = [
            f"{row['program']} #{row['number']}: {row['status']} — {row['text']}"
            f" ({_('deadline')}: {row['deadline'] or '—'}; {', '.join(row['states']) or '—'})"
            for row in rows
        ] or [
            _("No overdue measures on %(date)s.") % {"date": on} if options["overdue"] else _("No measures.")
        ]
        reasons = [reason for row in rows for reason in row["reasons"]]
        self.emit(
            options,
            {
                "on": on.isoformat(),
                "overdue_only": options["overdue"],
                "measures": rows,
                "count": len(rows),
                "reasons": reasons,
            },
            lines,
        )
