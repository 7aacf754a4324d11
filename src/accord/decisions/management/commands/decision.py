"""``accord decision show ID`` and ``accord decision position ID --state S --position P``: an agenda
item, its outcome, positions and the reasons; record or correct one state's position."""

from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError
from accord.core.references import References
from accord.decisions.management.commands._base import DecisionsCommand
from accord.decisions.models import AgendaItem
from accord.decisions.queries import agenda_item_payload
from accord.decisions.rules import POSITIONS
from accord.decisions.services import record_position


class Command(DecisionsCommand):
    help = (
        "Show the decision on an agenda item (outcome, each state's position, and why), "
        "or record or correct a state's position on it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["show", "position"])
        parser.add_argument("id", help="the agenda item's number as listed by the API and pages")
        parser.add_argument("--state", help="position: the state's code")
        parser.add_argument("--position", choices=POSITIONS, help="position: the state's position")
        parser.add_argument("--remark", default="", help="position: the objection or reservation")
        parser.add_argument("--reason", default="", help="position: why (needed to correct a position)")
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["id"].isdigit():
            raise InputError(f"id {options['id']!r} is not understood: expected a number, e.g. 3")
        item = AgendaItem.objects.restrict(SYSTEM_USER).filter(pk=int(options["id"])).first()
        if item is None:
            raise InputError(f"no agenda item {options['id']}")
        if options["verb"] == "position":
            self.record(item, options)
            item.refresh_from_db()
        payload = agenda_item_payload(item, References(SYSTEM_USER))
        self.emit(options, payload, self.lines(payload))

    def record(self, item: AgendaItem, options: dict[str, Any]) -> None:
        """Record or correct the position given with --state and --position."""
        if not options["state"] or not options["position"]:
            raise InputError("position: give --state and --position")
        actor = self.actor(options)
        self.write(
            lambda: record_position(
                item,
                options["state"],
                options["position"],
                options["remark"],
                actor=actor,
                reason=options["reason"],
            )
        )

    def lines(self, payload: dict[str, Any]) -> list[str]:
        """The decision as readable lines."""
        lines = [
            f"{payload['session']['date']} {payload['session']['body']}: "
            f"{payload['number']}. {payload['title']}",
            _("Outcome: %(outcome)s") % {"outcome": payload["outcome_label"]},
        ]
        if payload["note"]:
            lines.append("  " + payload["note"])
        for row in payload["positions"]:
            lines.append(
                f"  {row['state']}: {row['position_label']}{' — ' + row['remark'] if row['remark'] else ''}"
            )
            lines += [
                "    "
                + _("earlier: %(position)s (corrected on %(date)s)")
                % {"position": earlier["position_label"], "date": earlier["until"]}
                for earlier in row["earlier"]
            ]
        if payload["missing"]:
            lines.append(
                "  " + _("Positions missing: %(states)s") % {"states": ", ".join(payload["missing"])}
            )
        lines += [f"  - {reason}" for reason in payload["reasons"]]
        if payload["sources"]:
            lines.append("  " + _("Sources: %(sources)s") % {"sources": ", ".join(payload["sources"])})
        return lines
