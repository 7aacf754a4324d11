"""Each early-warning method against values worked out by hand."""

from __future__ import annotations

import datetime

import pytest

from accord.crisis import early_warning as ew

START = datetime.date(2021, 1, 1)


def days(values, revisions=()) -> list[ew.Day]:
    return [
        ew.Day(START + datetime.timedelta(days=index), float(value), index in revisions)
        for index, value in enumerate(values)
    ]


def test_ears_c1():
    # Baseline 1..7: mean 4, sample sd √(28/6) = 2.160247; (12 - 4) / 2.160247 = 3.703280.
    signal = ew.ears_c1(days([1, 2, 3, 4, 5, 6, 7, 12]), ew.MethodConfig("ears-c1"))[7]
    assert signal.expected == pytest.approx(4)
    assert signal.statistic == pytest.approx(3.703280, abs=1e-6)
    assert signal.threshold == pytest.approx(4 + 3 * 2.160247, abs=1e-6)
    assert signal.level == "amber"


def test_ears_c2_uses_a_two_day_gap():
    signals = ew.ears_c2(days([1, 2, 3, 4, 5, 6, 7, 40, 40, 12]), ew.MethodConfig("ears-c2"))
    assert signals[8] is None or signals[8].expected != pytest.approx(4)
    assert signals[9].expected == pytest.approx(4)
    assert signals[9].statistic == pytest.approx(3.703280, abs=1e-6)


def test_ears_c3_sums_the_excess_of_three_days():
    values = [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3]
    config = ew.MethodConfig("ears-c3", threshold=2)
    c2 = ew.ears_c2(days(values), ew.MethodConfig("ears-c2"))
    c3 = ew.ears_c3(days(values), config)
    for index in range(11, len(values)):
        expected = sum(max(0.0, c2[index - offset].statistic - 1) for offset in range(3))
        assert c3[index].statistic == pytest.approx(expected)
    # A burst: C2 of the three days 3.7033, 3.7033·… exceed 1 by a lot, so C3 is red.
    burst = ew.ears_c3(days([1, 2, 3, 4, 5, 6, 7, 4, 4, 12, 12, 12]), config)
    assert burst[11].level == "red"


def test_cusum_by_hand():
    signals = ew.cusum(days([5] * 7 + [6, 6, 6, 9]), ew.MethodConfig("cusum", threshold=4, k=0.5))
    assert signals[7].statistic == pytest.approx(1.5)
    assert signals[8].statistic == pytest.approx(2.714286, abs=1e-6)
    assert signals[9].statistic == pytest.approx(3.642857, abs=1e-6)
    assert signals[9].level == "green"
    assert signals[10].statistic == pytest.approx(9.824388, abs=1e-5)
    assert signals[10].level == "red"


def test_poisson_tail_and_critical_value():
    assert ew.poisson_tail(7, 2) == pytest.approx(0.004534, abs=1e-6)
    assert ew.poisson_tail(6, 2) == pytest.approx(0.016564, abs=1e-6)
    assert ew.poisson_critical(2, 0.01) == 7


def test_poisson_exceedance_levels():
    config = ew.MethodConfig("poisson", baseline=28, lag=2, alpha=0.01, red_alpha=0.001)
    signals = ew.poisson(days([2] * 30 + [6, 7, 9]), config)
    assert [signal.level for signal in signals[30:]] == ["green", "amber", "red"]
    assert signals[31].expected == pytest.approx(2) and signals[31].threshold == 7


def test_a_revision_is_never_an_alert_nor_part_of_a_baseline():
    values = [1, 2, -50, 3, 4, 5, 6, 7, 40]
    signals = ew.ears_c1(days(values, revisions={2}), ew.MethodConfig("ears-c1"))
    assert signals[2] is None
    assert signals[8].expected == pytest.approx(
        4.5
    )  # the 7 days before: 2, 3, 4, 5, 6, 7 (revision left out)
    assert all(
        signal.date != START + datetime.timedelta(days=2)
        for signal in ew.alerts(days(values, {2}), ew.MethodConfig("ears-c1"))
    )


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown method 'magic'"):
        ew.run_method(days([1, 2, 3]), ew.MethodConfig("magic"))
