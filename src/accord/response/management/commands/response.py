"""``accord response VERB …``: requests for assistance, consultations, decisions, offers, deployments,
deliveries and timelines (the verbs: :mod:`accord.response.cli`). A refused write ends with status 2
and the reason."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.exceptions import PermissionDenied

from accord.core.cli import AccordCommand, InputError, OneLineErrorParser
from accord.core.errors import ServiceError
from accord.response.cli import every_verb


class VerbParser(OneLineErrorParser):
    """A verb's parser: its errors are one line too, with status 2."""

    called_from_command_line = True


def shared_options(parser: Any) -> None:
    """``--json`` and ``--language`` after the verb as well as before it (not overriding the latter)."""
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="one JSON object")
    parser.add_argument("--language", choices=["en", "ru"], default=argparse.SUPPRESS, help="language")


class Command(AccordCommand):
    help = "Crisis response: requests, consultations, decisions, offers, deployments, deliveries, timelines."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, parser_class=VerbParser)
        for verb in every_verb():
            verb_parser = sub.add_parser(verb.name, help=verb.help)
            verb.arguments(verb_parser)
            shared_options(verb_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        verbs = {verb.name: verb for verb in every_verb()}
        try:
            data, lines = verbs[options["verb"]].run(options)
        except (ServiceError, PermissionDenied) as error:
            raise InputError(str(error)) from None
        self.emit(options, data, lines)
