"""Every ``accord`` command that meets another write's lock says so in one line, status 75, no traceback:
Accord's own commands (which wait ``--wait`` seconds) and Django's (migrate, shell …)."""

from __future__ import annotations

from tests.core.live import AtATerminal, run_accord, sqlite_only, write_lock_held

pytestmark = sqlite_only
BUSY_LINE = "the database is busy with another write (an import?); try again when it has finished"


def test_an_accord_command_meets_the_lock(accord_data):
    with write_lock_held(accord_data.database):
        done = run_accord(
            accord_data.environment,
            *(
                "createuser",
                "clerk",
                "--role",
                "reader",
                "--body",
                "secretariat",
                "--password",
                "x" * 20,
                "--wait",
                "0",
            ),
        )
    assert (done.returncode, done.stderr.splitlines()) == (75, [f"accord createuser: error: {BUSY_LINE}"])


def test_an_accord_command_waits_out_a_short_write_and_says_so_at_a_terminal(accord_data):
    with write_lock_held(accord_data.database):
        command = AtATerminal(
            accord_data.environment,
            *(
                "createuser",
                "patient",
                "--role",
                "reader",
                "--body",
                "secretariat",
                "--password",
                "y" * 20,
                "--wait",
                "120",
            ),
        )
        command.wait_for("waiting for another write (an import?) to finish; Ctrl-C stops waiting")
        assert command.process.poll() is None
    status, out, _ = command.finish()
    assert status == 0
    assert "Created patient" in out


def test_a_django_command_meets_the_lock(accord_data):
    with write_lock_held(accord_data.database):
        done = run_accord(
            accord_data.environment,
            *(
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('BEGIN IMMEDIATE')",
            ),
        )
    assert (done.returncode, done.stderr.splitlines()) == (75, [f"accord: {BUSY_LINE}"])
