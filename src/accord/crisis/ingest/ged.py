"""Importing UCDP GED files: the columnar way when the file is clean, else row by row.

Large clean files take the columnar path (:mod:`accord.crisis.ingest.ged_blocks`), a block of rows
at a time, read in a second thread while this one writes; a file it is not sure of is read row by row
here, which names the line, the field and the reason of every problem.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from accord.charter.gazetteer import Gazetteer
from accord.core.audit import Actor
from accord.core.importing import (
    Digest,
    RowProblem,
    Scan,
    nul_problems,
    number_or_none,
    parse_coordinate,
    parse_day,
    parse_int,
    read_csv_lists,
    recording_refusal,
    refusing_unreadable_files,
)
from accord.core.ingest import check_input_file, check_output_path, iso_day, whole_number
from accord.core.models import Run
from accord.crisis.ingest.ged_blocks import Block, NotSimple, Places, ged_blocks
from accord.crisis.ingest.ged_schema import (
    ADMIN1_LENGTH,
    DESCRIPTION_LENGTH,
    GED_ATTRIBUTES,
    GED_CATEGORIES,
    GED_COLUMNS,
    GED_DATE_PRECISION,
    GED_PLACE_PRECISION,
    GED_SOURCE,
    PLACE_LENGTH,
    SOURCE_ID_LENGTH,
    SOURCE_KEY,
)
from accord.crisis.ingest.writer import (
    EventRow,
    EventWriter,
    ImportOptions,
    Progress,
    advance,
    bulk_writing,
    check_source_id,
    close_run,
    dataset_source,
    import_rows,
    json_text,
    open_run,
)

logger = logging.getLogger(__name__)
QUEUED_BLOCKS = 1


def places(gazetteer: Gazetteer) -> Places:
    """The gazetteer as the columnar reader wants it."""
    return Places.of(gazetteer.by_gwno, gazetteer.region_of)


class GedReader:
    """Reads GED rows by column position: the quick row-by-row way.

    A row that it cannot read is checked again field by field (:func:`ged_values`), so that its
    problems are reported with their fields and reasons.
    """

    def __init__(self, header: list[str], gazetteer: Gazetteer) -> None:
        self.header = header
        self.gazetteer = gazetteer
        self.at = {column: header.index(column) for column in GED_COLUMNS}
        self.attribute_positions = [self.at[column] for column in GED_ATTRIBUTES]

    def row_dict(self, row: list[str]) -> dict[str, str]:
        return dict(zip(self.header, row, strict=False))

    def fields(self, row: list[str], with_attributes: bool = True) -> tuple[tuple, str]:
        """The event's fields in column order and its kept fields as JSON; raises on anything wrong."""
        at = self.at
        source_id = row[at["id"]].strip()
        if not source_id or len(source_id) > SOURCE_ID_LENGTH:
            raise ValueError("bad id")
        start = iso_day(row[at["date_start"]])
        end_text = row[at["date_end"]].strip()
        end = iso_day(end_text) if end_text else start
        if end < start:
            raise ValueError("end before start")
        country = self.gazetteer.by_gwno[whole_number(row[at["country_id"]])]
        latitude = number_or_none(row[at["latitude"]], float)
        longitude = number_or_none(row[at["longitude"]], float)
        if (latitude is not None and not -90 <= latitude <= 90) or (
            longitude is not None and not -180 <= longitude <= 180
        ):
            raise ValueError("coordinates out of range")
        best, low, high = (number_or_none(row[at[name]], int) for name in ("best", "low", "high"))
        if any(value is not None and value < 0 for value in (best, low, high)):
            raise ValueError("negative count")
        fields = (
            start,
            end,
            GED_DATE_PRECISION[row[at["date_prec"]].strip()],
            row[at["where_coordinates"]][:PLACE_LENGTH],
            GED_PLACE_PRECISION[row[at["where_prec"]].strip()],
            latitude,
            longitude,
            row[at["adm_1"]][:ADMIN1_LENGTH],
            country,
            self.gazetteer.region_of.get(country, ""),
            str(GED_CATEGORIES[row[at["type_of_violence"]].strip()]),
            best,
            low,
            high,
            row[at["dyad_name"]][:DESCRIPTION_LENGTH],
        )
        if not with_attributes:
            return fields, ""
        return fields, json_text([row[position] for position in self.attribute_positions])


