"""Every ``accord`` command that meets another write's lock says so in one line, status 75, no traceback:
Accord's own commands (which wait ``--wait`` seconds) and Django's (migrate, createsuperuser …)."""

from __future__ import annotations

import pytest

from tests.core.live import accord_environment, run_accord, sqlite_only, write_lock_held

pytestmark = sqlite_only
BUSY_LINE = "the database is busy with another write (an import?); try again when it has finished"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> tuple[dict[str, str], object]:
    data_dir = tmp_path_factory.mktemp("cli-data")
    environment = accord_environment(data_dir)
    done = run_accord(environment, "migrate", "--verbosity", "0")
    assert done.returncode == 0, done.stderr
    return environment, data_dir / "accord.sqlite3"


def test_an_accord_command_meets_the_lock(migrated):
    environment, database = migrated
    with write_lock_held(database):
        done = run_accord(
            environment, "createuser", "clerk", "--role", "reader", "--password", "x" * 20, "--wait", "0"
        )
    assert (done.returncode, done.stderr.splitlines()) == (75, [f"accord createuser: error: {BUSY_LINE}"])


def test_a_django_command_meets_the_lock(migrated):
    environment, database = migrated
    with write_lock_held(database):
        done = run_accord(
            environment, "createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org"
        )
    assert (done.returncode, done.stderr.splitlines()) == (75, [f"accord: {BUSY_LINE}"])
