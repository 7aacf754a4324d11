"""The migration that turns import runs into ``core.Run`` records loses nothing recorded."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps as live_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from accord.core.models import Run
from accord.crisis.models import Event

pytestmark = pytest.mark.django_db
run_is_core_run = importlib.import_module("accord.crisis.migrations.0004_run_is_core_run")
STARTED = datetime.datetime(2024, 5, 1, 8, 30, tzinfo=datetime.UTC)


class BeforeTheMigration:
    """The models as the migration sees them: ImportRun as it was, the others as they are."""

    def __init__(self) -> None:
        state = MigrationLoader(connection).project_state(("crisis", "0003_input_limits"))
        self.import_run = state.apps.get_model("crisis", "ImportRun")

    def get_model(self, app: str, name: str):
        if (app, name) == ("crisis", "ImportRun"):
            return self.import_run
        return live_apps.get_model(app, name)


@pytest.fixture
def before() -> BeforeTheMigration:
    """The ImportRun table back (in the test's transaction, so it goes with it)."""
    models = BeforeTheMigration()
    editor = connection.schema_editor()
    sql, params = editor.table_sql(models.import_run)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return models


def event(source_id: str, run_id: int) -> Event:
    return Event.objects.create(
        source="ucdp-ged",
        source_id=source_id,
        import_run_id=run_id,
        date=datetime.date(2020, 1, 1),
        date_end=datetime.date(2020, 1, 1),
        country="KAZ",
        region="central-asian",
        category="other",
    )


def test_every_import_run_becomes_a_run_with_its_id_and_its_events_follow(before, actor):
    taken = Run.objects.create(kind="job", actor_name="system:worker")  # a job's run, written first
    ImportRun = before.import_run
    old = ImportRun.objects.create(
        id=taken.pk + 50,
        kind="ucdp-ged",
        file_name="ged-23.1.csv",
        sha256="a" * 64,
        actor_name="system:event-importer",
        started_at=STARTED,
        finished_at=STARTED + datetime.timedelta(minutes=2),
        status="partial",
        added=997,
        updated=1,
        unchanged=2,
        rejected=3,
    )
    clash = ImportRun.objects.create(
        id=taken.pk, kind="jhu-covid", file_name="covid.csv", sha256="b" * 64, actor_name="ops", added=5
    )
    event("1", old.id)
    event("2", clash.id)

    run_is_core_run.copy_import_runs(before, connection.schema_editor())

    copied = Run.objects.get(pk=old.id)
    assert (copied.kind, copied.subject, copied.sha256, copied.actor_name, copied.status) == (
        "ucdp-ged",
        "ged-23.1.csv",
        "a" * 64,
        "system:event-importer",
        "partial",
    )
    assert (copied.started_at, copied.finished_at) == (STARTED, STARTED + datetime.timedelta(minutes=2))
    assert (copied.added, copied.updated, copied.unchanged, copied.rejected, copied.done) == (
        997,
        1,
        2,
        3,
        1000,
    )
    assert Event.objects.get(source_id="1").import_run_id == old.id
    moved = Run.objects.get(kind="jhu-covid")
    assert moved.pk > old.id and (moved.subject, moved.added) == ("covid.csv", 5)
    assert Event.objects.get(source_id="2").import_run_id == moved.pk
    assert Run.objects.get(pk=taken.pk).kind == "job"  # the job's run is left as it was
    assert Run.objects.create(kind="next", actor_name="x").pk > moved.pk
