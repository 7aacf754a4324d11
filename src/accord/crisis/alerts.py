"""Early-warning runs: series as the methods see them, backtests, and the alerts they store.

An alert tells what the figures it was computed from showed, so it is labelled from them
(:mod:`accord.core.derived`): an alert on a series takes the series' labels, and a series published
by its source (the JHU CSSE COVID-19 figures are public) is public. An alert is also the CRC's working
record — who acknowledged it, the duty officers' comments, who closed it — so it is never less
protected than ``HANDLING_FLOOR`` (RESTRICTED, members and partners): the higher of the two applies.

Event series are counted per region and category from the event counts. Computed from every event
(``public_only=False``) they carry the highest classification and the narrowest releasability of the
events counted in the window; computed from the public events only (the ``public_events`` column of
the counts: PUBLIC events released to everyone) they are public. A backtest says which labels its
signals carry, so that what is shown of it is shown only to those the labels allow.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Sum

from accord.charter.models import Region, StateStatus
from accord.core.access import SYSTEM_USER, is_classified, is_public
from accord.core.audit import Actor, record_change
from accord.core.classification import Classification, Releasability
from accord.core.derived import PUBLIC_LABELS, Labels, at_least, combined
from accord.core.ingest import load_yaml_data
from accord.crisis import early_warning, episodes
from accord.crisis.episodes import EpisodeChanges
from accord.crisis.models import Alert, Episode, Event, EventCount, Series

CONFIG_FILE = Path(__file__).resolve().parent.parent / "data" / "early-warning.yaml"
HANDLING_FLOOR = Labels(Classification.RESTRICTED, Releasability.MEMBERS_AND_PARTNERS)


@dataclass(frozen=True)
class EventSeries:
    """Daily event counts of a region and category, and the labels of the events counted."""

    days: list[early_warning.Day]
    labels: Labels


@cache
def early_warning_config() -> dict[str, Any]:
    """The shipped configuration of methods per series."""
    return load_yaml_data(CONFIG_FILE)


def method_for(series_key: str, method: str | None = None) -> early_warning.MethodConfig:
    """The method configured for a series (``events.*`` series share the ``events`` entry), or another
    method with the settings the configuration's ``methods`` section gives it."""
    config = early_warning_config()
    entries = config["series"]
    entry = dict(entries.get(series_key) or entries.get(series_key.split(".")[0]) or config["default"])
    if method and method != entry.get("method"):  # another method: its settings for every series
        entry = {"method": method, **(config.get("methods") or {}).get(method, {})}
    name = entry.pop("method")
    known = {
        key: entry.pop(key) for key in list(entry) if key in early_warning.MethodConfig.__dataclass_fields__
    }
    return early_warning.MethodConfig(name, **known, extra=entry)


def series_labels(series: Series) -> Labels:
    """The labels of a series' figures: its own if it is classified, public if its source published it."""
    if is_classified(type(series)):
        return Labels(series.classification, series.releasability, series.release_to)
    if is_public(type(series)):
        return PUBLIC_LABELS
    return Labels(Classification.SECRET, Releasability.NAMED_STATES)  # unknown: no state reads it


def alert_labels(series: Series) -> Labels:
    """The labels of an alert on a series: the series' labels, never below the handling floor."""
    return at_least(series_labels(series), HANDLING_FLOOR)


def series_days(series: Series, end: datetime.date | None = None) -> list[early_warning.Day]:
    """A series as the early-warning methods see it (the baseline may reach before the window)."""
    points = series.points.all()
    if end:
        points = points.filter(date__lte=end)
    return [
        early_warning.Day(date, value, revision)
        for date, value, revision in points.values_list("date", "value", "revision")
    ]


def backtest(
    series: Series, start: datetime.date, end: datetime.date, method: str | None = None
) -> list[early_warning.Signal]:
    """The alerts that would have fired between two dates."""
    config = method_for(series.key, method)
    return [
        signal
        for signal in early_warning.alerts(series_days(series, end=end), config)
        if signal.date >= start
    ]


@dataclass
class EarlyWarningRun:
    """What a run stored: the new alerts, and what changed of the episodes (the notification hook)."""

    alerts: list[Alert] = field(default_factory=list)
    changes: EpisodeChanges = field(default_factory=EpisodeChanges)


