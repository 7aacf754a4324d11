"""``accord personnel list --year YEAR`` and ``accord personnel record``: places offered and used in the
training of personnel, per state, field and institution (figures only, never people)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.core.cli import InputError, parse_year
from accord.decisions.management.commands._base import DecisionsCommand
from accord.forces.management.commands.forces import count_of, labels_from
from accord.forces.models import TrainingField
from accord.forces.registry import queries, services
from accord.forces.registry.serialize import personnel_json


class Command(DecisionsCommand):
    help = "The training of personnel: places offered and used per year, state, field and institution."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["list", "record"])
        parser.add_argument("--year", help="the year, e.g. 2020")
        parser.add_argument(
            "--state", default="", help="record: whose personnel (ISO code; none for a total)"
        )
        parser.add_argument("--field", choices=TrainingField.values, default="", help="record: the field")
        parser.add_argument("--institution", default="", help="record: the institution (not a person)")
        parser.add_argument("--offered", help="record: places offered (leave out when unknown)")
        parser.add_argument("--used", help="record: places used (leave out when unknown)")
        parser.add_argument("--approximate", action="store_true", help="record: the figures are approximate")
        parser.add_argument("--source", default="", help="record: where the figures come from")
        parser.add_argument("--note", default="", help="record: a note (no names of people)")
        parser.add_argument("--classification", type=int, choices=[0, 1, 2, 3], help="0 public … 3 secret")
        parser.add_argument("--releasability", default="", help="everyone|members-and-partners|members-only")
        parser.add_argument("--reason", default="", help="why the record is made (kept in its history)")
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["year"]:
            raise InputError("--year is needed")
        year = parse_year(options["year"])
        if options["verb"] == "record":
            self.record(options, year)
            return
        user = self.actor(options).access_user
        rows = list(queries.personnel_of_year(user, year))
        totals = queries.personnel_totals(user, year)
        overall = queries.total(rows)
        lines = [
            f"{code or _('all member states'):<18} {field or _('all fields'):<12} "
            f"{_('offered')} {shown(found.offered)}, {_('used')} {approx(found)}{shown(found.used)}"
            for (code, field), found in totals.items()
        ] or [_("No training of personnel recorded for %(year)s.") % {"year": year}]
        payload = {
            "year": year,
            "rows": [personnel_json(row) for row in rows],
            "totals": [
                {
                    "state": code or None,
                    "field": field or None,
                    "places_offered": found.offered,
                    "places_used": found.used,
                    "approximate": found.approximate,
                    "sources": list(found.sources),
                }
                for (code, field), found in totals.items()
            ],
            "total": {
                "places_offered": overall.offered,
                "places_used": overall.used,
                "approximate": overall.approximate,
            },
        }
        self.emit(options, payload, lines)

    def record(self, options: dict[str, Any], year: int) -> None:
        if not options["institution"]:
            raise InputError("record needs --institution")
        values = {
            "year": year,
            "state": options["state"] or None,
            "field": options["field"],
            "institution_en": options["institution"],
            "places_offered": count_of(options["offered"], "--offered"),
            "places_used": count_of(options["used"], "--used"),
            "approximate": options["approximate"],
            "source_text": options["source"],
            "note_en": options["note"],
            **labels_from(options),
        }
        actor = self.actor(options)
        row = self.write(lambda: services.record_personnel(values, actor=actor, reason=options["reason"]))
        self.emit(
            options,
            personnel_json(row),
            [_("Training figure #%(id)s recorded: %(row)s.") % {"id": row.pk, "row": row}],
        )


def approx(found: queries.Total) -> str:
    return "≈" if found.approximate else ""


def shown(value: int | None) -> str:
    return "—" if value is None else str(value)
