"""What the charter commands share: today's date, state lookup, the facts snapshot."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accord.charter import facts as charter_facts
from accord.charter.rules import CharterFacts
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.access import SYSTEM_USER
from accord.core.cli import AccordCommand, InputError, parse_date


class CharterCommand(AccordCommand):
    """A command that answers a question about the charter."""

    def on_date(self, options: dict[str, Any]) -> datetime.date:
        """The ``--on`` date, today if none was given."""
        given = options.get("on")
        return parse_date(given, "--on") if given else timezone.localdate()

    def facts(self) -> CharterFacts:
        """The charter as the rules see it."""
        return charter_facts.load_facts(SYSTEM_USER)

    def state_code(self, text: str) -> str:
        """A state's code from a code or an English name, or a one-line error."""
        try:
            return state_by_code_or_name(text).code
        except ServiceError as error:
            raise InputError(str(error)) from None
