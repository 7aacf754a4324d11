"""``accord chair YEAR``: who chairs the Organization in a year, and why."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.post_changes import chair_overrides
from accord.charter.presenters import answer_payload, state_label
from accord.charter.rules import chair_for_year
from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError
from accord.core.validation import InvalidValue, check_year


class Command(CharterCommand):
    help = "Show the chair for a year: the recorded one, else projected by the rotation rule."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("year", help="a year from 1900 to 2100, e.g. 2021")

    def handle(self, *args: Any, **options: Any) -> None:
        year = self.year(options["year"])
        facts = self.facts()
        answer = chair_for_year(facts, year)
        override = "" if answer.projected else chair_overrides(SYSTEM_USER).get(year, "")
        payload = answer_payload(
            answer,
            year=year,
            state=answer.value,
            state_name=facts.name(answer.value).en if answer.value else None,
            override_reason=override,
        )
        kind = _("projected") if answer.projected else _("recorded")
        headline = (
            _("Chair in %(year)s: %(state)s (%(kind)s)")
            % {"year": year, "state": state_label(facts, answer.value), "kind": kind}
            if answer.value
            else _("Chair in %(year)s: unknown") % {"year": year}
        )
        overridden = [_("Recorded as an override of the charter's rules: %(reason)s") % {"reason": override}]
        self.emit(
            options, payload, [headline, *(overridden if override else []), *self.reasons_block(answer)]
        )

    def year(self, text: str) -> int:
        """The year asked for, within the years Accord keeps, or a one-line error naming it."""
        try:
            return check_year(int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None)
        except InvalidValue as refusal:
            raise InputError(f"year {text!r} is not understood: {refusal}") from None
