"""``accord instruments [--pending]``: instruments, whether in force, and missing ratifications."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.management.commands._base import CharterCommand
from accord.charter.models import InstrumentParticipant
from accord.charter.presenters import reasons_text
from accord.charter.rules import instrument_status_on, pending_instruments
from accord.core.access import SYSTEM_USER
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
        overrides = recorded_overrides()
        for instrument, answer in chosen:
            entries.append(
                {
                    "key": instrument.key,
                    "title": instrument.title.en,
                    "title_ru": instrument.title.ru,
                    **answer.value,
                    "reasons": reasons_text(answer),
                    "sources": list(answer.sources),
                    "overrides": overrides.get(instrument.key, {}),
                }
            )
            all_reasons += reasons_text(answer)
            sources.update(dict.fromkeys(answer.sources))
            lines.append(
                f"{instrument.title.in_language(language)} [{instrument.key}]: {self.verdict(answer)}"
            )
            lines += self.reasons_block(answer)
            lines += [
                "  "
                + _("%(state)s: recorded as an override of the charter's rules: %(reason)s")
                % {"state": code, "reason": reason}
                for code, reason in overrides.get(instrument.key, {}).items()
            ]
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


def recorded_overrides() -> dict[str, dict[str, str]]:
    """Per instrument, the states whose ratification was recorded against the charter's rules, and why."""
    rows = (
        InstrumentParticipant.objects.restrict(SYSTEM_USER)
        .exclude(override_reason="")
        .values_list("instrument__key", "state__code", "override_reason")
        .order_by("instrument__key", "state__code")
    )
    found: dict[str, dict[str, str]] = {}
    for key, code, reason in rows:
        found.setdefault(key, {})[code] = reason
    return found
