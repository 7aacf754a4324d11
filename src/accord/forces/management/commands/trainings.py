"""``accord trainings list|plan|edit|postpone|relocate|cancel|hold|join``: the joint trainings' plan and
life from the command line (as the system's planner; refusals exit with status 2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.cli import USAGE_ERROR, AccordCommand, InputError, parse_date, parse_year
from accord.core.errors import ServiceError
from accord.forces.models import Formation, Training, TrainingSeries
from accord.forces.trainings import editing, services
from accord.forces.trainings.queries import totals, year_trainings

VERBS = ["list", "plan", "edit", "postpone", "relocate", "cancel", "hold", "join"]


def training_json(training: Training) -> dict[str, Any]:
    return {
        "id": training.pk,
        "key": training.key,
        "name": training.name,
        "series": training.series.key,
        "year": training.year,
        "host": training.host.code if training.host_id else None,
        "place": training.place,
        "planned": training.planned_shown,
        "status": training.status,
        "relocated": training.relocated,
        "held": training.held_shown,
        "personnel": training.personnel,
        "sources": training.source_keys,
    }


class Command(AccordCommand):
    help = (
        "Joint trainings: list a year's plan and what happened; plan, edit (correct the plan), postpone, "
        "relocate, cancel, hold, join."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=VERBS)
        parser.add_argument("id", nargs="?", help="the training's id (all verbs but list and plan)")
        parser.add_argument("state", nargs="?", help="the state joining (join)")
        parser.add_argument("--year")
        parser.add_argument("--name")
        parser.add_argument("--name-ru", dest="name_ru")
        parser.add_argument("--place", help="the place in English (plan, edit)")
        parser.add_argument("--place-ru", dest="place_ru")
        parser.add_argument("--series")
        parser.add_argument("--host")
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")
        parser.add_argument("--formation", action="append", default=[])
        parser.add_argument("--source")
        parser.add_argument("--reason")
        parser.add_argument("--personnel", type=int)
        parser.add_argument(
            "--as", dest="capacity", choices=["participant", "observer"], default="participant"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "do_" + options["verb"])(options)
        except (ServiceError, PermissionDenied) as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None

    def need(self, options: dict[str, Any], name: str, flag: str) -> str:
        if not options.get(name):
            raise InputError(_("%(verb)s needs %(flag)s") % {"verb": options["verb"], "flag": flag})
        return options[name]

    def training(self, options: dict[str, Any]) -> Training:
        text = self.need(options, "id", "ID")
        found = (
            Training.objects.restrict(SYSTEM_USER).filter(pk=int(text)).first() if text.isdigit() else None
        )
        if found is None:
            raise InputError(_("no training with id %(id)s") % {"id": text})
        return found

    def state(self, code: str) -> State:
        found = State.objects.filter(code=code.upper()).first()
        if found is None:
            raise InputError(_("unknown state %(code)s") % {"code": code})
        return found

    def do_list(self, options: dict[str, Any]) -> None:
        year = parse_year(self.need(options, "year", "--year YEAR"))
        trainings = year_trainings(SYSTEM_USER, year)
        found = totals(SYSTEM_USER, year, trainings)
        lines = [
            f"{t.pk:>4}  {t.name:<36} {t.host.code if t.host_id else '-':<4} {t.planned_shown:<22} "
            f"{t.get_status_display()}{' (' + _('relocated') + ')' if t.relocated else ''}"
            for t in trainings
        ] or [_("No trainings recorded for %(year)s.") % {"year": year}]
        lines.append(
            _("Planned %(planned)s, held %(held)s, postponed %(postponed)s, cancelled %(cancelled)s.")
            % vars(found)
        )
        payload = {
            "year": year,
            "trainings": [training_json(t) for t in trainings],
            "totals": {
                k: getattr(found, k)
                for k in (
                    "planned",
                    "held",
                    "postponed",
                    "cancelled",
                    "relocated",
                    "personnel",
                    "announced_count",
                )
            },
        }
        self.emit(options, payload, lines)

    def do_plan(self, options: dict[str, Any]) -> None:
        series_key = self.need(options, "series", "--series SERIES")
        series = TrainingSeries.objects.restrict(SYSTEM_USER).filter(key=series_key).first()
        if series is None:
            raise InputError(_("unknown series %(key)s") % {"key": series_key})
        formations = []
        for key in options["formation"]:
            formation = Formation.objects.filter(key=key).first()
            if formation is None:
                raise InputError(_("unknown formation %(key)s") % {"key": key})
            formations.append(formation)
        training = services.plan_training(
            name=self.need(options, "name", "--name NAME"),
            name_ru=options["name_ru"] or "",
            place_en=options["place"] or "",
            place_ru=options["place_ru"] or "",
            series=series,
            host=self.state(self.need(options, "host", "--host STATE")),
            start=parse_date(self.need(options, "start", "--from DATE"), "--from"),
            end=parse_date(self.need(options, "end", "--to DATE"), "--to"),
            formations=formations,
            source=self.need(options, "source", "--source TEXT"),
            actor=services.system_actor(),
        )
        self.emit(options, training_json(training), [str(training.pk)])

    def do_edit(self, options: dict[str, Any]) -> None:
        """Correct the plan: only the options given change; --reason says why."""
        training = self.training(options)
        start = parse_date(options["start"], "--from") if options["start"] else None
        end = parse_date(options["end"], "--to") if options["end"] else None
        editing.edit_plan(
            training,
            actor=services.system_actor(),
            reason=options["reason"] or "",
            texts={
                "name_en": options["name"],
                "name_ru": options["name_ru"],
                "place_en": options["place"],
                "place_ru": options["place_ru"],
            },
            start=start,
            end=end,
        )
        self.changed(options, training)

    def changed(self, options: dict[str, Any], training: Training) -> None:
        training.refresh_from_db()
        self.emit(
            options,
            training_json(training),
            [_("%(name)s: %(status)s") % {"name": training.name, "status": training.get_status_display()}],
        )

    def do_postpone(self, options: dict[str, Any]) -> None:
        training = self.training(options)
        end = parse_date(options["end"], "--to") if options["end"] else None
        start = parse_date(options["start"], "--from") if options["start"] else end
        services.postpone(
            training, actor=services.system_actor(), reason=options["reason"] or "", start=start, end=end
        )
        self.changed(options, training)

    def do_relocate(self, options: dict[str, Any]) -> None:
        training = self.training(options)
        host = self.state(self.need(options, "host", "--host STATE"))
        services.relocate(training, host, actor=services.system_actor(), reason=options["reason"] or "")
        self.changed(options, training)

    def do_cancel(self, options: dict[str, Any]) -> None:
        training = self.training(options)
        services.cancel(training, actor=services.system_actor(), reason=options["reason"] or "")
        self.changed(options, training)

    def do_hold(self, options: dict[str, Any]) -> None:
        training = self.training(options)
        services.hold(
            training,
            actor=services.system_actor(),
            start=parse_date(self.need(options, "start", "--from DATE"), "--from"),
            end=parse_date(self.need(options, "end", "--to DATE"), "--to"),
            personnel=options["personnel"],
        )
        self.changed(options, training)

    def do_join(self, options: dict[str, Any]) -> None:
        training = self.training(options)
        state = self.state(self.need(options, "state", "STATE"))
        record = services.join(training, state, actor=services.system_actor(), wanted=options["capacity"])
        reasons = services.rendered(record.reasons)
        self.emit(
            options,
            {"training": training.pk, "state": state.code, "capacity": record.capacity, "reasons": reasons},
            [
                _("%(state)s takes part as %(capacity)s.")
                % {"state": state.name, "capacity": _(record.capacity)},
                *reasons,
            ],
        )
