"""The Farrington flexible port: its properties on synthetic counts, and agreement with R's
``surveillance::farringtonFlexible`` on the member states' COVID-19 series when R is here.

Tolerance against R: upper bounds and expected counts agree to a relative 1e-3 (and an absolute 1e-3
for bounds near zero). Both fit the same GLM by IRLS with the same start (y + 0.1) and stopping rule
(relative change of the deviance under 1e-8), but R's standard errors come from the working weights
of the last iteration but one, so the dispersion and the bound differ from the tenth-thousandth on,
most where a reference window is all zeros and the fitted mean creeps towards zero. The negative
binomial bounds are quantiles of a discrete distribution: a dispersion that differs in the fifth
digit can move them by one count, which is allowed. Alarms must agree exactly. Bounds over 1e12
(R's, where a seasonal level's reference weeks are all zeros and the fit separates) are skipped:
neither side has a meaningful one there.

Without R (``Rscript`` with the ``surveillance`` package) the cross-check is skipped, unless
``ACCORD_REQUIRE_R=1`` (set in CI) turns the skip into a failure.
"""

from __future__ import annotations

import csv
import datetime
import math
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from accord.core.audit import Actor
from accord.crisis import early_warning as ew
from accord.crisis.alerts import series_days
from accord.crisis.farrington import (
    FarringtonSettings,
    FarringtonSettingsError,
    daily_counts,
    farrington_flexible,
    fit_quasi_poisson,
    weekly_counts,
)
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Series
from tests.crisis.ingest.helpers import members_only

R_SCRIPT = Path(__file__).resolve().parent / "r" / "farrington.R"
START = datetime.date(2019, 12, 30)  # a Monday


def weekly_days(weekly: list[float]) -> list[ew.Day]:
    """Days whose ISO weeks sum to the given counts (everything on the Monday)."""
    result = []
    for week, count in enumerate(weekly):
        for weekday in range(7):
            date = START + datetime.timedelta(days=7 * week + weekday)
            result.append(ew.Day(date, float(count) if weekday == 0 else 0.0))
    return result


def config(**extra) -> ew.MethodConfig:
    alpha = extra.pop("alpha", 0.05)
    return ew.MethodConfig("farrington", alpha=alpha, extra={"b": 2, "w": 3, **extra})


def seasonal(weeks: int, seed: int = 7) -> list[float]:
    generator = np.random.default_rng(seed)
    mean = 40 + 15 * np.sin(2 * np.pi * np.arange(weeks) / 52)
    return generator.poisson(mean).astype(float).tolist()


def test_the_glm_agrees_with_statsmodels_quasi_poisson():
    import statsmodels.api as sm

    generator = np.random.default_rng(3)
    time = np.arange(1.0, 41.0)
    response = generator.negative_binomial(5, 5 / (5 + np.exp(2 + 0.03 * time))).astype(float)
    design = np.column_stack([np.ones_like(time), time])
    weights = generator.uniform(0.5, 1.5, len(time))
    ours = fit_quasi_poisson(response, design, weights)
    theirs = sm.GLM(response, design, family=sm.families.Poisson(), var_weights=weights).fit(scale="X2")
    assert ours.converged
    np.testing.assert_allclose(ours.coefficients, theirs.params, rtol=1e-7)
    assert ours.dispersion == pytest.approx(theirs.scale, rel=1e-7)
    np.testing.assert_allclose(np.sqrt(np.diag(ours.covariance) * ours.dispersion), theirs.bse, rtol=1e-6)


def test_an_outbreak_week_alerts_and_its_verdict_lands_on_the_sunday():
    counts = seasonal(52 * 2 + 20)
    counts[-1] = 200.0
    days = weekly_days(counts)
    signals = ew.run_method(days, config())
    judged = [signal for signal in signals if signal is not None]
    assert judged and all(signal.date.isoweekday() == 7 for signal in judged)
    last = signals[-1]
    assert last is not None and last.level != ew.GREEN and last.observed == 200.0
    assert last.expected < last.threshold < 200.0
    assert last.statistic > last.statistic_threshold == 1.0
    quiet = [signal for signal in judged[:-1] if signal.level != ew.GREEN]
    assert len(quiet) <= 0.1 * len(judged), "ordinary Poisson weeks rarely alert at alpha 0.05"


