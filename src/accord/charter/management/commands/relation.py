"""``accord relation STATE STATE --since DATE --source TEXT``: record diplomatic relations."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.management.commands._sources import add_source_options, source_details
from accord.charter.services import ServiceError, record_relation, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = "Record diplomatic relations between two states, citing a source."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("first", help="ISO alpha-3 code or English name")
        parser.add_argument("second", help="ISO alpha-3 code or English name")
        parser.add_argument("--since", help="date relations were established, YYYY-MM-DD (if known)")
        parser.add_argument("--broken-off", help="date relations were broken off, YYYY-MM-DD")
        add_source_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        since = parse_date(options["since"], "--since") if options["since"] else None
        broken = parse_date(options["broken_off"], "--broken-off") if options["broken_off"] else None
        publisher, published = source_details(options)
        try:
            first = state_by_code_or_name(options["first"])
            second = state_by_code_or_name(options["second"])
            relation = record_relation(
                first,
                second,
                established=since,
                broken_off=broken,
                source=options["source"],
                publisher=publisher,
                published_on=published,
                actor=Actor.system("cli"),
            )
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "states": [first.code, second.code],
            "established": since,
            "broken_off": broken,
            "sources": relation.source_keys,
            "reasons": [],
        }
        self.emit(
            options,
            payload,
            [
                _("Recorded: diplomatic relations between %(first)s and %(second)s.")
                % {"first": first.code, "second": second.code}
            ],
        )
