"""SQLite lets one connection write at a time: how long each kind of process waits for that, and how
to tell that a write gave up waiting.

A long import holds the write lock for minutes (one transaction, so that it is all or nothing),
while readers go on reading (WAL). So the waits differ by who writes:

- a web request's write waits a few seconds (``timeout`` in the database settings), then answers
  503 with ``Retry-After`` (:mod:`accord.core.middleware`);
- a command waits longer (``COMMAND_WAIT_SECONDS``, or ``--wait``), and can be stopped with Ctrl-C
  while it waits; then it says in one line that the database is busy (:mod:`accord.core.cli`);
- the small writes that reads make on their way (a token's last use, the read log) do not wait at
  all: they are skipped, or kept in a journal (:mod:`accord.core.reads`), so a read never waits.

On PostgreSQL writers lock rows, not the database: these waits do not apply there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

COMMAND_WAIT_SECONDS = 30.0
RETRY_AFTER_SECONDS = 30
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
POSTGRES_LOCK_NOT_AVAILABLE = "55P03"
LOCK_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")

# Set within lock_wait(): a write that a read makes on its way is never retried, whoever runs it.
_impatient: ContextVar[bool] = ContextVar("accord_impatient_write", default=False)


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
    impatient = _impatient.set(True)
    try:
        yield
    finally:
        _impatient.reset(impatient)
        if connection.connection is raw:
            raw.execute(f"PRAGMA busy_timeout = {int(previous)}")


class PatientWrites:
    """Django execute wrapper: a statement that meets another writer's lock outside a transaction
    (the ``BEGIN IMMEDIATE`` that opens one, or a lone write) is tried again until ``seconds`` have
    passed, then the lock error is raised.

    SQLite's own wait runs in C, where Ctrl-C is not seen until it ends; here SQLite waits only
    ``RETRY_SECONDS`` at a time, so a command waiting for an import stops at once when asked.
    """

    RETRY_SECONDS = 0.25

    def __init__(self, seconds: float, on_first_wait: Callable[[], None] | None = None) -> None:
        self.seconds = seconds
        self.on_first_wait = on_first_wait
        self.waited = False

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        deadline = time.monotonic() + self.seconds
        while True:
            try:
                return execute(sql, params, many, context)
            except OperationalError as error:
                if context["connection"].in_atomic_block or not is_lock_timeout(error):
                    raise
                if _impatient.get() or time.monotonic() >= deadline:
                    raise
                if not self.waited and self.on_first_wait is not None:
                    self.on_first_wait()
                self.waited = True


@contextmanager
def patient_writes(
    seconds: float, on_first_wait: Callable[[], None] | None = None, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """Within the block (a command), writes wait up to ``seconds`` for another writer, Ctrl-C-able.

    A web request gives up after a few seconds; a command may wait out another's write.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    previous = connection.settings_dict.setdefault("OPTIONS", {}).get("timeout", 5)
    _set_connection_wait(connection, PatientWrites.RETRY_SECONDS)
    try:
        with connection.execute_wrapper(PatientWrites(seconds, on_first_wait)):
            yield
    finally:
        _set_connection_wait(connection, previous)


def _set_connection_wait(connection: Any, seconds: float) -> None:
    """SQLite's own wait for the lock, on the open connection and on those opened later."""
    connection.settings_dict["OPTIONS"]["timeout"] = seconds
    if connection.connection is not None:
        connection.connection.execute(f"PRAGMA busy_timeout = {_busy_milliseconds(seconds)}")
