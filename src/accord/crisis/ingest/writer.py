"""Writing imported events: the one pipeline every event importer (GED, mapped CSV/JSON) ends in.

All or nothing (unless the good rows are wanted, when the bad ones go to a rejects file with their
reasons), the same file twice adds nothing, a changed row updates its event and records the change,
and an interruption leaves nothing behind, because everything happens in one transaction. The import
is a :class:`~accord.core.models.Run`: it reports its progress a chunk or a block at a time, and its
events point to it.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from django.db import connection, transaction

from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, Releasability
from accord.core.importing import (
    Digest,
    ImportRefused,
    RowProblem,
    Scan,
    add_problem_messages,
    chunks,
    write_rejects,
)
from accord.core.models import Run, Source
from accord.core.runs import finish_run, record_run, start_run
from accord.core.sources import ensure_source
from accord.crisis.counts import CountIncrements, refresh_counts
from accord.crisis.ingest.ged_blocks import EVENT_COLUMNS, Block
from accord.crisis.ingest.ged_schema import SOURCE_ID_LENGTH
from accord.crisis.models import Event

BATCH = 2000
LOOKUP = 5000
IMPORT_CACHE = -32768  # SQLite's page cache while importing, in KiB when negative (32 MiB)
Progress = Callable[[int, int], None]


VALUE_COLUMNS = EVENT_COLUMNS[2:-1]  # date … description: the event's own fields, in column order
COUNTRY_INDEX = VALUE_COLUMNS.index("country")
SHARED_COLUMNS = ("source", "import_run_id", "classification", "releasability", "release_to")
INSERT_COLUMNS = (*EVENT_COLUMNS, *SHARED_COLUMNS)


@dataclass
class EventRow:
    """One checked row, ready to be written: its fields in column order and its other fields as JSON."""

    line: int
    source_id: str
    fields: tuple
    attributes: str

    @classmethod
    def from_values(cls, line: int, source_id: str, values: dict[str, Any]) -> EventRow:
        """A row from a dictionary of event values."""
        return cls(
            line,
            source_id,
            tuple(values[column] for column in VALUE_COLUMNS),
            json_text(values["attributes"]),
        )

    @property
    def country(self) -> str:
        return self.fields[COUNTRY_INDEX]

    @property
    def values(self) -> dict[str, Any]:
        """The event values as a dictionary (for the rare update of a changed row)."""
        return {**self.field_values, "attributes": self.parsed_attributes}

    @property
    def field_values(self) -> dict[str, Any]:
        return dict(zip(VALUE_COLUMNS, self.fields, strict=True))

    @property
    def parsed_attributes(self) -> Any:
        return orjson.loads(self.attributes)

    def comparable(self) -> tuple:
        """What a stored event is compared with to tell a changed row from an unchanged one."""
        return (*self.fields, self.parsed_attributes)


def json_text(value: Any) -> str:
    """JSON as text, fast (orjson)."""
    return orjson.dumps(value).decode("utf-8")


def check_source_id(source_id: str, column: str, line: int, problems: list[RowProblem]) -> None:
    """An id is required and fits the database's column."""
    if not source_id:
        problems.append(RowProblem(line, column, "required value is missing"))
    elif len(source_id) > SOURCE_ID_LENGTH:
        problems.append(RowProblem(line, column, f"longer than {SOURCE_ID_LENGTH} characters"))


def dataset_source(values: dict[str, str], actor: Actor) -> Source:
    """The Source a data set's figures cite, created or brought up to date."""
    fields = {name: value for name, value in values.items() if name != "key"}
    return ensure_source(values["key"], fields, actor=actor)


@dataclass
class ImportOptions:
    """How to import."""

    source: str
    kind: str
    classification: int = Classification.PUBLIC
    releasability: str = Releasability.EVERYONE
    keep_good: bool = False
    rejects: Path | None = None
    progress: Progress | None = None
    run: Run | None = None  # made beforehand by a queued job; the import fills it in