@transaction.atomic
def run_early_warning(
    series: Series, start: datetime.date, end: datetime.date, *, actor: Actor
) -> EarlyWarningRun:
    """Store the alerts the configured method raises between two dates (each once), labelled from the
    series they were computed from, and keep the series' episodes in step with them."""
    config = method_for(series.key)
    days = series_days(series, end=end)
    verdicts = early_warning.run_method(days, config)
    spans = [
        span
        for span in early_warning.episodes(days, verdicts, config.close_after)
        if span.last_alert_on >= start and span.opened_on <= end
    ]
    labels = alert_labels(series)
    changes, episode_of_day = episodes.keep_in_step(
        series, spans, close_after=config.close_after, labels=labels, actor=actor
    )
    run = EarlyWarningRun(changes=changes)
    for signal in verdicts:
        if signal is None or signal.level == early_warning.GREEN or not start <= signal.date <= end:
            continue
        alert = store_alert(series, signal, episode_of_day.get(signal.date), labels, actor=actor)
        if alert is not None:
            run.alerts.append(alert)
    return run


def store_alert(
    series: Series, signal: early_warning.Signal, episode: Episode | None, labels: Labels, *, actor: Actor
) -> Alert | None:
    """The alert of one day, stored once (None when it was already there)."""
    alert, made = Alert.objects.get_or_create(
        series=series,
        date=signal.date,
        method=signal.method,
        defaults={
            "level": signal.level,
            "observed": signal.observed,
            "expected": signal.expected,
            "threshold": signal.threshold,
            "statistic": signal.statistic,
            "statistic_threshold": signal.statistic_threshold,
            "episode": episode,
            **labels.as_fields(),
        },
    )
    if not made:
        return None
    record_change(
        actor=actor,
        action="create",
        instance=alert,
        before=None,
        after={**signal.as_dict(), **labels.as_fields(), "episode": episode.pk if episode else None},
        reason="early-warning run",
    )
    return alert


def current_members() -> list[str]:
    """The codes of the states that are members today (open-ended member status)."""
    return list(
        StateStatus.objects.restrict(SYSTEM_USER)
        .filter(status="member", valid_to__isnull=True)
        .values_list("state__code", flat=True)
    )


def run_member_early_warning(*, actor: Actor) -> EarlyWarningRun:
    """Run the configured methods over the whole of the member states' COVID series: the new alerts
    and the episodes opened, escalated and closed (what the daily job hands on)."""
    total = EarlyWarningRun()
    members = current_members()
    for series in Series.objects.restrict(actor.access_user).filter(
        key__startswith="covid.", country__in=members
    ):
        days = series.points.order_by("date").values_list("date", flat=True)
        if days:
            run = run_early_warning(series, days.first(), days.last(), actor=actor)
            total.alerts += run.alerts
            total.changes.extend(run.changes)
    return total


def event_series(
    region: str, category: str, start: datetime.date, end: datetime.date, *, public_only: bool = False
) -> EventSeries:
    """Daily event counts of a region and category (day-precise events only), zero days filled in.

    Read as Accord itself (the counts add up events of every level); the result carries the labels of
    the events it counts, or is public when only the public events are counted.
    """
    column = "public_events" if public_only else "events"
    counts = dict(
        EventCount.objects.restrict(SYSTEM_USER)
        .filter(region=region, category=category, date_precision="day", date__range=(start, end))
        .values("date")
        .annotate(total=Sum(column))
        .values_list("date", "total")
    )
    days = [
        early_warning.Day(
            start + datetime.timedelta(days=offset),
            float(counts.get(start + datetime.timedelta(days=offset), 0)),
        )
        for offset in range((end - start).days + 1)
    ]
    labels = PUBLIC_LABELS if public_only else counted_event_labels(region, category, start, end)
    return EventSeries(days, labels)


def counted_event_labels(region: str, category: str, start: datetime.date, end: datetime.date) -> Labels:
    """The labels of the day-precise events of a region and category between two dates, combined."""
    states = Region.objects.restrict(SYSTEM_USER).filter(key=region).values_list("states__code", flat=True)
    distinct = (
        Event.objects.restrict(SYSTEM_USER)
        # By the region's states too: the (country, date) index is the events' one way in.
        .filter(country__in=list(states), region=region, category=category)
        .filter(date_precision="day", date__range=(start, end))
        .values_list("classification", "releasability", "release_to")
        .order_by()
        .distinct()
    )
    return combined(Labels(*row) for row in distinct)
