"""Early-warning runs: alerts are raised by one service and labelled from what they were computed from."""

from __future__ import annotations

import datetime

import pytest

from accord.core.audit import Actor
from accord.core.derived import PUBLIC_LABELS, Labels
from accord.crisis.alerts import (
    HANDLING_FLOOR,
    alert_labels,
    event_series,
    run_early_warning,
    run_member_early_warning,
    series_labels,
)
from accord.crisis.counts import refresh_counts
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Alert, Event, Series
from tests.crisis.test_series import members_file  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
START, END = datetime.date(2021, 3, 1), datetime.date(2021, 3, 10)


def event(number: int, day: int, classification: int, releasability: str, year: int = 2021) -> Event:
    return Event.objects.create(
        source="test",
        source_id=str(number),
        date=datetime.date(year, 3, day),
        date_precision="day",
        place_precision="country",
        country="KAZ",
        region="central-asian",
        category="terrorism",
        classification=classification,
        releasability=releasability,
    )


def test_a_published_series_is_public_and_its_alerts_keep_the_handling_floor():
    series = Series.objects.create(key="covid.confirmed", country="KAZ")
    assert series_labels(series) == PUBLIC_LABELS
    assert alert_labels(series) == HANDLING_FLOOR


def test_alerts_on_a_series_carry_its_labels_and_the_record_says_so(members_file):  # noqa: F811
    import_jhu_covid(members_file, actor=SYSTEM)
    series = Series.objects.get(key="covid.confirmed", country="KAZ")
    created = run_early_warning(
        series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=SYSTEM
    ).alerts
    assert created
    for alert in created:
        assert (alert.classification, alert.releasability) == (1, "members-and-partners")
    from accord.core.models import ChangeRecord

    record = ChangeRecord.objects.filter(object_type="crisis.alert", object_id=str(created[0].pk)).get()
    assert record.after["classification"] == 1 and record.after["releasability"] == "members-and-partners"


def test_the_member_alerts_of_the_setup_are_raised_by_the_service(members_file):  # noqa: F811
    import_jhu_covid(members_file, actor=SYSTEM)
    created = len(run_member_early_warning(actor=SYSTEM).alerts)
    assert created == Alert.objects.count() > 0
    assert len(run_member_early_warning(actor=SYSTEM).alerts) == 0


def test_an_event_series_carries_the_highest_level_of_the_events_it_counts():
    event(1, 2, 0, "everyone")
    event(2, 3, 3, "members-only")
    event(3, 3, 1, "members-and-partners")
    refresh_counts({"KAZ"})
    counted = event_series("central-asian", "terrorism", START, END)
    assert [day.value for day in counted.days][1:3] == [1.0, 2.0]
    assert counted.labels == Labels(3, "members-only")


def test_an_event_series_of_public_events_is_public_and_counts_only_them():
    event(1, 2, 0, "everyone")
    event(2, 3, 3, "members-only")
    refresh_counts({"KAZ"})
    public = event_series("central-asian", "terrorism", START, END, public_only=True)
    assert [day.value for day in public.days][1:3] == [1.0, 0.0]
    assert public.labels == PUBLIC_LABELS


def test_events_outside_the_window_do_not_label_it():
    event(1, 2, 0, "everyone")
    event(2, 5, 3, "members-only", year=2020)
    refresh_counts({"KAZ"})
    assert event_series("central-asian", "terrorism", START, END).labels == PUBLIC_LABELS


def test_a_backtest_of_events_says_which_labels_its_signals_carry(capsys):
    import json

    from django.core.management import call_command

    for number in range(3):
        event(number, 8, 3, "members-only")
    refresh_counts({"KAZ"})
    arguments = ["alerts", "backtest", "--series", "events.terrorism", "--region", "central-asian"]
    call_command(*arguments, "--from", "2021-03-01", "--to", "2021-03-10", "--json")
    replay = json.loads(capsys.readouterr().out)
    assert [(item["date"], item["classification"], item["releasability"]) for item in replay["alerts"]] == [
        ("2021-03-08", 3, "members-only")
    ]
    assert [(item["opened_on"], item["alert_days"]) for item in replay["episodes"]] == [("2021-03-08", 1)]
    call_command(*arguments, "--from", "2021-03-01", "--to", "2021-03-10", "--public-only", "--json")
    assert json.loads(capsys.readouterr().out) == {"alerts": [], "episodes": []}
    call_command(*arguments, "--from", "2021-03-01", "--to", "2021-03-10")
    assert "[SECRET, members-only]" in capsys.readouterr().out
