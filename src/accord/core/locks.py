"""SQLite lets one connection write at a time: how long each kind of process waits for that, and how
to tell that a write gave up waiting.

A long import holds the write lock for minutes (one transaction, so that it is all or nothing),
while readers go on reading (WAL). So the waits differ by who writes:

- a web request's write waits a few seconds (``timeout`` in the database settings), then answers
  503 with ``Retry-After`` (:mod:`accord.core.middleware`);
- a command waits longer (``COMMAND_WAIT_SECONDS``, or ``--wait``), then says in one line that the
  database is busy (:mod:`accord.core.cli`);
- the small writes that reads make on their way (a token's last use, the read log) do not wait at
  all: they are skipped, or kept in a journal (:mod:`accord.core.reads`), so a read never waits.

On PostgreSQL writers lock rows, not the database: these waits do not apply there.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

COMMAND_WAIT_SECONDS = 30.0
RETRY_AFTER_SECONDS = 30
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
POSTGRES_LOCK_NOT_AVAILABLE = "55P03"
LOCK_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")


def is_lock_timeout(error: BaseException) -> bool:
    """Whether ``error`` says a write gave up waiting for another writer (not any other failure)."""
    for candidate in (error, error.__cause__):
        if candidate is None:
            continue
        code = getattr(candidate, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        if getattr(candidate, "sqlstate", None) == POSTGRES_LOCK_NOT_AVAILABLE:
            return True
    return type(error).__name__ == "OperationalError" and str(error).strip() in LOCK_MESSAGES


def _busy_milliseconds(seconds: float) -> int:
    return max(0, round(seconds * 1000))


@contextmanager
def lock_wait(seconds: float, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block, a write on this connection waits at most ``seconds`` for the lock (SQLite).

    Used with 0 or a fraction of a second by the writes that reads make on their way, so that a
    read never waits for an import; the connection's own wait is restored afterwards.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {_busy_milliseconds(seconds)}")
    try:
        yield
    finally:
        if connection.connection is raw:
            raw.execute(f"PRAGMA busy_timeout = {int(previous)}")


def set_write_wait(seconds: float, using: str = DEFAULT_DB_ALIAS) -> None:
    """From now on this process's writes wait up to ``seconds`` for another writer (SQLite).

    Commands call it: an import may wait out a web request's write, where a web request gives up
    after a few seconds.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    connection.settings_dict.setdefault("OPTIONS", {})["timeout"] = seconds
    if connection.connection is not None:
        connection.connection.execute(f"PRAGMA busy_timeout = {_busy_milliseconds(seconds)}")
