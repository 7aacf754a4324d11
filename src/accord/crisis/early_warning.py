"""Early-warning methods on daily series, as pure functions.

The CDC's EARS methods C1, C2 and C3, a one-sided CUSUM, and a Poisson exceedance over a baseline.
Each day gets a :class:`Signal`: the method, the observed value, the expected value, the threshold and
the level, so a duty officer can see why an alert fired. Observed, expected and threshold are in the
series' own units (daily counts): the threshold is the count above which today would have alerted,
whatever the method computes; the method's own statistic and the threshold it holds that statistic to
are shown apart. Days that are downward revisions are never alerts and never part of a baseline; a day
with nothing reported, or fewer than the series' minimum count, never alerts.

Consecutive alert days on one series are one :class:`EpisodeSpan`: it opens on the first, escalates
when a later day is worse, and closes once the series has been back within its expected range for the
configured number of days, so that a duty officer handles one episode rather than each day.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from scipy import stats as scipy_stats

from accord.crisis import farrington as farrington_method

GREEN, AMBER, RED = "green", "amber", "red"


@dataclass(frozen=True)
class Day:
    """One day of a series."""

    date: datetime.date
    value: float
    revision: bool = False


@dataclass(frozen=True)
class Signal:
    """A method's verdict on one day.

    Observed, expected and threshold are counts of the unit the method judged: daily counts, except
    for Farrington run weekly (``period: week``), whose verdict on a week's Sunday carries that ISO
    week's sums and weekly threshold.
    """

    date: datetime.date
    method: str
    observed: float
    expected: float
    threshold: float
    statistic: float
    level: str
    statistic_threshold: float = 0.0  # the method's own bar for its statistic (C3: 2, CUSUM: h …)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "level": self.level,
            "observed": self.observed,
            "expected": round(self.expected, 4),
            "threshold": round(self.threshold, 4),
            "statistic": round(self.statistic, 4),
            "statistic_threshold": round(self.statistic_threshold, 4),
            "method": self.method,
        }


@dataclass(frozen=True)
class MethodConfig:
    """Which method, and its parameters (the defaults are those of the CDC's EARS)."""

    method: str
    threshold: float = 3.0
    red_factor: float = 2.0
    baseline: int = 7
    lag: int = 0
    min_sd: float = 0.5
    k: float = 0.5
    alpha: float = 0.01
    red_alpha: float = 0.001
    min_count: float = 1.0  # below this a day never alerts (0: nothing was reported)
    close_after: int = 7  # quiet days that close an episode
    extra: dict[str, Any] = field(default_factory=dict)


def baseline_values(days: Sequence[Day], index: int, length: int, lag: int) -> list[float]:
    """The values of the ``length`` days ending ``lag`` days before ``index``, revisions left out."""
    end = index - lag
    start = end - length
    if start < 0:
        return []
    return [day.value for day in days[start:end] if not day.revision]


def level_for(statistic: float, threshold: float, red_factor: float) -> str:
    """Amber above the threshold, red above ``red_factor`` times it."""
    if statistic > threshold * red_factor:
        return RED
    if statistic > threshold:
        return AMBER
    return GREEN


def ears_c(days: Sequence[Day], config: MethodConfig, lag: int, name: str) -> list[Signal | None]:
    """C1 (lag 0) and C2 (lag 2): standardized distance of today from a 7-day baseline."""
    signals: list[Signal | None] = []
    for index, day in enumerate(days):
        base = baseline_values(days, index, config.baseline, lag)
        if day.revision or len(base) < 2:
            signals.append(None)
            continue
        mean = statistics.fmean(base)
        sd = max(statistics.stdev(base), config.min_sd)
        statistic = (day.value - mean) / sd
        signals.append(
            Signal(
                day.date,
                name,
                day.value,
                mean,
                mean + config.threshold * sd,
                statistic,
                level_for(statistic, config.threshold, config.red_factor),
                config.threshold,
            )
        )
    return signals


def ears_c1(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    return ears_c(days, config, 0, "ears-c1")


def ears_c2(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    return ears_c(days, config, 2, "ears-c2")


C2_THRESHOLD = 3.0  # C3 is built on C2 with EARS' own C2 settings


def ears_c3(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    """C3: the sum over today and the two days before of how far C2 exceeds 1 (threshold 2 in EARS)."""
    c2_config = MethodConfig(
        "ears-c2", threshold=C2_THRESHOLD, baseline=config.baseline, min_sd=config.min_sd
    )
    c2 = ears_c(days, c2_config, 2, "ears-c2")
    signals: list[Signal | None] = []
    for index, day in enumerate(days):
        window = c2[max(0, index - 2) : index + 1]
        if c2[index] is None or len(window) < 3 or any(item is None for item in window):
            signals.append(None)
            continue
        earlier = sum(max(0.0, item.statistic - 1.0) for item in window[:-1])
        today = c2[index]
        statistic = earlier + max(0.0, today.statistic - 1.0)
        sd = max((today.threshold - today.expected) / C2_THRESHOLD, config.min_sd)
        # Today's count at which the three days' sum reaches C3's bar, given the two days before.
        count_threshold = max(0.0, today.expected + sd * (1.0 + config.threshold - earlier))
        signals.append(
            Signal(
                day.date,
                "ears-c3",
                day.value,
                today.expected,
                count_threshold,
                statistic,
                level_for(statistic, config.threshold, config.red_factor),
                config.threshold,
            )
        )
    return signals


def cusum(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    """One-sided CUSUM of standardized counts: S = max(0, S + z − k); alert when S > h, then restart."""
    signals: list[Signal | None] = []
    total = 0.0
    for index, day in enumerate(days):
        base = baseline_values(days, index, config.baseline, config.lag)
        if day.revision or len(base) < 2:
            signals.append(None)
            continue
        mean = statistics.fmean(base)
        sd = max(statistics.stdev(base), config.min_sd)
        # Today's count at which the sum passes h, given what it carried from the days before.
        count_threshold = max(0.0, mean + sd * (config.threshold + config.k - total))
        total = max(0.0, total + (day.value - mean) / sd - config.k)
        level = level_for(total, config.threshold, config.red_factor)
        signals.append(
            Signal(day.date, "cusum", day.value, mean, count_threshold, total, level, config.threshold)
        )
        if level != GREEN:
            total = 0.0
    return signals


def poisson_tail(observed: float, mean: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(mean)."""
    count = math.ceil(observed)
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    return float(scipy_stats.poisson.sf(count - 1, mean))


def poisson_critical(mean: float, alpha: float) -> float:
    """The smallest count whose upper tail probability is below ``alpha`` (from scipy's inverse,
    checked on either side: a COVID series' mean of tens of thousands must not be counted up to)."""
    count = max(0, int(scipy_stats.poisson.isf(alpha, max(mean, 0.0))) - 1)
    while count > 0 and poisson_tail(count - 1, mean) < alpha:
        count -= 1
    while poisson_tail(count, mean) >= alpha:
        count += 1
    return float(count)


def poisson(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    """Poisson exceedance: today is unusually high if P(X ≥ today | baseline mean) < alpha."""
    signals: list[Signal | None] = []
    for index, day in enumerate(days):
        base = baseline_values(days, index, config.baseline, config.lag)
        if day.revision or len(base) < config.baseline // 2:
            signals.append(None)
            continue
        mean = max(statistics.fmean(base), 0.0)
        probability = poisson_tail(day.value, mean)
        level = RED if probability < config.red_alpha else AMBER if probability < config.alpha else GREEN
        signals.append(
            Signal(
                day.date,
                "poisson",
                day.value,
                mean,
                poisson_critical(mean, config.alpha),
                probability,
                level,
                config.alpha,
            )
        )
    return signals


def farrington(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    """Farrington flexible (Noufaily et al. 2013), weekly by default (see :mod:`accord.crisis.farrington`):
    one verdict per day, on the Sundays only when weekly, in the counts of the unit judged."""
    settings = farrington_method.FarringtonSettings.from_config(config.alpha, config.extra)
    if settings.period == "week":
        counts, positions = farrington_method.weekly_counts(days)
    else:
        counts, positions = farrington_method.daily_counts(days)  # type: ignore[assignment]
    signals: list[Signal | None] = [None] * len(days)
    for verdict in farrington_method.farrington_flexible(counts, settings):
        position = positions[verdict.index] if verdict is not None else None
        if verdict is None or position is None or verdict.upper is None:
            continue
        level = GREEN if not verdict.alarm else RED if (verdict.score or 0.0) > config.red_factor else AMBER
        signals[position] = Signal(
            days[position].date,
            "farrington",
            verdict.observed,
            verdict.expected,
            float(verdict.upper),
            float(verdict.score or 0.0),
            level,
            1.0,  # the score's bar: an alarm above 1, as in R
        )
    return signals


METHODS = {
    "ears-c1": ears_c1,
    "ears-c2": ears_c2,
    "ears-c3": ears_c3,
    "cusum": cusum,
    "poisson": poisson,
    "farrington": farrington,
}


def run_method(days: Sequence[Day], config: MethodConfig) -> list[Signal | None]:
    """Apply the configured method to every day; a day under the minimum count never alerts."""
    if config.method not in METHODS:
        raise ValueError(f"unknown method {config.method!r}: expected one of {', '.join(METHODS)}")
    return [quiet_if_too_few(signal, config) for signal in METHODS[config.method](days, config)]


def quiet_if_too_few(signal: Signal | None, config: MethodConfig) -> Signal | None:
    """Green for a day with nothing reported or fewer than ``min_count``: a rise from nothing to
    almost nothing is not a warning, and a method's statistic can exceed its bar on a zero day."""
    if signal is None or signal.level == GREEN or signal.observed >= max(config.min_count, 1e-9):
        return signal
    return replace(signal, level=GREEN)


def alerts(days: Sequence[Day], config: MethodConfig) -> list[Signal]:
    """The days that would have raised an alert (amber or red)."""
    return [signal for signal in run_method(days, config) if signal is not None and signal.level != GREEN]


@dataclass(frozen=True)
class EpisodeSpan:
    """Consecutive alert days on one series, as one thing to handle.

    ``closed_on`` is the day the series had been back within its expected range for ``close_after``
    days (None while it is still open at the end of the data); ``peak`` is the worst level reached and
    ``escalated_on`` the first day it reached red after opening amber.
    """

    opened_on: datetime.date
    last_alert_on: datetime.date
    closed_on: datetime.date | None
    level: str
    escalated_on: datetime.date | None
    signals: tuple[Signal, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "opened_on": self.opened_on.isoformat(),
            "last_alert_on": self.last_alert_on.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "level": self.level,
            "escalated_on": self.escalated_on.isoformat() if self.escalated_on else None,
            "alert_days": len(self.signals),
            "method": self.signals[0].method,
        }


def episodes(days: Sequence[Day], verdicts: Sequence[Signal | None], close_after: int) -> list[EpisodeSpan]:
    """Group a run's verdicts (one per day, as :func:`run_method` returns them) into episodes.

    A day without a verdict (too early for a baseline, a revision, nothing to judge) counts as quiet:
    a series that stops reporting closes its episode rather than keeping it open for ever.
    """
    found: list[EpisodeSpan] = []
    current: list[Signal] = []
    quiet = 0
    for day, verdict in zip(days, verdicts, strict=True):
        if verdict is not None and verdict.level != GREEN:
            current.append(verdict)
            quiet = 0
            continue
        if current:
            quiet += 1
            if quiet >= close_after:
                found.append(episode_of(current, day.date))
                current, quiet = [], 0
    if current:
        found.append(episode_of(current, None))
    return found


def episode_of(signals: list[Signal], closed_on: datetime.date | None) -> EpisodeSpan:
    """One episode from its alert days."""
    escalated = next(
        (signal.date for signal in signals[1:] if signal.level == RED and signals[0].level != RED), None
    )
    level = RED if any(signal.level == RED for signal in signals) else AMBER
    return EpisodeSpan(signals[0].date, signals[-1].date, closed_on, level, escalated, tuple(signals))