class EventWriter:
    """Writes one import's events in its transaction: new ones in bulk with the database's own fast path
    (``COPY`` on PostgreSQL, ``executemany`` on SQLite), changed ones one by one, each change recorded.
    """

    def __init__(self, run: Run, options: ImportOptions, actor: Actor) -> None:
        self.run = run
        self.options = options
        self.actor = actor
        self.source_known = Event.objects.filter(source=options.source).exists()
        self.increments = CountIncrements()
        self.touched: set[str] = set()  # countries to recount: those with changed events
        self.postgres = connection.vendor == "postgresql"
        self.table = connection.ops.quote_name(Event._meta.db_table)
        self.columns = ", ".join(connection.ops.quote_name(column) for column in INSERT_COLUMNS)
        self.streams = ExitStack()
        self.copy: Any = None
        # What every event of this import has in common (``SHARED_COLUMNS``).
        self.shared = (options.source, run.pk, int(options.classification), str(options.releasability), "")

    def stored(self, source_ids: list[str]) -> dict[str, tuple]:
        """What the database holds for those ids, as comparable tuples (nothing for a new source)."""
        if not self.source_known:
            return {}
        found: dict[str, tuple] = {}
        for start in range(0, len(source_ids), LOOKUP):
            for source_id, *values in Event.objects.filter(
                source=self.options.source, source_id__in=source_ids[start : start + LOOKUP]
            ).values_list("source_id", *VALUE_COLUMNS, "attributes"):
                found[source_id] = tuple(values)
        return found

    def write_rows(self, rows: list[EventRow]) -> None:
        """Insert the new rows, update the changed ones, count the unchanged ones."""
        stored = self.stored([row.source_id for row in rows])
        fresh = [row for row in rows if row.source_id not in stored]
        changed = [
            row for row in rows if row.source_id in stored and row.comparable() != stored[row.source_id]
        ]
        self.insert_rows(fresh)
        self.update_rows(changed)
        self.run.added += len(fresh)
        self.run.updated += len(changed)
        self.run.unchanged += len(rows) - len(fresh) - len(changed)
        self.increments.add_rows([row.field_values for row in fresh])
        self.touched.update(row.country for row in changed)

    def write_block(self, block: Block) -> None:
        """A block of the columnar reader: straight in when none of its ids is known yet."""
        events = block.events
        if self.stored(block.source_ids):
            self.write_rows(block_rows(events))
            return
        if self.postgres:
            self.copy_csv(events)
        else:
            count = events.num_rows
            columns = block.python_columns or python_columns(events)
            self.insert_records(zip(*columns, *(repeat(value, count) for value in self.shared), strict=True))
        self.run.added += events.num_rows
        self.increments.add(events)

    def prepare(self, block: Block) -> None:
        """Work on a block that the reading thread can do: SQLite's rows as Python values."""
        if not self.postgres and not self.source_known:
            block.python_columns = python_columns(block.events)

    def insert_rows(self, rows: list[EventRow]) -> None:
        records = [
            (
                row.source_id,
                row.line,
                *(row.fields if self.postgres else [iso_if_date(value) for value in row.fields]),
                row.attributes,
                *self.shared,
            )
            for row in rows
        ]
        if not records:
            return
        if self.postgres:
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql("")) as copy:
                for record in records:
                    copy.write_row(record)
        else:
            self.insert_records(records)

    def insert_records(self, records: Iterable[tuple]) -> None:
        """SQLite: ``executemany`` of the sqlite3 module itself (Django's own would hold every row of a
        block in memory while it peeks at the first).
        """
        placeholders = ", ".join(["?"] * len(INSERT_COLUMNS))
        connection.ensure_connection()
        connection.connection.executemany(
            f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders})", records
        )

    def copy_sql(self, options: str) -> str:
        return f"COPY {self.table} ({self.columns}) FROM STDIN {options}".strip()

    def copy_csv(self, events: pa.Table) -> None:
        """A block as CSV straight into ``COPY`` (Arrow writes it; no Python row is ever made)."""
        count = events.num_rows
        table = pa.table(
            {
                **{name: events.column(name) for name in EVENT_COLUMNS},
                **{
                    name: pa.repeat(value, count)
                    for name, value in zip(SHARED_COLUMNS, self.shared, strict=True)
                },
            }
        )
        buffer = io.BytesIO()
        pcsv.write_csv(table, buffer, pcsv.WriteOptions(include_header=False, quoting_style="needed"))
        if not self.source_known:
            self.open_copy().write(buffer.getbuffer())
            return
        # The next block asks which of its ids are known, so no COPY may stay open.
        with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql("WITH (FORMAT csv)")) as copy:
            copy.write(buffer.getbuffer())

    def open_copy(self) -> Any:
        """One ``COPY`` for all the blocks of a new source: the server works on one block while the next
        is read and written out here (a ``COPY`` a block would wait for the server every time).
        """
        if self.copy is None:
            cursor = self.streams.enter_context(connection.cursor())
            self.copy = self.streams.enter_context(cursor.cursor.copy(self.copy_sql("WITH (FORMAT csv)")))
        return self.copy

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(self, *failure: Any) -> None:
        """Finish (or, on failure, abandon) the open ``COPY``."""
        self.copy = None
        self.streams.__exit__(*failure)

    def update_rows(self, rows: list[EventRow]) -> None:
        """Update changed events one by one, each change on the record."""
        by_id = {
            event.source_id: event
            for event in Event.objects.filter(
                source=self.options.source, source_id__in=[row.source_id for row in rows]
            )
        }
        for row in rows:
            save_with_record(
                by_id[row.source_id],
                actor=self.actor,
                reason=f"changed in {self.run.subject} line {row.line}",
                fields={**row.values, "line": row.line, "import_run": self.run},
            )