def ged_scan(path: Path, gazetteer: Gazetteer) -> Scan[EventRow]:
    """Check a GED file row by row (all 49 columns of the schema); the good rows come in a second pass."""
    header, rows = read_csv_lists(path, GED_COLUMNS)
    reader = GedReader(header, gazetteer)
    id_at = reader.at["id"]
    scan: Scan[EventRow] = Scan()
    for line, row in rows:
        problems: list[RowProblem] = nul_problems(line, header, row)
        if len(row) != len(header):
            problems.append(RowProblem(line, "row", f"{len(row)} fields where the header has {len(header)}"))
        elif not problems:
            try:
                reader.fields(row, with_attributes=False)
            except (ValueError, KeyError, IndexError):
                ged_values(line, reader.row_dict(row), gazetteer, problems)
                if not problems:
                    problems.append(RowProblem(line, "row", "cannot be read"))
        scan.check(
            line,
            row[id_at].strip() if len(row) > id_at else "",
            lambda row=row: reader.row_dict(row),
            problems,
        )
    bad_lines = set(scan.rejected)

    def good_rows() -> Iterator[EventRow]:
        _, again = read_csv_lists(path, GED_COLUMNS)
        for line, row in again:
            if line not in bad_lines:
                fields, attributes = reader.fields(row)
                yield EventRow(line, row[id_at].strip(), fields, attributes)

    scan.rows = good_rows
    return scan


def ged_values(
    line: int, raw: dict[str, str], gazetteer: Gazetteer, problems: list[RowProblem]
) -> dict[str, Any]:
    """One GED row as event values; problems are appended for every bad field."""
    check_source_id(raw.get("id", "").strip(), "id", line, problems)
    start = parse_day(raw["date_start"], "date_start", line, problems)
    end = parse_day(raw["date_end"], "date_end", line, problems) if raw["date_end"].strip() else start
    country_id = parse_int(raw["country_id"], "country_id", line, problems, required=True)
    country = gazetteer.by_gwno.get(country_id) if country_id is not None else None
    if country_id is not None and country is None:
        problems.append(
            RowProblem(line, "country_id", f"unknown country (Gleditsch-Ward number {country_id})")
        )
    category = GED_CATEGORIES.get(raw["type_of_violence"].strip())
    if category is None:
        problems.append(RowProblem(line, "type_of_violence", f"{raw['type_of_violence']!r} is not 1, 2 or 3"))
    date_precision = GED_DATE_PRECISION.get(raw["date_prec"].strip())
    if date_precision is None:
        problems.append(RowProblem(line, "date_prec", f"{raw['date_prec']!r} is not 1 to 5"))
    place_precision = GED_PLACE_PRECISION.get(raw["where_prec"].strip())
    if place_precision is None:
        problems.append(RowProblem(line, "where_prec", f"{raw['where_prec']!r} is not 1 to 7"))
    latitude = parse_coordinate(raw["latitude"], "latitude", 90, line, problems)
    longitude = parse_coordinate(raw["longitude"], "longitude", 180, line, problems)
    best = parse_int(raw["best"], "best", line, problems)
    low = parse_int(raw["low"], "low", line, problems)
    high = parse_int(raw["high"], "high", line, problems)
    if start and end and end < start:
        problems.append(RowProblem(line, "date_end", f"{end} is before date_start {start}"))
    return {
        "date": start,
        "date_end": end,
        "date_precision": date_precision,
        "place": raw["where_coordinates"][:PLACE_LENGTH],
        "place_precision": place_precision,
        "latitude": latitude,
        "longitude": longitude,
        "admin1": raw["adm_1"][:ADMIN1_LENGTH],
        "country": country,
        "region": gazetteer.region_of.get(country or "", ""),
        "category": category,
        "fatalities_best": best,
        "fatalities_low": low,
        "fatalities_high": high,
        "description": raw["dyad_name"][:DESCRIPTION_LENGTH],
        "attributes": [raw[key] for key in GED_ATTRIBUTES],
    }


