"""``accord ratify INSTRUMENT STATE --on DATE --source TEXT [--override REASON]``: record a
ratification, refused by the charter for a state that is not a party unless overridden."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.instrument_changes import Ratification, ratify
from accord.charter.management.commands._base import CharterCommand
from accord.charter.management.commands._sources import add_source_options, source_details
from accord.charter.presenters import reasons_text
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = "Record that a state ratified an instrument on a date, citing a source (checked by the charter)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("instrument", help="the instrument's key, e.g. partners-observers")
        parser.add_argument("state", help="ISO alpha-3 code or English name")
        parser.add_argument("--on", required=True, help="date of ratification, YYYY-MM-DD")
        add_source_options(parser)
        parser.add_argument(
            "--override",
            default="",
            help="record it although the state is not a party to the instrument, saying why",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"], "--on")
        publisher, published = source_details(options)
        try:
            state = state_by_code_or_name(options["state"])
            ratification = Ratification(
                options["instrument"], state, on, options["source"], options["override"], publisher, published
            )
            participant, answer = ratify(ratification, actor=Actor.system("cli"))
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "instrument": options["instrument"],
            "state": state.code,
            "ratified_on": on.isoformat(),
            "sources": participant.source_keys,
            "override": participant.override_reason,
            "reasons": reasons_text(answer),
        }
        lines = [
            _("Recorded: %(state)s ratified %(instrument)s on %(date)s.")
            % {"state": state.code, "instrument": options["instrument"], "date": on}
        ]
        if participant.override_reason:
            lines.append(
                _("Recorded as an override of the charter's rules: %(reason)s")
                % {"reason": participant.override_reason}
            )
        self.emit(options, payload, [*lines, _("Reasons:"), *self.reasons_block(answer)])
