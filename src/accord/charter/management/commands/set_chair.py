"""``accord set-chair YEAR STATE --source TEXT [--note TEXT] [--override REASON]``: record the chair
for a year, checked against the rotation (``--override REASON`` records it anyway)."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.post_changes import ChairChange, record_chair
from accord.charter.presenters import reasons_text
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import InputError


class Command(CharterCommand):
    help = "Record the member state chairing in a year (with its source), checked against the rotation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("year", type=int, help="the year chaired, e.g. 2022")
        parser.add_argument("state", help="ISO alpha-3 code or English name")
        parser.add_argument("--source", required=True, help="a source key, or the source's title")
        parser.add_argument("--note", default="", help="a note kept with the chair (e.g. the session)")
        parser.add_argument(
            "--override", default="", help="record it although the charter's rules refuse it, saying why"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            state = state_by_code_or_name(options["state"])
            change = ChairChange(
                state, options["year"], options["source"], options["note"], options["override"]
            )
            chair, answer = record_chair(change, actor=Actor.system("cli"))
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "year": chair.year,
            "state": state.code,
            "sources": chair.source_keys,
            "note": chair.note,
            "override": chair.override_reason,
            "reasons": reasons_text(answer),
        }
        lines = [_("Recorded: %(state)s chairs in %(year)s.") % {"state": state.code, "year": chair.year}]
        if chair.override_reason:
            lines.append(
                _("Recorded as an override of the charter's rules: %(reason)s")
                % {"reason": chair.override_reason}
            )
        self.emit(options, payload, [*lines, _("Reasons:"), *self.reasons_block(answer)])
