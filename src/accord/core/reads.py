"""The log of reads of CONFIDENTIAL and SECRET records, kept without ever making a read wait.

A read of a classified record must be logged, but writing the log needs SQLite's write lock, which
a long import holds for minutes. So the read is written to :class:`ReadRecord` if the lock is free
within a moment; otherwise it is appended, one JSON line, to a journal file next to the database
(owner-only, append-only), and the next writer that finds the lock free folds the journal into
:class:`ReadRecord`: a classified read, a successful write request, or any ``accord`` command.

Folding is at least once: a crash between the database's commit and the journal's truncation
logs those reads twice, never zero times.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, models, transaction

from accord.core.locks import is_lock_timeout, lock_wait
from accord.core.models import ReadRecord

logger = logging.getLogger(__name__)

READ_LOG_WAIT_SECONDS = 0.1
JOURNAL_SUFFIX = ".read-journal"


@dataclass(frozen=True)
class ReadEntry:
    """One read to log: who read which record, when, how (page, api, file, export)."""

    at: str
    actor_user_id: int | None
    actor_name: str
    object_type: str
    object_id: str
    classification: int
    via: str

    @classmethod
    def of(cls, user: Any, record: models.Model, classification: int, via: str) -> ReadEntry:
        authenticated = getattr(user, "is_authenticated", False) and getattr(user, "pk", None)
        name = user.get_username() if authenticated else "system" if user is not None else "anonymous"
        return cls(
            at=datetime.datetime.now(datetime.UTC).isoformat(),
            actor_user_id=user.pk if authenticated else None,
            actor_name=name,
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
            classification=int(classification),
            via=via,
        )

    def as_record(self, known_users: set[int]) -> ReadRecord:
        """The read as a row; a user deleted since the read keeps their name only."""
        return ReadRecord(
            at=datetime.datetime.fromisoformat(self.at),
            actor_user_id=self.actor_user_id if self.actor_user_id in known_users else None,
            actor_name=self.actor_name,
            object_type=self.object_type,
            object_id=self.object_id,
            classification=self.classification,
            via=self.via,
        )


def journal_path(using: str = DEFAULT_DB_ALIAS) -> Path:
    """Where reads wait for the lock: beside the SQLite file they belong to, else in the data folder."""
    connection = connections[using]
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and name and not connection.is_in_memory_db():
        database = Path(name)
        return database.with_name(database.name + JOURNAL_SUFFIX)
    return Path(settings.DATA_DIR) / f"reads{JOURNAL_SUFFIX}"


def record_read(entry: ReadEntry) -> None:
    """Log the read now if the lock is free within a moment, else in the journal; never wait longer."""
    try:
        with lock_wait(READ_LOG_WAIT_SECONDS), transaction.atomic():
            ReadRecord.objects.bulk_create([entry.as_record(existing_users([entry]))])
    except OperationalError as error:
        if not is_lock_timeout(error):
            raise
        append_to_journal(entry)
        return
    fold_read_journal()


def in_enclosing_transaction() -> bool:
    """Whether a transaction that may still roll back encloses this point (a test case's does not)."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def existing_users(entries: list[ReadEntry]) -> set[int]:
    """Which of the entries' readers still exist (ids for a foreign key; nothing is shown to anyone)."""
    wanted = {entry.actor_user_id for entry in entries if entry.actor_user_id is not None}
    if not wanted:
        return set()
    return set(get_user_model()._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))


@contextmanager
def locked_journal(flags: int) -> Iterator[int]:
    """The journal, opened with ``flags`` and locked against other processes for the block."""
    descriptor = os.open(journal_path(), flags, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)


def append_to_journal(entry: ReadEntry) -> None:
    """Append one read as a JSON line; the file is created readable by its owner only."""
    line = (json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    with locked_journal(os.O_WRONLY | os.O_APPEND | os.O_CREAT) as descriptor:
        while line:
            line = line[os.write(descriptor, line) :]


def read_entries(content: bytes) -> list[ReadEntry]:
    """The journal's reads; a line cut short by a crash is reported and skipped, not fatal."""
    entries = []
    for number, line in enumerate(content.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(ReadEntry(**json.loads(line)))
        except (ValueError, TypeError) as error:
            logger.error("read journal line %s cannot be read (%s): %r", number, error, line[:300])
    return entries


def journal_pending() -> bool:
    """Whether some reads are waiting in the journal (one ``stat``, cheap enough for every write)."""
    with suppress(OSError):
        return journal_path().stat().st_size > 0
    return False


def fold_read_journal() -> int:
    """Move the journal's reads into :class:`ReadRecord` if the lock is free within a moment.

    Returns how many reads were folded (0 when there were none or the database is still busy). Only
    an outermost transaction folds: one that could still roll back would lose the truncated reads.
    """
    if in_enclosing_transaction() or not journal_pending():
        return 0
    with locked_journal(os.O_RDWR | os.O_CREAT) as descriptor:
        content = b""
        while chunk := os.read(descriptor, 1 << 20):
            content += chunk
        entries = read_entries(content)
        try:
            with lock_wait(READ_LOG_WAIT_SECONDS), transaction.atomic(durable=True):
                known = existing_users(entries)
                ReadRecord.objects.bulk_create([entry.as_record(known) for entry in entries], batch_size=500)
        except OperationalError as error:
            if not is_lock_timeout(error):
                raise
            return 0
        os.ftruncate(descriptor, 0)
    return len(entries)
