"""``accord alerts backtest --series S --state X --from D --to D``, ``accord alerts run`` and
``accord alerts evaluate`` (the scorecard of every method on every member series)."""

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.models import Region
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.cli import AccordCommand, InputError, parse_date
from accord.crisis import scorecard
from accord.crisis.alerts import event_series, method_for, run_early_warning, series_days
from accord.crisis.early_warning import GREEN, METHODS, Day, MethodConfig, episodes, run_method
from accord.crisis.models import Category, Series

ACTOR = Actor.system("early-warning")


class Command(AccordCommand):
    help = "Replay a series and list the alerts that would have fired (backtest), or store them (run)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["backtest", "run", "evaluate"])
        parser.add_argument("--series", help="e.g. covid.confirmed or covid.deaths")
        parser.add_argument("--state", help="ISO code or English name (for a state's series)")
        parser.add_argument("--region", help="a collective security region (for events.CATEGORY series)")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--method", choices=sorted(METHODS), help="another method than the configured one"
        )
        parser.add_argument(
            "--public-only",
            action="store_true",
            help="count only the public events (event series; the signals are then public too)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "evaluate":  # every member series with every method: the scorecard
            payload, text = scorecard.report()
            self.emit(options, payload, [text])
            return
        if not options["series"] or not options["start"]:
            raise InputError("--series and --from are needed to backtest or run")
        start = parse_date(options["start"], "--from")
        end = parse_date(options["end"], "--to") if options["end"] else timezone.localdate()
        if end < start:
            raise InputError(f"--to {end} is before --from {start}")
        if options["series"].startswith("events."):
            self.event_backtest(options, start, end)
            return
        if not options["state"]:
            raise InputError("--state is needed for this series (events.CATEGORY series take --region)")
        try:
            code = state_by_code_or_name(options["state"]).code
        except ServiceError as error:
            raise InputError(str(error)) from None
        known_series = Series.objects.restrict(ACTOR.access_user)
        series = known_series.filter(key=options["series"], country=code).first()
        if series is None:
            known = ", ".join(sorted(set(known_series.values_list("key", flat=True)))) or "none imported yet"
            raise InputError(f"no series {options['series']!r} for {code}: known series are {known}")
        if options["verb"] == "run":
            run = run_early_warning(series, start, end, actor=ACTOR)
            changes = run.changes
            self.emit(
                options,
                {"created": len(run.alerts), **changes.counts(), "reasons": []},
                [
                    _("%(count)s new alert(s) stored.") % {"count": len(run.alerts)},
                    _("Alert episodes: %(opened)s opened, %(escalated)s escalated, %(closed)s closed.")
                    % {
                        "opened": len(changes.opened),
                        "escalated": len(changes.escalated),
                        "closed": len(changes.closed),
                    },
                ],
            )
            return
        config = method_for(series.key, options["method"])
        self.print_backtest(options, replayed(series_days(series, end=end), config, start))

    def event_backtest(self, options: dict[str, Any], start: Any, end: Any) -> None:
        """Daily event counts of a region and category, replayed through the configured method."""
        category = options["series"].removeprefix("events.")
        if category not in Category.values:
            raise InputError(f"unknown category {category!r}: expected one of {', '.join(Category.values)}")
        if options["verb"] != "backtest":
            raise InputError("event series are replayed with backtest; alerts are stored for state series")
        region = options["region"] or ""
        regions = Region.objects.restrict(ACTOR.access_user)
        if not regions.filter(key=region).exists():
            known = ", ".join(regions.values_list("key", flat=True))
            raise InputError(
                f"--region {region!r} is not a collective security region: expected one of {known}"
            )
        config = method_for(options["series"], options["method"])
        lead = datetime.timedelta(days=config.baseline + config.lag + 7)
        counted = event_series(region, category, start - lead, end, public_only=options["public_only"])
        self.print_backtest(options, replayed(counted.days, config, start, counted.labels.as_fields()))

    def print_backtest(self, options: dict[str, Any], result: dict[str, list[dict[str, Any]]]) -> None:
        """The alert days and their episodes, as JSON or as lines."""
        if options.get("json"):
            self.stdout.write(json.dumps(result, indent=2))
            return
        lines = [
            f"{item['date']} {item['level']:5} {item['method']}: observed {item['observed']:g}, "
            f"expected {item['expected']:g}, threshold {item['threshold']:g}"
            f" ({item['statistic']:g} against {item['statistic_threshold']:g})" + labelled(item)
            for item in result["alerts"]
        ]
        if not lines:
            self.stdout.write(_("No alert would have fired."))
            return
        self.stdout.write("\n".join(lines))
        self.stdout.write(_("Episodes:"))
        self.stdout.write("\n".join(episode_line(item) for item in result["episodes"]))


def replayed(
    days: list[Day], config: MethodConfig, start: datetime.date, labels: dict[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """A backtest: the alert days from ``start`` on, and the episodes they make up (an episode that
    opened before ``start`` is listed when it still had alert days from ``start`` on)."""
    verdicts = run_method(days, config)
    alert_days = [
        {**signal.as_dict(), **(labels or {})}
        for signal in verdicts
        if signal is not None and signal.level != GREEN and signal.date >= start
    ]
    spans = [
        span.as_dict() for span in episodes(days, verdicts, config.close_after) if span.last_alert_on >= start
    ]
    return {"alerts": alert_days, "episodes": spans}


def episode_line(item: dict[str, Any]) -> str:
    """One episode of a backtest as a line."""
    closed = _("closed %(day)s") % {"day": item["closed_on"]} if item["closed_on"] else _("still open")
    escalated = " " + _("escalated %(day)s") % {"day": item["escalated_on"]} if item["escalated_on"] else ""
    return (
        f"{item['opened_on']} – {item['last_alert_on']} {item['level']:5} {item['method']}: "
        + _("%(days)s alert day(s)") % {"days": item["alert_days"]}
        + f", {closed}{escalated}"
    )


def labelled(signal: dict[str, Any]) -> str:
    """The labels of a signal computed from events, as the line's tail (nothing for a state series)."""
    if "classification" not in signal:
        return ""
    level = Classification(signal["classification"]).label
    return (
        f" [{level}, {signal['releasability']}{' ' + signal['release_to'] if signal['release_to'] else ''}]"
    )
