"""Telling a write that gave up waiting for SQLite's lock from every other database error, and setting
how long this connection's writes wait."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import IntegrityError, OperationalError, connection

from accord.core.locks import is_lock_timeout, lock_wait, patient_writes
from tests.core.live import sqlite_only, write_lock_held


def real_error(database, statement: str) -> sqlite3.Error:
    writer = sqlite3.connect(database, isolation_level=None, timeout=0)
    try:
        writer.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        writer.close()
    raise AssertionError(f"{statement} did not fail")


def as_django_error(error: sqlite3.Error, kind: type[Exception]) -> Exception:
    """The error as Django raises it: its own class, the driver's error as the cause."""
    try:
        raise kind(*error.args) from error
    except kind as wrapped:
        return wrapped


def test_a_busy_database_is_told_from_other_errors(tmp_path):
    database = tmp_path / "busy.sqlite3"
    sqlite3.connect(database).executescript("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER UNIQUE);")
    with write_lock_held(database):
        busy = real_error(database, "INSERT INTO t VALUES (1)")
    assert str(busy) == "database is locked"
    assert is_lock_timeout(busy)
    assert is_lock_timeout(as_django_error(busy, OperationalError))
    missing = real_error(database, "INSERT INTO nowhere VALUES (1)")
    assert not is_lock_timeout(missing)
    assert not is_lock_timeout(as_django_error(missing, OperationalError))
    sqlite3.connect(database, isolation_level=None).execute("INSERT INTO t VALUES (1)")
    duplicate = real_error(database, "INSERT INTO t VALUES (1)")
    assert not is_lock_timeout(as_django_error(duplicate, IntegrityError))
    assert not is_lock_timeout(ValueError("database is locked"))


def busy_timeout() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        return cursor.fetchone()[0]


@sqlite_only
@pytest.mark.django_db
def test_a_command_waits_in_short_steps_and_a_reads_own_write_does_not_wait():
    before = busy_timeout()
    with patient_writes(30):
        assert busy_timeout() == 250  # SQLite returns to Python (and Ctrl-C) four times a second
        with lock_wait(0.1):
            assert busy_timeout() == 100
        assert busy_timeout() == 250
    assert busy_timeout() == before
