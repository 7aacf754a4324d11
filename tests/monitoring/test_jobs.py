"""The daily job: stories fade, the signals of the method's days are recounted, the early warning runs."""

from __future__ import annotations

import datetime

import pytest

from accord.core.audit import Actor
from accord.core.jobs import declared_periodic
from accord.core.models import Run
from accord.crisis.models import Alert, Series
from accord.monitoring import signals
from accord.monitoring.jobs import refresh_media_signals
from accord.monitoring.models import Story
from tests.core.test_jobs import run_worker_once
from tests.monitoring.factory import make_source
from tests.monitoring.helpers import make_story

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)


def test_the_daily_job_fades_counts_and_warns():
    wire = make_source("wire")
    old = make_story(wire, DAY - datetime.timedelta(days=20), category="terrorism", states=("KAZ",))
    for _ in range(6):
        make_story(wire, DAY, category="terrorism", states=("KAZ",))
    run = refresh_media_signals.submit(Actor.system("tests"), date=DAY.isoformat())
    run_worker_once()
    run.refresh_from_db()
    assert run.status == Run.Status.COMPLETE, run.messages
    assert Story.objects.get(pk=old.pk).faded_on == DAY
    series = Series.objects.get(key="media.terrorism", country="KAZ")
    dates = list(series.points.order_by("date").values_list("date", flat=True))
    # The method's days up to the job's date, each once (the worker may also have run today's job,
    # which fills the days from then to today: no gap).
    first = DAY - datetime.timedelta(days=signals.baseline_days() - 1)
    assert dates[0] == first and len(dates) == (dates[-1] - first).days + 1
    assert run.added == Alert.objects.filter(series=series, date=DAY).count() == 1
    assert "stories faded 1" in str(run.messages)


def test_the_job_is_declared_daily_before_the_crisis_early_warning():
    by_name = {item.name: item for item in declared_periodic()}
    assert by_name["monitoring-signals"].every == datetime.timedelta(days=1)
    assert by_name["monitoring-signals"].at < by_name["crisis.early-warning"].at
