"""The Farrington flexible method (Noufaily et al. 2013), as R's ``surveillance::farringtonFlexible``.

For each time point a quasi-Poisson GLM (log link) is fitted to the counts of the same season in the
``b`` years before — the ``2w + 1`` points around each reference point, and with ``noPeriods`` > 1 the
rest of each year too, as that many seasonal factor levels — with a linear time trend. Past outbreaks
are down-weighted: points whose Anscombe residual exceeds ``weightsThreshold`` get weights ∝ s⁻² and
the model is fitted again. The trend is kept only when it is significant (``pThresholdTrend``), there
are at least three years (``b ≥ 3``) and it does not extrapolate beyond the largest count fitted. The
upper bound is the ``1 − alpha`` quantile of the prediction on the 2/3-power scale (``delta``,
Farrington et al. 1996) or of a negative binomial with the fitted mean and dispersion (``nbPlugin``,
``muan``, Noufaily et al.); the score is (observed − expected) / (upper − expected), an alarm when it
exceeds 1 and the last ``limit54[1]`` points hold at least ``limit54[0]`` cases.

How a daily series is fed. Public-health institutes run Farrington weekly, so ``period: week`` (the
default) sums each ISO week (Monday to Sunday) and compares it with the same weeks ``freq`` = 52 weeks
before; the verdict for a week is placed on its Sunday and the other days get none, and observed,
expected and threshold are then *weekly* counts. ``period: day`` runs it on the days themselves, the
"year" being ``freq`` days (7 by default: the same weekday in the ``b`` weeks before), so the
verdicts are daily counts. The time axis is the position in the series (R's sts without dates), so a
53-week ISO year shifts the reference weeks by one. Downward revisions are left out of the sums and
of the fits (a day's revision is never part of a baseline); a day without data is missing, not zero.

The GLM is fitted by iteratively reweighted least squares here (the model is a handful of columns
over at most a few hundred points, and it is fitted up to four times per time point); the tests check
it against statsmodels' GLM and the whole method against R's on the member states' series. The
early-warning method built on it (one :class:`Signal` per day) is ``early_warning.farrington``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np
from scipy import stats


class DayLike(Protocol):
    """A day of a series as the early-warning methods pass it (:class:`early_warning.Day`)."""

    date: datetime.date
    value: float
    revision: bool


THRESHOLD_METHODS = ("delta", "nbPlugin", "muan")
# Past this size the negative binomial is a Poisson to the count (and scipy's quantile breaks down).
NEGATIVE_BINOMIAL_SIZE_LIMIT = 1e12
LARGEST_LOG = math.log(np.finfo(float).max)
POWER_TRANSFORMS = {"none": 1.0, "1/2": 0.5, "2/3": 2.0 / 3.0}


class FarringtonSettingsError(ValueError):
    """A Farrington parameter out of its domain."""


@dataclass(frozen=True)
class FarringtonSettings:
    """The parameters of ``farringtonFlexible`` (R's names in the configuration file)."""

    b: int = 5
    w: int = 3
    no_periods: int = 1
    past_weeks_not_included: int | None = None  # None: w, as in R
    alpha: float = 0.05
    threshold_method: str = "delta"
    reweight: bool = True
    weights_threshold: float = 2.58
    trend: bool = True
    p_threshold_trend: float = 0.05
    limit54: tuple[int, int] = (5, 4)
    powertrans: str = "2/3"
    period: str = "week"
    freq: int = 52

    @classmethod
    def from_config(cls, alpha: float, extra: Mapping[str, Any]) -> FarringtonSettings:
        """Read from a method configuration: its ``alpha`` and the R names kept in ``extra``."""
        period = str(extra.get("period", "week"))
        if period not in ("week", "day"):
            raise FarringtonSettingsError(f"period must be week or day, not {period!r}")
        settings = cls(
            b=int(extra.get("b", 5)),
            w=int(extra.get("w", 3)),
            no_periods=int(extra.get("noPeriods", 1)),
            past_weeks_not_included=(
                int(extra["pastWeeksNotIncluded"]) if extra.get("pastWeeksNotIncluded") is not None else None
            ),
            alpha=float(alpha),
            threshold_method=str(extra.get("thresholdMethod", "delta")),
            reweight=bool(extra.get("reweight", True)),
            weights_threshold=float(extra.get("weightsThreshold", 2.58)),
            trend=bool(extra.get("trend", True)),
            p_threshold_trend=float(extra.get("pThresholdTrend", 0.05)),
            limit54=tuple(int(value) for value in extra.get("limit54", (5, 4))),  # type: ignore[arg-type]
            powertrans=str(extra.get("powertrans", "2/3")),
            period=period,
            freq=int(extra.get("freq", 52 if period == "week" else 7)),
        )
        settings.check()
        return settings

    @property
    def excluded(self) -> int:
        return self.w if self.past_weeks_not_included is None else self.past_weeks_not_included

    @property
    def first_index(self) -> int:
        """The first (0-based) time point with ``b`` reference years and their windows behind it."""
        return self.freq * self.b + self.w

    def check(self) -> None:
        """Refuse parameters R would refuse (or silently misuse)."""
        if self.b < 1 or self.w < 0 or self.freq < 1 or self.no_periods < 1:
            raise FarringtonSettingsError("b, freq and noPeriods must be at least 1, w at least 0")
        if self.threshold_method not in THRESHOLD_METHODS:
            raise FarringtonSettingsError(f"thresholdMethod must be one of {', '.join(THRESHOLD_METHODS)}")
        if self.powertrans not in POWER_TRANSFORMS:
            raise FarringtonSettingsError(f"powertrans must be one of {', '.join(POWER_TRANSFORMS)}")
        if not 0 < self.alpha < 1:
            raise FarringtonSettingsError("alpha must be between 0 and 1")
        if len(self.limit54) != 2 or self.limit54[0] < 0 or self.limit54[1] < 1:
            raise FarringtonSettingsError("limit54 is (cases ≥ 0, periods > 0)")
        if self.no_periods > 1 and self.freq - 2 * self.w - 1 < self.no_periods - 1:
            raise FarringtonSettingsError("noPeriods is too big for the points between reference windows")


@dataclass(frozen=True)
class Fit:
    """A fitted GLM: coefficients, their unscaled covariance, fitted means, Pearson dispersion."""

    coefficients: np.ndarray
    covariance: np.ndarray  # (X'WX)⁻¹, to be multiplied by the dispersion
    fitted: np.ndarray
    dispersion: float
    residual_df: int
    converged: bool
    design: np.ndarray
    weights: np.ndarray
    # The dispersion R's predict.glm and summary.glm use after farringtonFlexible has put the outbreak
    # weights in place of the working weights (mean of ω·((y - μ)/μ)²): the prediction's standard
    # error and the trend's test; φ itself is the Pearson dispersion above.
    r_dispersion: float | None = None

    @property
    def prediction_dispersion(self) -> float:
        return self.dispersion if self.r_dispersion is None else self.r_dispersion


def fit_quasi_poisson(response: np.ndarray, design: np.ndarray, weights: np.ndarray | None = None) -> Fit:
    """Quasi-Poisson GLM with log link by IRLS, with R's ``glm`` start and convergence rule."""
    prior = np.ones_like(response) if weights is None else weights
    mu = response + 0.1
    eta = np.log(mu)
    deviance_old = math.inf
    converged = False
    coefficients = np.zeros(design.shape[1])
    for _ in range(25):
        working = prior * mu
        z = eta + (response - mu) / mu
        root = np.sqrt(working)
        coefficients, *_ = np.linalg.lstsq(design * root[:, None], z * root, rcond=None)
        eta = design @ coefficients
        mu = np.exp(eta)
        deviance = poisson_deviance(response, mu, prior)
        if abs(deviance - deviance_old) / (abs(deviance) + 0.1) < 1e-8:
            converged = True
            break
        deviance_old = deviance
    working = prior * mu
    covariance = np.linalg.pinv(design.T @ (design * working[:, None]))
    residual_df = int(np.count_nonzero(prior > 0)) - np.linalg.matrix_rank(design)
    pearson = float(np.sum(prior * (response - mu) ** 2 / mu))
    dispersion = pearson / residual_df if residual_df > 0 else math.nan
    return Fit(coefficients, covariance, mu, dispersion, residual_df, converged, design, prior)


def poisson_deviance(response: np.ndarray, mu: np.ndarray, weights: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(response > 0, response * np.log(response / mu), 0.0)
    return float(2 * np.sum(weights * (ratio - (response - mu))))


def hat_values(fit: Fit) -> np.ndarray:
    """The diagonal of the weighted hat matrix (R's ``hatvalues``)."""
    working = fit.weights * fit.fitted
    scaled = fit.design * np.sqrt(working)[:, None]
    return np.einsum("ij,jk,ik->i", scaled, fit.covariance, scaled)


def anscombe_residuals(response: np.ndarray, fit: Fit, phi: float) -> np.ndarray:
    mu = fit.fitted
    with np.errstate(divide="ignore", invalid="ignore"):  # a point fitted exactly (hat value 1)
        return anscombe_scaled(response, mu, phi, hat_values(fit))


def anscombe_scaled(response: np.ndarray, mu: np.ndarray, phi: float, hat: np.ndarray) -> np.ndarray:
    residual = 1.5 * (response ** (2 / 3) * mu ** (-1 / 6) - mu**0.5)
    return residual / np.sqrt(phi * (1 - hat))


def outbreak_weights(residuals: np.ndarray, threshold: float) -> np.ndarray:
    """Down-weight points with residuals over the threshold by s⁻², the weights summing to n."""
    high = residuals > threshold
    raw = np.ones_like(residuals)
    raw[high] = residuals[high] ** -2.0
    gamma = len(residuals) / float(np.sum(raw))
    return gamma * raw


@dataclass(frozen=True)
class Reference:
    """The points one time point is compared with: their counts, time and seasonal level."""

    response: np.ndarray
    time: np.ndarray
    levels: np.ndarray


def reference_points(observed: np.ndarray, index: int, settings: FarringtonSettings) -> Reference:
    """R's ``blocks``: windows of ``2w + 1`` around each reference point (level ``noPeriods``) and,
    with more periods, the points between them split into ``noPeriods − 1`` levels; the latest
    ``pastWeeksNotIncluded`` points and the current one left out, as are missing counts."""
    b, w, periods, freq = settings.b, settings.w, settings.no_periods, settings.freq
    levels = np.full(len(observed), np.nan)
    levels[index - w : index + 1] = periods
    for year in range(1, b + 1):
        reference = index - freq * year
        levels[reference - w : reference + w + 1] = periods
        if periods != 1:
            gap = index - freq * (year - 1) - 2 * w - 1 - reference
            lengths = [
                gap // (periods - 1) + (1 if j < gap % (periods - 1) else 0) for j in range(periods - 1)
            ]
            start = reference + w + 1
            for level, length in enumerate(lengths, start=1):
                levels[start : start + length] = level
                start += length
    levels[max(0, index - settings.excluded) : index + 1] = np.nan
    keep = ~np.isnan(levels) & ~np.isnan(observed)
    positions = np.flatnonzero(keep)
    return Reference(observed[positions], positions + 1.0, levels[positions])


def design_matrix(time: np.ndarray, levels: np.ndarray, trend: bool, now: float, level_now: int):
    """Intercept, time (if the trend is fitted) and one column per seasonal level but the lowest;
    the same row for the time point predicted."""
    distinct = sorted(set(levels.tolist()))
    columns = [np.ones_like(time)]
    row = [1.0]
    if trend:
        columns.append(time)
        row.append(now)
    for level in distinct[1:]:
        columns.append((levels == level).astype(float))
        row.append(1.0 if level == level_now else 0.0)
    return np.column_stack(columns), np.array(row)


@dataclass(frozen=True)
class Prediction:
    fit: Fit
    link: float
    link_se: float
    trend: bool


def fit_flexible(
    reference: Reference, settings: FarringtonSettings, trend: bool, now: float
) -> tuple[Fit, bool] | None:
    """R's ``algo.farrington.fitGLM.flexible``: fit, drop the trend if it does not converge, then
    refit with the outbreak weights. The fit and whether it has the trend."""
    design, _ = design_matrix(reference.time, reference.levels, trend, now, settings.no_periods)
    fit = fit_quasi_poisson(reference.response, design)
    if not fit.converged and trend:
        trend = False
        design, _ = design_matrix(reference.time, reference.levels, False, now, settings.no_periods)
        fit = fit_quasi_poisson(reference.response, design)
    if not fit.converged:
        return None
    if settings.reweight:
        phi = max(fit.dispersion, 1.0)
        residuals = anscombe_residuals(reference.response, fit, phi)
        omega = outbreak_weights(residuals, settings.weights_threshold)
        fit = fit_quasi_poisson(reference.response, design, omega)
        working_residuals = (reference.response - fit.fitted) / fit.fitted
        fit = replace(fit, r_dispersion=float(np.sum(omega * working_residuals**2)) / fit.residual_df)
    return fit, trend


def predict(fit: Fit, row: np.ndarray) -> tuple[float, float]:
    """The linear predictor at a row and its standard error (with the dispersion R's ``predict.glm``
    takes in farringtonFlexible, see :attr:`Fit.r_dispersion`)."""
    link = float(row @ fit.coefficients)
    variance = float(row @ fit.covariance @ row) * fit.prediction_dispersion
    return link, math.sqrt(max(variance, 0.0))


def predict_flexible(reference: Reference, settings: FarringtonSettings, now: float) -> Prediction | None:
    """R's ``algo.farrington.glm``: keep the trend only when significant, with b ≥ 3 years, and not
    predicting above the largest count fitted."""
    fitted = fit_flexible(reference, settings, settings.trend, now)
    if fitted is None:
        return None
    fit, trend = fitted
    if trend:
        _, row = design_matrix(reference.time, reference.levels, True, now, settings.no_periods)
        link, _ = predict(fit, row)
        t_value = fit.coefficients[1] / math.sqrt(fit.covariance[1, 1] * fit.prediction_dispersion)
        p_value = 2 * stats.t.sf(abs(t_value), fit.residual_df)
        keep = settings.b >= 3 and p_value < settings.p_threshold_trend
        keep = keep and math.exp(link) <= float(np.max(reference.response))
        if not keep:
            refitted = fit_flexible(reference, settings, False, now)
            if refitted is None:
                return None
            fit, trend = refitted
    _, row = design_matrix(reference.time, reference.levels, trend, now, settings.no_periods)
    link, link_se = predict(fit, row)
    return Prediction(fit, link, link_se, trend)


@dataclass(frozen=True)
class Verdict:
    """One time point's outcome, as R reports it (upper bound and score None where R has NA)."""

    index: int
    observed: float
    expected: float
    upper: float | None
    score: float | None
    alarm: bool
    phi: float
    trend: bool


def threshold_delta(prediction: Prediction, phi: float, settings: FarringtonSettings, y: float):
    """Farrington's threshold on the power-transformed scale; the score (y − μ₀)/(U − μ₀)."""
    mu0 = math.exp(prediction.link)
    se_fit = mu0 * prediction.link_se
    tau = phi + se_fit**2 / mu0
    power = POWER_TRANSFORMS[settings.powertrans]
    spread = {1.0: math.sqrt(mu0 * tau), 0.5: math.sqrt(tau / 4)}.get(
        power, math.sqrt(4 / 9 * mu0 ** (1 / 3) * tau)
    )
    upper = (mu0**power + stats.norm.ppf(1 - settings.alpha) * spread) ** (1 / power)
    return mu0, upper, (y - mu0) / (upper - mu0)


def threshold_negative_binomial(prediction: Prediction, phi: float, settings: FarringtonSettings, y: float):
    """Noufaily's thresholds: the 1 − alpha quantile of a negative binomial with mean μ₀ (nbPlugin)
    or with the 1 − alpha quantile of μ₀'s estimate (muan), and dispersion φ. The score is R's, whose
    "expected" is the linear predictor here, so the alarm (score > 1) is observed > upper bound."""
    eta0, se = prediction.link, prediction.link_se
    log_mean = (
        eta0 if settings.threshold_method == "nbPlugin" else eta0 + stats.norm.ppf(1 - settings.alpha) * se
    )
    if not log_mean < LARGEST_LOG:  # R: an infinite quantile, no bound
        return math.exp(min(eta0, LARGEST_LOG)), None, None
    mean = math.exp(log_mean)
    if phi > 1 and mean / (phi - 1) < NEGATIVE_BINOMIAL_SIZE_LIMIT:
        upper = float(stats.nbinom.ppf(1 - settings.alpha, mean / (phi - 1), 1 / phi))
    else:
        upper = float(stats.poisson.ppf(1 - settings.alpha, mean))
    return math.exp(eta0), upper, (y - eta0) / (upper - eta0)


def farrington_flexible(observed: Sequence[float], settings: FarringtonSettings) -> list[Verdict | None]:
    """Run the method over a series of counts (NaN: missing); None before the first time point with
    enough history, and where the model does not converge."""
    counts = np.asarray(observed, dtype=float)
    verdicts: list[Verdict | None] = [None] * len(counts)
    threshold = threshold_delta if settings.threshold_method == "delta" else threshold_negative_binomial
    for index in range(settings.first_index, len(counts)):
        y = counts[index]
        if math.isnan(y):
            continue
        reference = reference_points(counts, index, settings)
        if len(reference.response) == 0:
            continue
        prediction = predict_flexible(reference, settings, index + 1.0)
        if prediction is None:
            continue
        phi = max(prediction.fit.dispersion, 1.0)
        expected, upper, score = threshold(prediction, phi, settings, y)
        cases, span = settings.limit54
        recent = counts[max(0, index - span + 1) : index + 1]
        enough = not np.any(np.isnan(recent)) and float(np.sum(recent)) >= cases
        if not enough:
            upper, score = None, None
        alarm = score is not None and score > 1 and y != 0
        verdicts[index] = Verdict(index, y, expected, upper, score, alarm, phi, prediction.trend)
    return verdicts


def weekly_counts(days: Sequence[DayLike]) -> tuple[list[float], list[int]]:
    """ISO-week sums (revisions left out) and, for each week, the index of its last day in ``days``;
    a week is only judged once it is complete (its Sunday is in the data)."""
    sums: list[float] = []
    last_day: list[int] = []
    current: tuple[int, int] | None = None
    for index, day in enumerate(days):
        week = day.date.isocalendar()[:2]
        if week != current:
            sums.append(0.0)
            last_day.append(index)
            current = week
        if not day.revision:
            sums[-1] += day.value
        last_day[-1] = index
    if days and days[-1].date.isoweekday() != 7:
        sums, last_day = sums[:-1], last_day[:-1]
    return sums, last_day


def daily_counts(days: Sequence[DayLike]) -> tuple[list[float], list[int | None]]:
    """Calendar days from the first to the last, missing days and revisions NaN, and the position of
    each calendar day in ``days``."""
    if not days:
        return [], []
    first = days[0].date
    length = (days[-1].date - first).days + 1
    counts = [math.nan] * length
    positions: list[int | None] = [None] * length
    for index, day in enumerate(days):
        offset = (day.date - first).days
        positions[offset] = index
        counts[offset] = math.nan if day.revision else float(day.value)
    return counts, positions