def test_nothing_is_judged_before_b_years_and_w_weeks_of_history():
    counts = seasonal(52 * 2 + 10)
    verdicts = farrington_flexible(counts, FarringtonSettings(b=2, w=3))
    assert all(verdict is None for verdict in verdicts[: 52 * 2 + 3])
    assert all(verdict is not None for verdict in verdicts[52 * 2 + 3 :])


def test_a_past_outbreak_is_down_weighted():
    counts = np.random.default_rng(11).poisson(40, 52 * 2 + 10).astype(float).tolist()
    index = len(counts) - 1
    counts[index - 52] = 150.0  # last year's same week had an outbreak
    weighted = farrington_flexible(counts, FarringtonSettings(b=2, w=3, alpha=0.01))[index]
    unweighted = farrington_flexible(counts, FarringtonSettings(b=2, w=3, alpha=0.01, reweight=False))[index]
    assert weighted.expected < unweighted.expected - 3 and weighted.upper < unweighted.upper - 30


def test_a_trend_is_followed_only_with_three_years_and_when_it_does_not_extrapolate():
    falling = [float(round(200 - 0.3 * week)) for week in range(52 * 3 + 10)]
    three = farrington_flexible(falling, FarringtonSettings(b=3, w=3))[-1]
    two = farrington_flexible(falling, FarringtonSettings(b=2, w=3))[-1]
    assert three.trend and not two.trend
    assert three.expected == pytest.approx(falling[-1], rel=0.03)
    assert two.expected > falling[-1] + 20
    rising = [float(round(20 + 0.3 * week)) for week in range(52 * 3 + 10)]
    assert not farrington_flexible(rising, FarringtonSettings(b=3, w=3))[-1].trend, (
        "the trend would predict above every count it was fitted to"
    )


def test_too_few_recent_cases_never_alert():
    counts = [0.0] * (52 * 2 + 10)
    counts[-1] = 3.0  # limit54: 5 cases in the last 4 weeks
    verdict = farrington_flexible(counts, FarringtonSettings(b=2, w=3))[-1]
    assert verdict is not None and not verdict.alarm and verdict.upper is None


def test_revisions_are_left_out_of_the_weekly_sums_and_a_partial_week_is_not_judged():
    days = [ew.Day(START + datetime.timedelta(days=offset), 10.0) for offset in range(17)]
    days[3] = ew.Day(days[3].date, -50.0, revision=True)
    sums, last = weekly_counts(days)
    assert sums == [60.0, 70.0] and last == [6, 13]
    counts, positions = daily_counts(days[:2] + days[3:])
    assert math.isnan(counts[2]) and positions[2] is None and math.isnan(counts[3])


def test_daily_application_gives_a_verdict_every_day():
    generator = np.random.default_rng(5)
    days = [
        ew.Day(START + datetime.timedelta(days=offset), float(generator.poisson(30))) for offset in range(60)
    ]
    signals = ew.run_method(days, config(period="day", b=4, w=1))
    assert all(signal is None for signal in signals[: 7 * 4 + 1])
    assert all(signal is not None for signal in signals[7 * 4 + 1 :])


@pytest.mark.parametrize(
    "extra",
    [{"period": "month"}, {"thresholdMethod": "exact"}, {"b": 0}, {"noPeriods": 60}, {"alpha": 1.5}],
)
def test_bad_settings_are_refused(extra):
    with pytest.raises(FarringtonSettingsError):
        ew.run_method(weekly_days(seasonal(60)), config(**extra))


# --- the cross-check against R -------------------------------------------------------------------


def r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(
        ["Rscript", "-e", "library(surveillance)"], capture_output=True, text=True, check=False
    )
    return probe.returncode == 0


@pytest.fixture(scope="module")
def with_r():
    if not r_available():
        if os.environ.get("ACCORD_REQUIRE_R") == "1":
            pytest.fail("ACCORD_REQUIRE_R=1 but Rscript with the surveillance package is not available")
        pytest.skip("Rscript with the R package surveillance is not installed (apt: r-cran-surveillance)")


