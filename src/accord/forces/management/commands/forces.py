"""``accord forces formations|contributions|contribute|change-contribution|readiness|readiness-matrix|
report``: the formations, the national contributions to them (recorded, changed or ended with a reason:
``accord forces change-contribution ID [--personnel N] [--equipment N] [--until DATE] [--description
TEXT] --reason TEXT``), their readiness on a date, and the yearly activity report
(``accord forces report --year YEAR [--json] [--format html|pdf --out FILE]``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.cli import InputError, parse_date
from accord.decisions.management.commands._base import DecisionsCommand
from accord.forces.models import Contribution, Formation, Rating, UnitType
from accord.forces.registry import queries, services
from accord.forces.registry.serialize import contribution_json, formation_json, readiness_json
from accord.forces.report_cli import report_verb

RATINGS = [rating.value for rating in Rating]


class Command(DecisionsCommand):
    help = (
        "The formations, national contributions and their readiness (list, record, the matrix on a date), "
        "and the yearly activity report."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "verb",
            choices=[
                "formations",
                "contributions",
                "contribute",
                "change-contribution",
                "readiness",
                "readiness-matrix",
                "report",
            ],
        )
        parser.add_argument(
            "targets",
            nargs="*",
            help="contribute: FORMATION STATE; change-contribution, readiness: CONTRIBUTION_ID",
        )
        parser.add_argument("--formation", default="", help="contributions: only this formation's")
        parser.add_argument("--state", default="", help="contributions: only this state's (ISO code)")
        parser.add_argument("--unit-type", choices=UnitType.values, help="contribute: the kind of unit")
        parser.add_argument("--description", default="", help="contribute: the unit, without names of people")
        parser.add_argument("--personnel", help="contribute: personnel (leave out when unknown)")
        parser.add_argument(
            "--equipment",
            help="contribute: items of equipment (a number); readiness: ready|partial|not-ready",
        )
        parser.add_argument("--from", dest="start", help="contribute: in place from, YYYY-MM-DD")
        parser.add_argument("--until", dest="end", help="contribute: in place until, YYYY-MM-DD")
        parser.add_argument(
            "--date", help="readiness: the day rated; readiness-matrix: the day (default today)"
        )
        parser.add_argument("--people", choices=RATINGS)
        parser.add_argument("--support", choices=RATINGS)
        parser.add_argument("--document", type=int, help="readiness: id of the report document")
        parser.add_argument("--source", default="", help="where the figures or the rating come from")
        parser.add_argument("--note", default="", help="a note (no names of people)")
        parser.add_argument("--classification", type=int, choices=[0, 1, 2, 3], help="0 public … 3 secret")
        parser.add_argument("--releasability", default="", help="everyone|members-and-partners|members-only")
        parser.add_argument("--reason", default="", help="why the record is made (kept in its history)")
        parser.add_argument("--year", help="report: the report's year, e.g. 2020")
        parser.add_argument("--format", choices=["html", "pdf"], help="report: write it as HTML or PDF")
        parser.add_argument(
            "--out", help="report: the file to write (needed for PDF; HTML without it is printed)"
        )
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"].replace("-", "_")
        getattr(self, f"do_{verb}")(options)

    def do_report(self, options: dict[str, Any]) -> None:
        report_verb(self, options, self.actor(options).access_user)

    def do_formations(self, options: dict[str, Any]) -> None:
        user = self.actor(options).access_user
        counts = queries.counted_per_state(user)
        formations = list(Formation.objects.restrict(user).select_related("region", "parent"))
        rows = [formation_json(item, counts.get(item.pk, {})) for item in formations]
        lines = [
            f"{item.key:<24} {item.short:<12} {item.get_kind_display()}"
            + (
                f"  [{', '.join(f'{c}: {n}' for c, n in sorted(counts[item.pk].items()))}]"
                if item.pk in counts
                else ""
            )
            for item in formations
        ] or [_("No formations recorded.")]
        self.emit(options, {"formations": rows}, lines)

    def do_contributions(self, options: dict[str, Any]) -> None:
        user = self.actor(options).access_user
        found = list(queries.contributions(user, formation=options["formation"], state=options["state"]))
        latest = queries.readiness_on(user, timezone.localdate(), [item.pk for item in found])
        rows = [contribution_json(item, user, latest.get(item.pk)) for item in found]
        lines = [
            f"#{item.pk} {item.formation.key} {item.state.code} {item.get_unit_type_display()}: "
            f"{_('personnel')} {blank(item.personnel)}, {_('equipment')} {blank(item.equipment)}; "
            f"{_('readiness')}: {rating_text(latest.get(item.pk))}"
            for item in found
        ] or [_("No contributions that you may see.")]
        self.emit(options, {"contributions": rows}, lines)

    def do_contribute(self, options: dict[str, Any]) -> None:
        if len(options["targets"]) != 2 or not options["unit_type"]:
            raise InputError("contribute needs FORMATION STATE and --unit-type")
        formation, state = options["targets"]
        values = {
            "formation": formation,
            "state": state,
            "unit_type": options["unit_type"],
            "description_en": options["description"],
            "personnel": count_of(options["personnel"], "--personnel"),
            "equipment": count_of(options["equipment"], "--equipment"),
            "valid_from": parse_date(options["start"], "--from") if options["start"] else None,
            "valid_until": parse_date(options["end"], "--until") if options["end"] else None,
            "source_text": options["source"],
            "note_en": options["note"],
            **labels_from(options),
        }
        actor = self.actor(options)
        item = self.write(lambda: services.record_contribution(values, actor=actor, reason=options["reason"]))
        self.emit(
            options,
            contribution_json(item, actor.access_user, with_latest=False),
            [_("Contribution #%(id)s recorded: %(item)s.") % {"id": item.pk, "item": item}],
        )

    def do_change_contribution(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        contribution = self.contribution_given(options, "change-contribution", actor.access_user)
        values = changes_from(options)
        if not values:
            raise InputError(
                "change-contribution needs at least one of --personnel, --equipment, --from, --until, "
                "--description, --source, --note, --classification, --releasability"
            )
        if not options["reason"].strip():
            raise InputError("change-contribution needs --reason (kept in the contribution's history)")
        changed = self.write(
            lambda: services.change_contribution(contribution, values, actor=actor, reason=options["reason"])
        )
        fresh = queries.contributions(actor.access_user).get(pk=contribution.pk)
        message = _("Contribution #%(id)s changed: %(item)s.") if changed else _("Nothing to change.")
        self.emit(
            options,
            {**contribution_json(fresh, actor.access_user, with_latest=False), "changed": changed},
            [message % {"id": fresh.pk, "item": fresh} if changed else message],
        )

    def contribution_given(self, options: dict[str, Any], verb: str, user: Any) -> Contribution:
        """The contribution named by the one target, if the user may see it."""
        targets = options["targets"]
        if len(targets) != 1 or not targets[0].isdigit():
            raise InputError(f"{verb} needs CONTRIBUTION_ID (a number)")
        found = Contribution.objects.restrict(user).filter(pk=int(targets[0])).first()
        if found is None:
            raise InputError(f"no contribution #{targets[0]} that you may see")
        return found

    def do_readiness(self, options: dict[str, Any]) -> None:
        targets = options["targets"]
        if len(targets) != 1 or not targets[0].isdigit():
            raise InputError("readiness needs CONTRIBUTION_ID (a number)")
        missing = [name for name in ("date", "people", "equipment", "support") if not options[name]]
        if missing:
            raise InputError("readiness needs --date, --people, --equipment and --support")
        if options["equipment"] not in RATINGS:
            raise InputError(f"--equipment: expected one of {', '.join(RATINGS)}")
        actor = self.actor(options)
        contribution = Contribution.objects.restrict(actor.access_user).filter(pk=int(targets[0])).first()
        if contribution is None:
            raise InputError(f"no contribution #{targets[0]} that you may see")
        values = {
            "date": parse_date(options["date"], "--date"),
            "people": options["people"],
            "equipment": options["equipment"],
            "support": options["support"],
            "document": options["document"],
            "source_text": options["source"],
            "note": options["note"],
            **labels_from(options),
        }
        report = self.write(
            lambda: services.record_readiness(contribution, values, actor=actor, reason=options["reason"])
        )
        self.emit(
            options,
            readiness_json(report, actor.access_user),
            [
                _("Readiness of #%(id)s on %(date)s: %(overall)s.")
                % {"id": contribution.pk, "date": report.date, "overall": report.get_overall_display()}
            ],
        )

    def do_readiness_matrix(self, options: dict[str, Any]) -> None:
        user = self.actor(options).access_user
        day = parse_date(options["date"], "--date") if options["date"] else timezone.localdate()
        matrix = queries.readiness_matrix(user, day)
        rows = []
        lines = [_("Readiness on %(day)s") % {"day": day}]
        for formation in matrix.formations:
            for state in matrix.states:
                cell = matrix.cell(formation, state)
                if cell is None:
                    continue
                rows.append(
                    {
                        "formation": formation.key,
                        "state": state.code,
                        "contributions": len(cell.contributions),
                        "overall": cell.overall or None,
                        "unrated": cell.unrated,
                    }
                )
                shown = Rating(cell.overall).label if cell.overall else _("not reported")
                lines.append(f"  {formation.key:<24} {state.code}  {shown}")
        if not rows:
            lines.append(_("No contributions in place that you may see."))
        self.emit(options, {"date": day, "cells": rows}, lines)


def rating_text(report: Any) -> str:
    """A report's overall rating, or "not reported"."""
    return report.get_overall_display() if report else _("not reported")


