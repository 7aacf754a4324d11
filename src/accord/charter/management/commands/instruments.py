"""``accord instruments [--pending]``: instruments, whether in force, and missing ratifications."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.presenters import reasons_text
from accord.charter.rules import instrument_status_on, pending_instruments
from accord.core.answers import Answer


class Command(CharterCommand):
    help = (
        "List instruments with whether they are in force on a date; "
        "--pending: only those awaiting ratification."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--pending", action="store_true", help="only instruments awaiting ratification")
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = self.on_date(options)
        facts = self.facts()
        if options["pending"]:
            chosen = pending_instruments(facts, on)
        else:
            chosen = [
                (item, instrument_status_on(facts, key, on))
                for key, item in sorted(facts.instruments.items())
            ]
        language = options["language"]
        entries, lines, all_reasons, sources = [], [], [], {}
        for instrument, answer in chosen:
            entries.append(
                {
                    "key": instrument.key,
                    "title": instrument.title.en,
                    "title_ru": instrument.title.ru,
                    **answer.value,
                    "reasons": reasons_text(answer),
                    "sources": list(answer.sources),
                }
            )
            all_reasons += reasons_text(answer)
            sources.update(dict.fromkeys(answer.sources))
            lines.append(
                f"{instrument.title.in_language(language)} [{instrument.key}]: {self.verdict(answer)}"
            )
            lines += self.reasons_block(answer)
        if not entries:
            lines.append(
                _("No instrument awaits ratification on %(date)s.") % {"date": on}
                if options["pending"]
                else _("No instruments are recorded.")
            )
        payload = {
            "on": on.isoformat(),
            "pending_only": options["pending"],
            "instruments": entries,
            "reasons": all_reasons,
            "sources": list(sources),
        }
        self.emit(options, payload, lines)

    def verdict(self, answer: Answer) -> str:
        """In force / not in force / undetermined, with the missing ratifications."""
        value = answer.value
        if value["in_force"] is True:
            return _("in force")
        if value["in_force"] is False:
            missing = ", ".join(value["missing"])
            return _("not in force") + (
                " — " + _("missing ratifications: %(states)s") % {"states": missing} if missing else ""
            )
        return (
            _("undetermined")
            + " — "
            + _("ratification dates unknown: %(states)s") % {"states": ", ".join(value["unknown"])}
        )