def iso_if_date(value: Any) -> Any:
    """SQLite keeps dates as ISO text."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def block_rows(events: pa.Table) -> list[EventRow]:
    """A block's rows as Python rows, for comparing with what is stored."""
    columns = [events.column(name).to_pylist() for name in EVENT_COLUMNS]
    return [
        EventRow(values[1], values[0], tuple(values[2:-1]), values[-1])
        for values in zip(*columns, strict=True)
    ]


def python_columns(events: pa.Table) -> list[list]:
    """A block's columns as Python lists, dates as ISO text as SQLite keeps them (in the reading thread)."""
    return [
        (pc.cast(column, pa.string()) if pa.types.is_date(column.type) else column).to_pylist()
        for column in (events.column(name) for name in EVENT_COLUMNS)
    ]


@contextmanager
def bulk_writing() -> Iterator[None]:
    """On SQLite, a larger page cache while an import writes, so that the (country, date) index stays in
    memory: a million events write about a third faster than with the default 2 MB.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {IMPORT_CACHE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def open_run(path: Path, options: ImportOptions, actor: Actor, rejected: int) -> Run:
    """The import's record, first thing in its transaction (its events point to it): a run a queued
    job made beforehand is taken over, else one is started.
    """
    run = options.run
    if run is None:
        run = start_run(options.kind, actor, subject=path.name)
    else:
        run.kind = run.kind or options.kind
        run.subject = run.subject or path.name[:300]
        run.status = Run.Status.RUNNING
        run.added = run.updated = run.unchanged = run.done = 0
    run.rejected = rejected
    run.save()
    return run


def close_run(run: Run, writer: EventWriter, sha256: str, options: ImportOptions, actor: Actor) -> None:
    """Close the import: its figures, the counts of the countries it touched, and its change record."""
    run.sha256 = sha256
    run.done = run.total = run.added + run.updated + run.unchanged
    finish_run(run, Run.Status.PARTIAL if run.rejected else Run.Status.COMPLETE)
    writer.increments.apply(
        options.classification == Classification.PUBLIC and options.releasability == Releasability.EVERYONE
    )
    refresh_counts(writer.touched)
    record_run(run, actor, f"{options.kind} import", rejected=run.rejected)


def advance(run: Run, options: ImportOptions, step: int, done: int, total: int) -> None:
    """Progress after a chunk or a block: kept on the run in memory and given to the caller's hook.

    Not written to the run's row here: the rows are still being streamed (``COPY`` on PostgreSQL holds
    the connection, so another statement on it would wait for ever), and inside the import's
    transaction no one else could read it anyway. The hook reports it outside the transaction (the
    jobs' live progress); the row gets its figures when the import ends.
    """
    run.done, run.total, run.status = done, total, Run.Status.RUNNING
    if options.progress:
        options.progress(step, total)


def import_rows(
    path: Path, scan: Scan[EventRow], options: ImportOptions, actor: Actor, digest: Digest | None = None
) -> Run:
    """Write rows checked row by row, in one transaction."""
    if scan.problems and not options.keep_good:
        raise ImportRefused(path, scan.problems)
    if scan.problems and options.rejects is not None:
        write_rejects(options.rejects, scan)
    digest = digest or Digest(path)
    with transaction.atomic(), bulk_writing():
        run = open_run(path, options, actor, len(scan.rejected))
        add_problem_messages(run, scan.problems)
        writer = EventWriter(run, options, actor)
        done = 0
        for chunk in chunks(scan.rows(), BATCH):
            writer.write_rows(chunk)
            done += len(chunk)
            advance(run, options, len(chunk), done, scan.good)
        close_run(run, writer, digest.result(), options, actor)
    return run
