"""``accord sign INSTRUMENT STATE --on DATE --at PLACE --by OFFICE --source TEXT``: record a
signature (the office of the signatory, never a private person)."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.instrument_changes import Signature, record_signature
from accord.charter.management.commands._base import CharterCommand
from accord.charter.management.commands._sources import add_source_options, source_details
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = "Record that a state signed an instrument: when, where, by which office, citing a source."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("instrument", help="the instrument's key")
        parser.add_argument("state", help="ISO alpha-3 code or English name")
        parser.add_argument("--on", required=True, help="date of signature, YYYY-MM-DD")
        parser.add_argument("--at", default="", help="where it was signed")
        parser.add_argument(
            "--by", required=True, help="the office of the signatory, e.g. head of state (not a name)"
        )
        add_source_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"], "--on")
        publisher, published = source_details(options)
        try:
            state = state_by_code_or_name(options["state"])
            signature = Signature(
                options["instrument"],
                state,
                on,
                options["by"],
                options["source"],
                options["at"],
                publisher,
                published,
            )
            participant = record_signature(signature, actor=Actor.system("cli"))
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "instrument": options["instrument"],
            "state": state.code,
            "signed_on": on.isoformat(),
            "signed_place": participant.signed_place,
            "signed_by": participant.signed_by,
            "override": participant.override_reason,
            "sources": participant.source_keys,
            "reasons": [],
        }
        line = _("Recorded: %(state)s signed %(instrument)s on %(date)s (%(office)s).") % {
            "state": state.code,
            "instrument": options["instrument"],
            "date": on,
            "office": participant.signed_by,
        }
        self.emit(options, payload, [line])