def run_r(columns: dict[str, list[float]], settings: FarringtonSettings, folder: Path) -> list[dict]:
    """farringtonFlexible over the columns, through the R script kept beside these tests."""
    source, target = folder / "counts.csv", folder / "r.csv"
    length = max(len(values) for values in columns.values())
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(columns))
        for row in range(length):
            writer.writerow(
                "NA" if row >= len(values) or math.isnan(values[row]) else repr(values[row])
                for values in columns.values()
            )
    arguments = [settings.b, settings.w, settings.no_periods, settings.excluded, settings.alpha]
    arguments += [settings.threshold_method, settings.freq]
    subprocess.run(
        ["Rscript", str(R_SCRIPT), str(source), str(target), *map(str, arguments)],
        check=True,
        capture_output=True,
    )
    with target.open() as handle:
        return list(csv.DictReader(handle))


def member_columns(tmp_path: Path, period: str, only: set[str] | None = None) -> dict[str, list[float]]:
    import_jhu_covid(members_only(tmp_path), actor=Actor.system("tests"))
    columns = {}
    for series in Series.objects.order_by("country", "key"):
        name = f"{series.country}:{series.key}"
        if only and name not in only:
            continue
        days = series_days(series)
        columns[name] = (weekly_counts(days) if period == "week" else daily_counts(days))[0]
    return columns


def disagreements(columns, settings: FarringtonSettings, rows: list[dict]) -> tuple[int, list[str]]:
    discrete = settings.threshold_method != "delta"
    ours = {name: farrington_flexible(values, settings) for name, values in columns.items()}
    compared, problems = 0, []
    for row in rows:
        verdict = ours[row["series"]][int(row["index"]) - 1]
        where = f"{row['series']} #{row['index']}"
        if row["upperbound"] != "NA" and float(row["upperbound"]) > DEGENERATE:
            continue  # a reference level of zeros only: a separated fit, no meaningful bound either side
        if row["upperbound"] == "NA":
            if verdict is not None and verdict.upper is not None:
                problems.append(f"{where}: R has no bound, we have {verdict.upper}")
            continue
        if verdict is None or verdict.upper is None:
            problems.append(f"{where}: R's bound {row['upperbound']}, we have none")
            continue
        compared += 1
        theirs = float(row["upperbound"])
        allowed = max(1e-3 * abs(theirs), 1e-3) + (1.0 if discrete else 0.0)
        if abs(verdict.upper - theirs) > allowed:
            problems.append(f"{where}: bound {verdict.upper} against R's {theirs}")
        if not discrete and verdict.expected != pytest.approx(float(row["expected"]), rel=1e-3, abs=1e-3):
            problems.append(f"{where}: expected {verdict.expected} against R's {row['expected']}")
        if verdict.alarm != (row["alarm"] == "TRUE"):
            problems.append(f"{where}: alarm {verdict.alarm} against R's {row['alarm']}")
    return compared, problems


DEGENERATE = 1e12

WEEKLY = [
    FarringtonSettings(b=1, w=3, alpha=0.05),
    FarringtonSettings(b=1, w=2, alpha=0.01, no_periods=4, threshold_method="nbPlugin"),
    FarringtonSettings(
        b=1, w=2, alpha=0.01, no_periods=4, threshold_method="muan", past_weeks_not_included=4
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("settings", WEEKLY, ids=["delta", "nbPlugin-noPeriods4", "muan"])
def test_weekly_member_series_agree_with_r(with_r, tmp_path, settings):
    columns = member_columns(tmp_path, "week")
    assert len(columns) == 12
    compared, problems = disagreements(columns, settings, run_r(columns, settings, tmp_path))
    assert compared > 300 and not problems, problems[:10]


@pytest.mark.django_db
def test_daily_member_series_agree_with_r(with_r, tmp_path):
    """The daily application (the same weekday in the four weeks before), on two series: R takes
    some twenty seconds a series."""
    settings = FarringtonSettings(b=4, w=1, alpha=0.01, period="day", freq=7)
    columns = member_columns(tmp_path, "day", only={"KAZ:covid.confirmed", "TJK:covid.deaths"})
    compared, problems = disagreements(columns, settings, run_r(columns, settings, tmp_path))
    assert compared > 600 and not problems, problems[:10]
