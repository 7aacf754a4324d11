"""The plain data's own logic: a date known to the day, month, year, or only as a latest date."""

from __future__ import annotations

import datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from accord.charter import rules
from accord.core.labels import RECORD_DATE_PRECISIONS

fuzzy_dates = st.builds(
    rules.FuzzyDate,
    st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)),
    st.sampled_from(RECORD_DATE_PRECISIONS),
)


@given(fuzzy_dates, st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)), st.integers(1, 400))
def test_happened_by_never_goes_back(value, on, days):
    later = on + datetime.timedelta(days=days)
    if value.happened_by(on) is True:
        assert value.happened_by(later) is True
    if value.happened_by(later) is False:
        assert value.happened_by(on) is False


@given(fuzzy_dates)
def test_happened_by_is_certain_from_the_latest_day(value):
    assert value.happened_by(value.latest()) is True
    earliest = value.earliest()
    assume(earliest is not None)
    assert value.happened_by(earliest - datetime.timedelta(days=1)) is False
