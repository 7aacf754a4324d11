"""Every ``accord`` command that meets another write's lock says so in one line, status 75, no traceback:
Accord's own commands (which wait ``--wait`` seconds) and Django's (migrate, createsuperuser …)."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.core.live import ACCORD, accord_environment, run_accord, set_up, sqlite_only, write_lock_held

pytestmark = sqlite_only
BUSY_LINE = "the database is busy with another write (an import?); try again when it has finished"


@pytest.fixture(scope="module")
def accord_data(tmp_path_factory) -> tuple[dict[str, str], object]:
    data_dir = tmp_path_factory.mktemp("cli-data")
    environment = accord_environment(data_dir)
    set_up(environment)
    return environment, data_dir / "accord.sqlite3"


def test_an_accord_command_meets_the_lock(accord_data):
    environment, database = accord_data
    with write_lock_held(database):
        done = run_accord(
            environment, "createuser", "clerk", "--role", "reader", "--password", "x" * 20, "--wait", "0"
        )
    assert (done.returncode, done.stderr.splitlines()) == (75, [f"accord createuser: error: {BUSY_LINE}"])


def test_an_accord_command_waits_out_a_short_write(accord_data):
    environment, database = accord_data
    with write_lock_held(database):
        waiting = subprocess.Popen(
            [ACCORD, "createuser", "patient", "--role", "reader", "--password", "y" * 20, "--wait", "60"],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(6)  # long enough for the command to start and meet the lock
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert "Created patient" in out


def test_a_django_command_meets_the_lock(accord_data):
    environment, database = accord_data
    with write_lock_held(database):
        done = run_accord(
            environment, "createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org"
        )
    assert (done.returncode, done.stderr.splitlines()) == (75, [f"accord: {BUSY_LINE}"])
