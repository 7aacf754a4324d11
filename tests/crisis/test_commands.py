"""The import commands tell the truth at the end: Ctrl-C after the commit says what was imported, and a
second import that meets a running one's lock says so in one line, never with a traceback."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accord.core.models import Run
from accord.crisis.management.commands import events, series
from accord.crisis.models import Event
from tests.core.live import AtATerminal, accord_environment, run_accord, sqlite_only, write_lock_held

SHIPPED_GED = Path(__file__).resolve().parents[2] / "src" / "accord" / "data" / "demo" / "ged-23.1-sample.csv"


def interrupted_after(real_import):
    """The real import, then Ctrl-C: the moment after its commit, before the command reports."""

    def run(*args, **kwargs):
        real_import(*args, **kwargs)
        raise KeyboardInterrupt

    return run


def interrupted_during(real_import):
    """The real import, with Ctrl-C at its first progress report: inside its transaction."""

    def run(*args, **kwargs):
        def interrupt(done: int, total: int) -> None:
            raise KeyboardInterrupt

        return real_import(*args, **{**kwargs, "progress": interrupt})

    return run


@pytest.mark.django_db
def test_ctrl_c_after_the_events_commit_says_they_were_imported(monkeypatch, capsys):
    monkeypatch.setattr(events, "import_ged", interrupted_after(events.import_ged))
    call_command("events", "import", "ucdp-ged", str(SHIPPED_GED))
    output = capsys.readouterr()
    assert "1000 added" in output.out
    assert "nothing was imported" not in output.out + output.err
    assert "Interrupted after the import was saved" in output.err
    assert Event.objects.count() >= 1000


@pytest.mark.django_db
def test_ctrl_c_before_the_events_commit_says_nothing_was_imported(monkeypatch):
    monkeypatch.setattr(events, "import_ged", interrupted_during(events.import_ged))
    with pytest.raises(CommandError, match="nothing was imported") as caught:
        call_command("events", "import", "ucdp-ged", str(SHIPPED_GED))
    assert caught.value.returncode == 130
    assert not Run.objects.filter(subject=SHIPPED_GED.name).exists()


@pytest.mark.django_db
def test_ctrl_c_after_the_series_commit_says_they_were_imported(monkeypatch, capsys, tmp_path):
    covid = tmp_path / "covid.csv"
    covid.write_text(
        "Date,Country,Confirmed,Recovered,Deaths\n2020-01-22,Kazakhstan,1,0,0\n2020-01-23,Kazakhstan,3,0,0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(series, "import_jhu_covid", interrupted_after(series.import_jhu_covid))
    call_command("series", "import", "jhu-covid", str(covid))
    output = capsys.readouterr().out
    assert "Interrupted after the import was saved" in output and "were imported" in output
    assert "nothing was imported" not in output


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> tuple[dict[str, str], Path]:
    """An Accord data folder with its database file, for another process to hold its lock."""
    data_dir = tmp_path_factory.mktemp("import-data")
    environment = accord_environment(data_dir)
    done = run_accord(environment, "migrate", "--verbosity", "0")
    assert done.returncode == 0, done.stderr
    return environment, data_dir / "accord.sqlite3"


@sqlite_only
def test_a_second_import_meets_the_lock_and_says_so_in_one_line(migrated):
    environment, database = migrated
    with write_lock_held(database):
        done = run_accord(environment, "events", "import", "ucdp-ged", str(SHIPPED_GED), "--wait", "1")
    assert done.returncode == 75, done.stderr
    assert done.stderr.splitlines() == [
        "accord events: error: the database is busy with another write (an import?); "
        "try again when it has finished"
    ]
    assert "Traceback" not in done.stdout


@sqlite_only
def test_ctrl_c_while_waiting_for_the_lock_stops_at_once(migrated):
    environment, database = migrated
    with write_lock_held(database):
        command = AtATerminal(environment, "events", "import", "ucdp-ged", str(SHIPPED_GED), "--wait", "120")
        command.wait_for("waiting for another write")
        command.process.send_signal(signal.SIGINT)
        started = time.monotonic()
        status, _, shown = command.finish()
        stopped_after = time.monotonic() - started
    assert stopped_after < 3
    assert status == 130
    assert shown[-1] == "accord events: error: interrupted: nothing was imported"
