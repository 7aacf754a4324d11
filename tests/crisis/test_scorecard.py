"""The scorecard: onsets read and checked, every method scored on the member series, and the shipped
configuration catching every known onset with tens of episodes."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from accord.core.audit import Actor
from accord.core.ingest import InputFileError
from accord.crisis import early_warning as ew
from accord.crisis.alerts import method_for, run_member_early_warning, series_days
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Alert, Series
from accord.crisis.scorecard import ONSETS_FILE, first_alert_around, read_onsets, score, shipped_onsets
from tests.crisis.ingest.helpers import members_only

SYSTEM = Actor.system("tests")
GOOD = """\
window: {before: 14, after: 28}
onsets:
  - state: KAZ
    date: 2020-03-13
    kind: first-case
    description: {en: First cases, ru: Первые случаи}
    source: Ministry of Health
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "onsets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_onsets_are_valid_and_bilingual():
    onsets = shipped_onsets()
    assert {onset.state for onset in onsets.onsets} == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert all(onset.description.ru and onset.description.en and onset.source for onset in onsets.onsets)
    assert read_onsets(ONSETS_FILE) == onsets


@pytest.mark.parametrize(
    ("change", "line", "field"),
    [
        (("2020-03-13", "2020-13-13"), 4, "onsets[0].date"),
        (("first-case", "first"), 5, "onsets[0].kind"),
        (("ru: Первые случаи", "fr: Premiers cas"), 6, "onsets[0].description.ru"),
        (("state: KAZ", "state: kz"), 3, "onsets[0].state"),
        (("after: 28", "after: 0"), 1, "window.after"),
    ],
)
def test_a_bad_onsets_file_is_refused_with_file_line_and_field(tmp_path, change, line, field):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(InputFileError) as refused:
        read_onsets(path)
    problem = refused.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (str(path), line, field), refused.value


def test_an_onset_listed_twice_is_refused(tmp_path):
    twice = GOOD + GOOD.split("onsets:\n")[1]
    with pytest.raises(InputFileError, match="listed twice"):
        read_onsets(write(tmp_path, twice))


def test_lead_time_is_the_first_alert_within_the_window():
    window = shipped_onsets().window
    onset = datetime.date(2021, 7, 2)
    alerts = [datetime.date(2021, 6, 1), datetime.date(2021, 6, 27), datetime.date(2021, 7, 5)]
    assert first_alert_around(alerts, onset, window) == datetime.date(2021, 6, 27)
    assert first_alert_around([datetime.date(2021, 8, 31)], onset, window) is None


def test_score_counts_episodes_alert_days_and_misses(tmp_path):
    onsets = read_onsets(write(tmp_path, GOOD))
    start = datetime.date(2020, 3, 1)
    values = [0] * 12 + [9] + [0] * 40 + [30, 40] + [0] * 10
    days = [
        ew.Day(start + datetime.timedelta(days=index), float(value)) for index, value in enumerate(values)
    ]
    result = score("KAZ", "covid.confirmed", days, ew.MethodConfig("ears-c1", close_after=7), onsets)
    assert (result.episodes, result.alert_days, result.days) == (2, 3, len(values))
    assert [item.lead_days for item in result.onsets] == [0]
    assert score("KAZ", "covid.deaths", days, ew.MethodConfig("ears-c1"), onsets).onsets == ()


@pytest.fixture
def members(tmp_path):
    import_jhu_covid(members_only(tmp_path), actor=SYSTEM)


@pytest.mark.django_db
def test_evaluate_scores_every_method_on_every_member_series_and_catches_every_onset(members, capsys):
    call_command("alerts", "evaluate", "--json")
    payload = json.loads(capsys.readouterr().out)
    scores = payload["scores"]
    assert len(scores) == 12 * len(ew.METHODS)
    configured = [item for item in scores if item["configured"]]
    assert len(configured) == 12
    assert payload["totals"]["configured"]["missed"] == 0
    assert payload["totals"]["configured"]["onsets"] == len(shipped_onsets().onsets)
    assert 10 <= payload["totals"]["configured"]["episodes"] <= 99, "tens of episodes, not hundreds"
    call_command("alerts", "evaluate")
    table = capsys.readouterr().out
    assert "Early-warning scorecard" in table and "farrington" in table and "0 of 8 onsets missed" in table


@pytest.mark.django_db
def test_the_configured_methods_alert_on_tajikistans_first_cases_and_not_on_kazakhstans_revision(members):
    tajikistan = Series.objects.get(key="covid.confirmed", country="TJK")
    first = next(signal for signal in ew.alerts(series_days(tajikistan), method_for("covid.confirmed")))
    # Announced on 30 April 2020; the JHU figures carry the first 15 cases on 1 May.
    assert first.date == datetime.date(2020, 5, 1)
    run_member_early_warning(actor=SYSTEM)
    assert not Alert.objects.filter(series__country="KAZ", date=datetime.date(2021, 7, 24)).exists()
    assert Alert.objects.filter(series__key="covid.deaths", method="farrington").exists()
