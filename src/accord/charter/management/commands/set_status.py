"""``accord set-status STATE STATUS --from DATE --source TEXT --reason TEXT``: record a change of
a state's status, checked against the charter's rules (``--override REASON`` records it anyway)."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.presenters import reasons_text
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.charter.status_changes import StatusChange, record_status
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date
from accord.core.labels import StateStatus


class Command(CharterCommand):
    help = "Record a state's status from a date (with its source and reason), checked against the charter."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("state", help="ISO alpha-3 code or English name")
        parser.add_argument("status", choices=list(StateStatus), help="the new status")
        parser.add_argument(
            "--from", dest="start", required=True, help="the first day of the status, YYYY-MM-DD"
        )
        parser.add_argument("--source", required=True, help="a source key, or the source's title")
        parser.add_argument("--reason", required=True, help="why the status changes (kept in the history)")
        parser.add_argument(
            "--decision", default="", help="the decision that granted it (a source key or title)"
        )
        parser.add_argument(
            "--override", default="", help="record it although the charter's rules refuse it, saying why"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"], "--from")
        try:
            state = state_by_code_or_name(options["state"])
            change = StatusChange(
                state,
                options["status"],
                start,
                options["source"],
                options["reason"],
                options["decision"],
                options["override"],
            )
            span, answer = record_status(change, actor=Actor.system("cli"))
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "state": state.code,
            "status": span.status,
            "from": start.isoformat(),
            "sources": span.source_keys,
            "decision": span.decision_key,
            "override": span.override_reason,
            "reasons": reasons_text(answer),
        }
        lines = [
            _("Recorded: %(state)s is %(status)s from %(date)s.")
            % {"state": state.code, "status": span.get_status_display(), "date": start}
        ]
        if span.override_reason:
            lines.append(
                _("Recorded as an override of the charter's rules: %(reason)s")
                % {"reason": span.override_reason}
            )
        self.emit(options, payload, [*lines, _("Reasons:"), *self.reasons_block(answer)])
