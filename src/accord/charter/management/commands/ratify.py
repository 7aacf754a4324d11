"""``accord ratify INSTRUMENT STATE --on DATE --source TEXT``: record a ratification."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.services import ServiceError, record_ratification, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = "Record that a state ratified an instrument on a date, citing a source."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("instrument", help="the instrument's key, e.g. partners-observers")
        parser.add_argument("state", help="ISO alpha-3 code or English name")
        parser.add_argument("--on", required=True, help="date of ratification, YYYY-MM-DD")
        parser.add_argument("--source", required=True, help="a source key, or the source's title")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"], "--on")
        try:
            state = state_by_code_or_name(options["state"])
            participant = record_ratification(
                options["instrument"], state, on, source=options["source"], actor=Actor.system("cli")
            )
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "instrument": options["instrument"],
            "state": state.code,
            "ratified_on": on.isoformat(),
            "sources": participant.source_keys,
            "reasons": [],
        }
        self.emit(
            options,
            payload,
            [
                _("Recorded: %(state)s ratified %(instrument)s on %(date)s.")
                % {"state": state.code, "instrument": options["instrument"], "date": on}
            ],
        )
