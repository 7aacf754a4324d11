"""``accord statuses --on DATE``: the status of every state on a date."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.presenters import answer_payload, state_label
from accord.charter.rules import STATUS_LABELS, statuses_on


class Command(CharterCommand):
    help = "Show the status of every state that holds one on a date."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = self.on_date(options)
        facts = self.facts()
        answer = statuses_on(facts, on)
        payload = answer_payload(answer, on=on.isoformat(), statuses=answer.value)
        lines = [_("Statuses on %(date)s:") % {"date": on}]
        lines += [
            f"  {state_label(facts, code)}: {_(STATUS_LABELS[status])}"
            for code, status in answer.value.items()
        ]
        if not answer.value:
            lines.append("  " + _("no state holds a status on that date"))
        self.emit(options, payload, [*lines, _("Reasons:"), *self.reasons_block(answer)])
