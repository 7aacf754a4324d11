"""``accord operations list|show|result|join``: joint operations, their participants and their results
(aggregate figures only). A refused write ends with status 2 and the reason."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.cli import AccordCommand, InputError, OneLineErrorParser, parse_year
from accord.core.errors import ServiceError
from accord.forces.models import Operation, OperationResult
from accord.forces.operations import services
from accord.forces.operations.presenters import operation_json, operation_lines, operations_json
from accord.forces.operations.totals import number


class VerbParser(OneLineErrorParser):
    """A verb's parser: its errors are one line too, with status 2."""

    called_from_command_line = True


def shared_options(parser: Any) -> None:
    """``--json`` and ``--language`` after the verb as well as before it (not overriding the latter)."""
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="one JSON object")
    parser.add_argument("--language", choices=["en", "ru"], default=argparse.SUPPRESS, help="language")


class Command(AccordCommand):
    help = "Joint operations: list, show, record, correct or withdraw a result, add a participating state."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=VerbParser)
        listing = sub.add_parser("list", help="operations by year and type")
        listing.add_argument("--year", help="a four-digit year")
        shared_options(listing)
        show = sub.add_parser("show", help="one operation: phases, participants, results and totals")
        show.add_argument("operation")
        shared_options(show)
        result = sub.add_parser("result", help="record an aggregate figure of an operation")
        result.add_argument("operation")
        result.add_argument("--phase", required=True)
        result.add_argument("--state", default="", help="state code; leave out for the whole operation")
        result.add_argument("--indicator", required=True)
        result.add_argument("--value", required=True)
        result.add_argument("--source", required=True)
        result.add_argument("--note", default="")
        result.add_argument("--qualifier", default="exact", choices=["exact", "about", "more-than"])
        result.add_argument(
            "--classification",
            default="RESTRICTED",
            choices=["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"],
        )
        result.add_argument(
            "--releasability",
            default="members-only",
            choices=["everyone", "members-and-partners", "members-only"],
        )
        shared_options(result)
        correct = sub.add_parser("correct", help="correct a recorded figure (its id from show --json)")
        correct.add_argument("result", type=int)
        correct.add_argument("--value")
        correct.add_argument("--source")
        correct.add_argument("--note")
        correct.add_argument("--reason", required=True, help="why the figure changes")
        shared_options(correct)
        withdraw = sub.add_parser("withdraw", help="withdraw a figure (kept on the record, counted nowhere)")
        withdraw.add_argument("result", type=int)
        withdraw.add_argument("--reason", required=True)
        shared_options(withdraw)
        join = sub.add_parser("join", help="add a state to an operation (its capacity checked)")
        join.add_argument("operation")
        join.add_argument("state")
        shared_options(join)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"do_{action}")(options)
        except (ServiceError, PermissionDenied) as error:
            raise InputError(str(error)) from None

    def operation(self, key: str) -> Operation:
        found = services.operation_for(SYSTEM_USER, key)
        if found is None:
            raise InputError(_("no operation %(key)s; see accord operations list") % {"key": key})
        return found

    def state(self, code: str) -> State:
        found = State.objects.restrict(SYSTEM_USER).filter(code=code.upper()).first()
        if found is None:
            raise InputError(_("no state %(code)s") % {"code": code})
        return found

    def do_list(self, options: dict[str, Any]) -> None:
        found = Operation.objects.restrict(SYSTEM_USER).select_related("operation_type")
        if options.get("year"):
            found = found.filter(year=parse_year(options["year"]))
        found = list(found.order_by("year", "operation_type__key"))
        lines = [f"{item.year}  {item.key:20}  {item.name}  ({item.operation_type.threat})" for item in found]
        self.emit(options, operations_json(found), lines or [_("No operations recorded.")])

    def do_show(self, options: dict[str, Any]) -> None:
        found = self.operation(options["operation"])
        self.emit(options, operation_json(SYSTEM_USER, found), operation_lines(SYSTEM_USER, found))

    def do_result(self, options: dict[str, Any]) -> None:
        found = self.operation(options["operation"])
        result = services.record_result(
            found,
            phase=options["phase"],
            state=self.state(options["state"]) if options["state"] else None,
            indicator=options["indicator"],
            value=options["value"],
            source=options["source"],
            note=options["note"],
            qualifier=options["qualifier"],
            classification=Classification[options["classification"]],
            releasability=options["releasability"],
            actor=Actor.system("operations-cli"),
        )
        data = {"id": result.pk, "operation": found.key, "value": number(result.value), "unit": result.unit}
        line = _("Recorded: %(operation)s %(indicator)s = %(value)s %(unit)s (%(state)s).") % {
            "operation": found.key,
            "indicator": result.indicator.key,
            "value": number(result.value),
            "unit": result.unit,
            "state": result.state.code if result.state_id else _("whole operation"),
        }
        self.emit(options, data, [line])

    def recorded(self, pk: int) -> OperationResult:
        found = OperationResult.objects.restrict(SYSTEM_USER).filter(pk=pk).first()
        if found is None:
            raise InputError(_("no result %(id)s") % {"id": pk})
        return found

    def do_correct(self, options: dict[str, Any]) -> None:
        result = services.correct_result(
            self.recorded(options["result"]),
            value=options["value"],
            source=options["source"],
            note=options["note"],
            reason=options["reason"],
            actor=Actor.system("operations-cli"),
        )
        data = {"id": result.pk, "value": number(result.value), "unit": result.unit, "source": result.source}
        self.emit(options, data, [_("Corrected: %(value)s %(unit)s.") % data])

    def do_withdraw(self, options: dict[str, Any]) -> None:
        result = services.withdraw_result(
            self.recorded(options["result"]), reason=options["reason"], actor=Actor.system("operations-cli")
        )
        self.emit(
            options,
            {"id": result.pk, "withdrawn": True},
            [_("Withdrawn: result %(id)s.") % {"id": result.pk}],
        )

    def do_join(self, options: dict[str, Any]) -> None:
        found = self.operation(options["operation"])
        participant = services.add_participant(
            found, self.state(options["state"]), actor=Actor.system("operations-cli")
        )
        data = {
            "operation": found.key,
            "state": participant.state.code,
            "capacity": participant.capacity,
            "reason": participant.reason,
        }
        self.emit(
            options, data, [f"{participant.state.code}: {participant.capacity}", f"  - {participant.reason}"]
        )
