"""``accord eligible STATE STATUS --on DATE``: may a state become observer, partner or member?"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.charter.management.commands._base import CharterCommand
from accord.charter.presenters import answer_payload, state_label
from accord.charter.rules import GRANTABLE_STATUSES, STATUS_LABELS, eligibility

OUTCOME_LABELS = {
    "eligible": gettext_noop("eligible"),
    "not-eligible": gettext_noop("not eligible"),
    "undetermined": gettext_noop("undetermined"),
}
RESULT_LABELS = {
    "met": gettext_noop("met"),
    "not-met": gettext_noop("not met"),
    "unknown": gettext_noop("unknown"),
}


class Command(CharterCommand):
    help = "Check a state's eligibility for a status on a date, criterion by criterion."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("state", help="ISO alpha-3 code or English name, e.g. SRB or Serbia")
        parser.add_argument("status", choices=GRANTABLE_STATUSES, help="observer, partner or member")
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = self.on_date(options)
        code = self.state_code(options["state"])
        facts = self.facts()
        answer = eligibility(facts, code, options["status"], on)
        value = answer.value
        payload = answer_payload(answer, **value)
        language = options["language"]
        lines = [
            _("%(state)s as %(status)s on %(date)s: %(outcome)s")
            % {
                "state": state_label(facts, code),
                "status": _(STATUS_LABELS[options["status"]]),
                "date": on,
                "outcome": _(OUTCOME_LABELS[value["answer"]]).upper(),
            }
        ]
        for criterion in value["criteria"]:
            description = (
                criterion["description_ru"]
                if language == "ru" and criterion["description_ru"]
                else criterion["description"]
            )
            lines.append(f"  [{_(RESULT_LABELS[criterion['result']])}] {description}")
        if value["missing"]:
            lines.append("  " + _("Missing facts: %(keys)s") % {"keys": ", ".join(value["missing"])})
        lines.append(_("Reasons:"))
        self.emit(options, payload, [*lines, *self.reasons_block(answer)])
