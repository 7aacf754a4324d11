"""``accord alerts backtest --series S --state X --from D --to D`` and ``accord alerts run``."""

import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.cli import AccordCommand, InputError, parse_date
from accord.crisis.early_warning import METHODS
from accord.crisis.models import Series
from accord.crisis.series import backtest, raise_alerts


class Command(AccordCommand):
    help = "Replay a series and list the alerts that would have fired (backtest), or store them (run)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["backtest", "run"])
        parser.add_argument("--series", required=True, help="e.g. covid.confirmed or covid.deaths")
        parser.add_argument("--state", required=True, help="ISO code or English name")
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--method", choices=sorted(METHODS), help="another method than the configured one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = parse_date(options["start"], "--from")
        end = parse_date(options["end"], "--to") if options["end"] else timezone.localdate()
        if end < start:
            raise InputError(f"--to {end} is before --from {start}")
        try:
            code = state_by_code_or_name(options["state"]).code
        except ServiceError as error:
            raise InputError(str(error)) from None
        series = Series.objects.filter(key=options["series"], country=code).first()
        if series is None:
            known = (
                ", ".join(sorted(set(Series.objects.values_list("key", flat=True)))) or "none imported yet"
            )
            raise InputError(f"no series {options['series']!r} for {code}: known series are {known}")
        if options["verb"] == "run":
            created = raise_alerts(series, start, end, actor=Actor.system("early-warning"))
            self.emit(
                options,
                {"created": len(created), "reasons": []},
                [_("%(count)s new alert(s) stored.") % {"count": len(created)}],
            )
            return
        signals = [signal.as_dict() for signal in backtest(series, start, end, options["method"])]
        if options.get("json"):
            self.stdout.write(json.dumps(signals, indent=2))
            return
        lines = [
            f"{item['date']} {item['level']:5} {item['method']}: observed {item['observed']:g}, "
            f"expected {item['expected']:g}, threshold {item['threshold']:g}"
            for item in signals
        ]
        self.stdout.write("\n".join(lines or [_("No alert would have fired.")]))