class BlockReader(threading.Thread):
    """Reads and converts a file's blocks in a thread of its own while the importing thread writes.

    Arrow's work runs without Python's lock, so reading the next block and writing this one overlap.
    Holds at most ``QUEUED_BLOCKS`` blocks; stops when asked (an interrupted import).
    """

    DONE = object()

    def __init__(self, blocks: Iterator[Block], prepare: Callable[[Block], None] | None = None) -> None:
        super().__init__(daemon=True, name="accord-block-reader")
        self.blocks = blocks
        self.prepare = prepare
        self.ready: queue.Queue = queue.Queue(maxsize=QUEUED_BLOCKS)
        self.stopping = threading.Event()
        self.start()

    def run(self) -> None:
        try:
            for block in self.blocks:
                if self.prepare:
                    self.prepare(block)
                if not self.hand_over(block):
                    return
            self.hand_over(self.DONE)
        except BaseException as error:  # handed to the importing thread, which raises it
            self.hand_over(error)

    def hand_over(self, item: object) -> bool:
        while not self.stopping.is_set():
            try:
                self.ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[Block]:
        try:
            while (item := self.ready.get()) is not self.DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stopping.set()


def import_ged_blocks(
    path: Path, gazetteer: Gazetteer, options: ImportOptions, actor: Actor, digest: Digest
) -> Run:
    """The columnar way (clean files): raises :class:`NotSimple`, inside the transaction, to give up."""
    total = path.stat().st_size
    run = open_run(path, options, actor, 0)
    done = 0
    with EventWriter(run, options, actor) as writer:
        for block in BlockReader(ged_blocks(path, places(gazetteer)), writer.prepare):
            writer.write_block(block)
            advance(run, options, block.bytes_read - done, block.bytes_read, total)
            done = block.bytes_read
    close_run(run, writer, digest.result(), options, actor)
    return run


def import_ged(
    path: Path,
    *,
    actor: Actor,
    keep_good: bool = False,
    rejects: Path | None = None,
    progress: Progress | None = None,
    run: Run | None = None,
) -> Run:
    """Import a UCDP GED CSV file: the columnar way if the file is clean, else row by row."""
    with recording_refusal(run), refusing_unreadable_files():
        check_input_file(path, what="CSV file")
        if keep_good and rejects is not None:
            check_output_path(rejects)
        return import_ged_checked(path, actor, keep_good, rejects, progress, run=run)


def import_ged_checked(
    path: Path,
    actor: Actor,
    keep_good: bool,
    rejects: Path | None,
    progress: Progress | None = None,
    *,
    run: Run | None = None,
) -> Run:
    """:func:`import_ged` once the file is known to be a text file; ``run``, when given, is a run made
    beforehand (by a queued job) that the import fills in, or ends as refused.
    """
    options = ImportOptions(
        source=SOURCE_KEY, kind=SOURCE_KEY, keep_good=keep_good, rejects=rejects, progress=progress, run=run
    )
    with recording_refusal(run):
        gazetteer = Gazetteer.load(actor.access_user)
        digest = Digest(path)
        try:
            with transaction.atomic(), bulk_writing():
                dataset_source(GED_SOURCE, actor)
                return import_ged_blocks(path, gazetteer, options, actor, digest)
        except NotSimple as reason:
            # Rolled back: the row-by-row reader finds and explains what the columnar one gave up on.
            logger.info("%s is read row by row: %s", path, reason)
        scan = ged_scan(path, gazetteer)
        with transaction.atomic():
            dataset_source(GED_SOURCE, actor)
            return import_rows(path, scan, options, actor, digest)
