"""``accord statements``: statements per year, each level named in the chosen language."""

from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import AccordCommand
from accord.decisions.queries import statement_counts


def year_line(row: dict[str, Any]) -> str:
    """One year: statements recorded by level name, and the number reported (levels named too)."""
    line = f"{row['year']}: " + _("%(recorded)s recorded") % {"recorded": row["recorded"]}
    if row["by_level_named"]:
        line += (
            " (" + ", ".join(f"{level['label']}: {level['count']}" for level in row["by_level_named"]) + ")"
        )
    if row["reported"] is not None:
        line += "; " + _("%(count)s reported") % {"count": row["reported"]}
        if row["reported_level_labels"]:
            line += f" ({', '.join(row['reported_level_labels'])})"
    return line


class Command(AccordCommand):
    help = "Statements per year and level: those recorded one by one and the yearly numbers reported."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = statement_counts(SYSTEM_USER)
        lines = [year_line(row) for row in rows] or [_("No statements recorded.")]
        self.emit(options, {"years": rows, "count": len(rows), "reasons": []}, lines)
