"""``accord decision show ID``: an agenda item, its outcome, positions and the reasons."""

from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import AccordCommand, InputError
from accord.core.references import References
from accord.decisions.models import AgendaItem
from accord.decisions.queries import agenda_item_payload


class Command(AccordCommand):
    help = "Show the decision on an agenda item: outcome, each state's position, and why."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["show"])
        parser.add_argument("id", help="the agenda item's number as listed by the API and pages")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["id"].isdigit():
            raise InputError(f"id {options['id']!r} is not understood: expected a number, e.g. 3")
        item = AgendaItem.objects.restrict(SYSTEM_USER).filter(pk=int(options["id"])).first()
        if item is None:
            raise InputError(f"no agenda item {options['id']}")
        payload = agenda_item_payload(item, References(SYSTEM_USER))
        lines = [
            f"{payload['session']['date']} {payload['session']['body']}: "
            f"{payload['number']}. {payload['title']}",
            _("Outcome: %(outcome)s") % {"outcome": payload["outcome_label"]},
        ]
        if payload["note"]:
            lines.append("  " + payload["note"])
        lines += [
            f"  {row['state']}: {row['position_label']}{' — ' + row['remark'] if row['remark'] else ''}"
            for row in payload["positions"]
        ]
        lines += [f"  - {reason}" for reason in payload["reasons"]]
        if payload["sources"]:
            lines.append("  " + _("Sources: %(sources)s") % {"sources": ", ".join(payload["sources"])})
        self.emit(options, payload, lines)
