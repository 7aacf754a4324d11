"""Commands made of verbs (``accord response request …``, ``accord monitoring evaluate …``).

A verb is a :class:`Verb`: its name, a help line, a function that adds its arguments to its parser,
and a function that does it and returns what to print (a JSON-able object and the lines for people).
Each subject of an app keeps its verbs in a module with a ``VERBS`` list; the app's command is a
:class:`VerbCommand` naming those modules, so subjects never edit one shared file.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from accord.core.cli import AccordCommand, InputError, OneLineErrorParser
from accord.core.errors import ServiceError

Answer = tuple[Any, list[str]]


@dataclass(frozen=True)
class Verb:
    """One verb of a command."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[dict[str, Any]], Answer]


def collect_verbs(package: str, modules: tuple[str, ...]) -> list[Verb]:
    """The verbs of every subject module of ``package`` that is present, in the order given."""
    verbs: list[Verb] = []
    for name in modules:
        try:
            module = importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"{package}.{name}":
                raise
            continue
        verbs.extend(module.VERBS)
    return verbs


class VerbParser(OneLineErrorParser):
    """A verb's parser: its errors are one line too, with status 2."""

    called_from_command_line = True


def shared_options(parser: Any) -> None:
    """``--json`` and ``--language`` after the verb as well as before it (not overriding the latter)."""
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="one JSON object")
    parser.add_argument("--language", choices=["en", "ru"], default=argparse.SUPPRESS, help="language")


class VerbCommand(AccordCommand):
    """A command whose first argument is a verb; a refused write ends with status 2 and the reason."""

    def verbs(self) -> list[Verb]:
        """The command's verbs (each app's command says where they live)."""
        raise NotImplementedError

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, parser_class=VerbParser)
        for verb in self.verbs():
            verb_parser = sub.add_parser(verb.name, help=verb.help)
            verb.arguments(verb_parser)
            shared_options(verb_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        verbs = {verb.name: verb for verb in self.verbs()}
        try:
            data, lines = verbs[options["verb"]].run(options)
        except (ServiceError, PermissionDenied) as error:
            raise InputError(str(error)) from None
        self.emit(options, data, lines)
