"""Helpers shared by Accord's management commands: parsing input, printing answers.

Every reading command prints a readable answer with its reasons, or with ``--json`` one JSON
object holding the answer and a ``reasons`` list. Bad input ends the command with status 2 and
one line that says what was expected.
"""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    handle_default_options,
)
from django.db import DatabaseError, connections
from django.utils import translation
from django.utils.translation import gettext as _

from accord.core.answers import Answer
from accord.core.locks import COMMAND_WAIT_SECONDS, is_lock_timeout, patient_writes
from accord.core.reads import fold_read_journal
from accord.core.validation import InvalidValue, parse_day

USAGE_ERROR = 2
BUSY = 75  # EX_TEMPFAIL: nothing went wrong but the timing; the same command will work later
INTERRUPTED = 130


def busy_line() -> str:
    """What a command says when another write (a long import) kept the database busy too long."""
    return _("the database is busy with another write (an import?); try again when it has finished")


class InputError(CommandError):
    """The user typed something the command cannot use; exits with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=USAGE_ERROR)


def parse_date(text: str, what: str = "date") -> datetime.date:
    """A date in ISO form (YYYY-MM-DD) within the years Accord keeps, or a one-line error naming the form."""
    try:
        return parse_day(text)
    except InvalidValue as refusal:
        raise InputError(f"{what} {text!r} is not a date: {refusal}") from None


def parse_year(text: str) -> int:
    """A four-digit year, or a one-line error."""
    if not (text.isdigit() and len(text) == 4):
        raise InputError(f"year {text!r} is not understood: expected a four-digit year, e.g. 2021")
    return int(text)


def render_reasons(answer: Answer) -> list[str]:
    """The answer's reasons as sentences in the active language."""
    language = translation.get_language() or "en"
    return [reason.render(_, language) for reason in answer.reasons]


class OneLineErrorParser(CommandParser):
    """An argument parser whose errors are one line with the command's name, status 2."""

    def error(self, message: str) -> NoReturn:
        if getattr(self, "called_from_command_line", False):
            sys.stderr.write(f"{self.prog}: error: {message}\n")
            sys.exit(USAGE_ERROR)
        raise CommandError(f"Error: {message}")


class AccordCommand(BaseCommand):
    """Base of Accord's commands: ``--json``, one-line errors, output in the chosen language."""

    json_option = True
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser("accord", subcommand, **kwargs)
        parser.__class__ = OneLineErrorParser
        parser.prog = f"accord {subcommand.replace('_', '-')}"
        if self.json_option:
            parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--language", choices=["en", "ru"], default="en", help="language of the answer")
        parser.add_argument(
            "--wait",
            type=float,
            default=COMMAND_WAIT_SECONDS,
            metavar="SECONDS",
            help=f"how long a write waits for another, such as an import (default {COMMAND_WAIT_SECONDS:g})",
        )
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        """Run from the shell, printing errors as ``accord CMD: error: ...`` on one line."""
        self._called_from_command_line = True
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        handle_default_options(options)
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        try:
            self.execute(*args, **cmd_options)
            fold_read_journal()
        except CommandError as error:
            if options.traceback:
                raise
            sys.stderr.write(f"{parser.prog}: error: {error}\n")
            sys.exit(error.returncode)
        except KeyboardInterrupt:
            if options.traceback:
                raise
            sys.stderr.write(f"{parser.prog}: {_('interrupted')}\n")
            sys.exit(INTERRUPTED)
        finally:
            connections.close_all()

    def execute(self, *args: Any, **options: Any) -> str | None:
        """Run the command with answers in the language asked for (English by default).

        Its writes wait ``--wait`` seconds for another writer (saying so once; Ctrl-C stops the
        wait); then it ends with one line and status 75 (try again later), never a traceback.
        """
        wait = options.get("wait")
        with translation.override(options.get("language") or "en"):
            try:
                with patient_writes(COMMAND_WAIT_SECONDS if wait is None else wait, self.say_waiting):
                    return super().execute(*args, **options)
            except DatabaseError as error:
                if not is_lock_timeout(error):
                    raise
                raise CommandError(busy_line(), returncode=BUSY) from None

    def say_waiting(self) -> None:
        """Tell the person at the terminal why nothing happens (once), and how to stop waiting.

        Not a script: it reads the one line that ends the command, if it ends busy.
        """
        if self.stderr.isatty():
            self.stderr.write(_("waiting for another write (an import?) to finish; Ctrl-C stops waiting"))

    def emit(self, options: dict[str, Any], payload: dict[str, Any], text_lines: list[str]) -> None:
        """Print ``payload`` as JSON with ``--json``, else the readable lines."""
        if options.get("json"):
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write("\n".join(text_lines))

    def reasons_block(self, answer: Answer) -> list[str]:
        """Readable reasons with their sources, indented under the answer."""
        lines = [f"  - {text}" for text in render_reasons(answer)]
        if answer.sources:
            lines.append("  " + _("Sources: %(sources)s") % {"sources": ", ".join(answer.sources)})
        return lines