def blank(value: int | None) -> str:
    """A figure, or a dash when unknown."""
    return "—" if value is None else str(value)


def count_of(text: str | None, what: str) -> int | None:
    """A whole number of people or items, or None when not given (unknown, not zero)."""
    if text is None:
        return None
    if not text.isdigit():
        raise InputError(f"{what}: expected a whole number, not {text!r}")
    return int(text)


def changes_from(options: dict[str, Any]) -> dict[str, Any]:
    """The fields of a contribution given on the command line to change (only those given)."""
    values: dict[str, Any] = {}
    if options["personnel"] is not None:
        values["personnel"] = count_of(options["personnel"], "--personnel")
    if options["equipment"] is not None:
        values["equipment"] = count_of(options["equipment"], "--equipment")
    if options["start"]:
        values["valid_from"] = parse_date(options["start"], "--from")
    if options["end"]:
        values["valid_until"] = parse_date(options["end"], "--until")
    for option, field in (("description", "description_en"), ("source", "source_text"), ("note", "note_en")):
        if options[option]:
            values[field] = options[option]
    return values | labels_from(options)


def labels_from(options: dict[str, Any]) -> dict[str, Any]:
    """The labels given on the command line (the model's defaults otherwise)."""
    given: dict[str, Any] = {}
    if options.get("classification") is not None:
        given["classification"] = options["classification"]
    if options.get("releasability"):
        given["releasability"] = options["releasability"]
    return given
