"""Importing events: UCDP GED files and any CSV or JSON through a mapping file.

Every importer turns the source's rows into the same checked :class:`EventRow` values, then one
pipeline writes them: all or nothing (unless the good rows are wanted, when the bad ones go to a
rejects file with their reasons), the same file twice adds nothing, a changed row updates its event
and records the change, and an interruption leaves nothing behind.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accord.charter.models import Region, State
from accord.charter.reference import GW_FILE
from accord.core.audit import Actor, record_change, save_with_record
from accord.core.classification import Classification, Releasability
from accord.core.models import Source
from accord.crisis.models import Category, Event, EventCount, ImportRun

GED_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
# What Accord keeps of a GED row beyond its own fields: identifiers of the conflict and the sides,
# precision codes, death counts by side. Headlines and original sources can name private persons and
# are not kept; the WKT geometry and years are derivable from the fields that are.
GED_ATTRIBUTES = (
    "relid",
    "code_status",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "dyad_name",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_office",
    "source_date",
    "where_prec",
    "where_description",
    "adm_2",
    "priogrid_gid",
    "event_clarity",
    "date_prec",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "gwnoa",
    "gwnob",
)
GED_CATEGORIES = {"1": Category.STATE_BASED, "2": Category.NON_STATE, "3": Category.ONE_SIDED}
GED_DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
GED_PLACE_PRECISION = {
    "1": "point",
    "2": "point",
    "3": "admin",
    "4": "admin",
    "5": "admin",
    "6": "country",
    "7": "country",
}
BATCH = 2000


@dataclass(frozen=True)
class RowProblem:
    """One bad row: where, which field, and why."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


class ImportRefused(Exception):
    """The file cannot be imported as it is; nothing was written."""

    def __init__(self, path: Path, problems: list[RowProblem]) -> None:
        self.path = path
        self.problems = problems
        shown = "\n".join(
            f"{path}:{problem.line}: {problem.field}: {problem.reason}" for problem in problems[:50]
        )
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} bad row(s), nothing was imported:\n{shown}{more}")


@dataclass
class EventRow:
    """One checked row, ready to be written: its fields in column order and its other attributes as JSON."""

    line: int
    source_id: str
    row_hash: str
    fields: tuple
    attributes: str

    @classmethod
    def from_values(cls, line: int, source_id: str, values: dict[str, Any], row_hash: str) -> EventRow:
        """A row from a dictionary of event values."""
        return cls(
            line,
            source_id,
            row_hash,
            tuple(values[column] for column in VALUE_COLUMNS),
            json_text(values["attributes"]),
        )

    @property
    def country(self) -> str:
        return self.fields[COUNTRY_INDEX]

    @property
    def values(self) -> dict[str, Any]:
        """The event values as a dictionary (for the rare update of a changed row)."""
        return {
            **dict(zip(VALUE_COLUMNS, self.fields, strict=True)),
            "attributes": orjson.loads(self.attributes),
        }


def json_text(value: Any) -> str:
    """JSON as text, fast (orjson)."""
    return orjson.dumps(value).decode("utf-8")


def raw_hash(raw: dict[str, str] | list[str]) -> str:
    """A fingerprint of a source row, to tell a changed row from an unchanged one."""
    values = raw.values() if isinstance(raw, dict) else raw
    return hashlib.sha1("\x1f".join(values).encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass
class Scan:
    """The first pass over a file: every problem, the bad rows as they were, and the way to the good ones.

    The good rows are read again in a second pass (``rows()``), so that a file of millions of events is
    checked whole before anything is written without ever being held in memory.
    """

    problems: list[RowProblem] = field(default_factory=list)
    rejected: dict[int, dict[str, str]] = field(default_factory=dict)
    good: int = 0
    seen: dict[str, int] = field(default_factory=dict, repr=False)
    rows: Callable[[], Iterator[EventRow]] = field(default=lambda: iter(()), repr=False)

    def check(
        self,
        line: int,
        source_id: str,
        raw: dict[str, str] | Callable[[], dict[str, str]],
        problems: list[RowProblem],
    ) -> bool:
        """Note a row's problems (a repeated id is one); whether the row is good."""
        if source_id and source_id in self.seen:
            problems.append(
                RowProblem(line, "id", f"{source_id} appears already on line {self.seen[source_id]}")
            )
        elif source_id:
            self.seen[source_id] = line
        if problems:
            self.problems.extend(problems)
            self.rejected[line] = raw() if callable(raw) else raw
            return False
        self.good += 1
        return True


@dataclass
class Gazetteer:
    """Countries by Gleditsch-Ward number, ISO code and name, and their collective security regions."""

    by_gwno: dict[int, str]
    codes: set[str]
    by_name: dict[str, str]
    region_of: dict[str, str]

    @classmethod
    def load(cls) -> Gazetteer:
        with GW_FILE.open(encoding="utf-8", newline="") as handle:
            by_gwno = {int(row["gwno"]): row["alpha3"] for row in csv.DictReader(handle) if row["alpha3"]}
        by_gwno.update({state.gwno: state.code for state in State.objects.exclude(gwno=None)})
        by_name = {}
        for code, name_en, name_ru in State.objects.values_list("code", "name_en", "name_ru"):
            by_name[name_en.casefold()] = code
            if name_ru:
                by_name[name_ru.casefold()] = code
        region_of = {}
        for region in Region.objects.prefetch_related("states"):
            for state in region.states.all():
                region_of[state.code] = region.key
        return cls(by_gwno, set(State.objects.values_list("code", flat=True)), by_name, region_of)


def parse_day(
    text: str, field_name: str, line: int, problems: list[RowProblem], fmt: str = ""
) -> datetime.date | None:
    """A date, or a problem naming the field."""
    try:
        if fmt:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        problems.append(
            RowProblem(
                line, field_name, f"{text!r} is not a date{' in the form ' + fmt if fmt else ' (YYYY-MM-DD)'}"
            )
        )
        return None


def parse_int(
    text: str, field_name: str, line: int, problems: list[RowProblem], *, required: bool = False
) -> int | None:
    """A whole number ≥ 0, or a problem."""
    text = text.strip()
    if not text:
        if required:
            problems.append(RowProblem(line, field_name, "required value is missing"))
        return None
    try:
        value = int(float(text))
    except ValueError:
        problems.append(RowProblem(line, field_name, f"{text!r} is not a number"))
        return None
    if value < 0:
        problems.append(RowProblem(line, field_name, f"{value} is negative"))
        return None
    return value


def parse_coordinate(
    text: str, field_name: str, limit: float, line: int, problems: list[RowProblem]
) -> float | None:
    """A latitude or longitude within range, or a problem."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(RowProblem(line, field_name, f"{text!r} is not a number"))
        return None
    if not math.isfinite(value) or abs(value) > limit:
        problems.append(RowProblem(line, field_name, f"{value} is out of range (±{limit:g})"))
        return None
    return value


def read_csv(path: Path, required: Iterable[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and the rows of a CSV file, refusing it whole when required columns are missing."""
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    missing = [column for column in required if column not in header]
    if missing:
        handle.close()
        raise ImportRefused(path, [RowProblem(1, ", ".join(missing), "required column is missing")])

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            yield from enumerate(reader, start=2)

    return header, rows()


def read_csv_lists(path: Path, required: Iterable[str]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Like :func:`read_csv`, with rows as lists (faster for large files)."""
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle)
    header = next(reader, [])
    missing = [column for column in required if column not in header]
    if missing:
        handle.close()
        raise ImportRefused(path, [RowProblem(1, ", ".join(missing), "required column is missing")])

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            yield from enumerate(reader, start=2)

    return header, rows()


class GedReader:
    """Reads GED rows by column position: the quick path for large files.

    A row that the quick path cannot read is checked again field by field (:func:`ged_values`), so
    that its problems are reported with their fields and reasons.
    """

    def __init__(self, header: list[str], gazetteer: Gazetteer) -> None:
        self.header = header
        self.gazetteer = gazetteer
        self.at = {column: header.index(column) for column in GED_COLUMNS}
        self.attribute_positions = [(column, self.at[column]) for column in GED_ATTRIBUTES]

    def row_dict(self, row: list[str]) -> dict[str, str]:
        return dict(zip(self.header, row, strict=False))

    def fields(self, row: list[str], with_attributes: bool = True) -> tuple[tuple, str]:
        """The event's fields in column order and its attributes as JSON; raises on anything wrong."""
        at = self.at
        start = datetime.date.fromisoformat(row[at["date_start"]].strip()[:10])
        end_text = row[at["date_end"]].strip()
        end = datetime.date.fromisoformat(end_text[:10]) if end_text else start
        if end < start:
            raise ValueError("end before start")
        country = self.gazetteer.by_gwno[int(float(row[at["country_id"]]))]
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
            row[at["where_coordinates"]][:300],
            GED_PLACE_PRECISION[row[at["where_prec"]].strip()],
            latitude,
            longitude,
            row[at["adm_1"]][:200],
            country,
            self.gazetteer.region_of.get(country, ""),
            GED_CATEGORIES[row[at["type_of_violence"]].strip()],
            best,
            low,
            high,
            row[at["dyad_name"]][:500],
        )
        if not with_attributes:
            return fields, ""
        attributes = json_text(
            {column: row[position] for column, position in self.attribute_positions if row[position]}
        )
        return fields, attributes


def ged_scan(path: Path, gazetteer: Gazetteer) -> Scan:
    """Check a UCDP GED file (all 49 columns of the schema); the good rows come in a second pass."""
    header, rows = read_csv_lists(path, GED_COLUMNS)
    reader = GedReader(header, gazetteer)
    id_at = reader.at["id"]
    scan = Scan()
    for line, row in rows:
        problems: list[RowProblem] = []
        if len(row) != len(header):
            problems.append(RowProblem(line, "row", f"{len(row)} fields where the header has {len(header)}"))
        else:
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
                yield EventRow(line, row[id_at].strip(), raw_hash(row), fields, attributes)

    scan.rows = good_rows
    return scan


def ged_values(
    line: int, raw: dict[str, str], gazetteer: Gazetteer, problems: list[RowProblem]
) -> dict[str, Any]:
    """One GED row as event values; problems are appended for every bad field."""
    if not raw.get("id", "").strip():
        problems.append(RowProblem(line, "id", "required value is missing"))
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
        "place": raw["where_coordinates"][:300],
        "place_precision": place_precision,
        "latitude": latitude,
        "longitude": longitude,
        "admin1": raw["adm_1"][:200],
        "country": country,
        "region": gazetteer.region_of.get(country or "", ""),
        "category": category,
        "fatalities_best": best,
        "fatalities_low": low,
        "fatalities_high": high,
        "description": f"{raw['dyad_name']}"[:500],
        "attributes": {key: raw[key] for key in GED_ATTRIBUTES if raw[key]},
    }


def number_or_none(text: str, kind: type) -> Any:
    """A number from a field already checked, or None when empty."""
    text = text.strip()
    return kind(float(text)) if kind is int and text else kind(text) if text else None


GED_SOURCE = {
    "key": "ref-ucdp-ged",
    "title": "UCDP Georeferenced Event Dataset (GED) version 23.1",
    "publisher": "Uppsala Conflict Data Program",
    "licence": "CC BY 4.0",
    "address": "data/demo/ged-23.1-sample.csv",
}


def dataset_source(values: dict[str, str], actor: Actor) -> Source:
    """The Source a data set's figures cite, created or brought up to date."""
    source = Source.objects.filter(key=values["key"]).first() or Source(key=values["key"])
    save_with_record(source, actor=actor, reason="data set source", fields=values)
    return source


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_rejects(path: Path, parsed: Scan) -> None:
    """The bad rows with their line numbers and reasons, as CSV."""
    reasons: dict[int, list[str]] = {}
    for problem in parsed.problems:
        reasons.setdefault(problem.line, []).append(f"{problem.field}: {problem.reason}")
    columns: list[str] = []
    for raw in parsed.rejected.values():
        columns += [column for column in raw if column not in columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "reasons", *columns])
        for line in sorted(reasons):
            raw = parsed.rejected.get(line, {})
            writer.writerow([line, "; ".join(reasons[line]), *[raw.get(column, "") for column in columns]])


@dataclass
class ImportOptions:
    """How to import."""

    source: str
    kind: str
    classification: int = Classification.PUBLIC
    releasability: str = Releasability.EVERYONE
    keep_good: bool = False
    rejects: Path | None = None
    progress: Callable[[int, int], None] | None = None


def import_rows(path: Path, scan: Scan, options: ImportOptions, actor: Actor) -> ImportRun:
    """Write checked rows in one transaction: new ones inserted in bulk, changed ones updated and recorded."""
    if scan.problems and not options.keep_good:
        raise ImportRefused(path, scan.problems)
    if scan.problems and options.rejects is not None:
        write_rejects(options.rejects, scan)
    with transaction.atomic():
        run = ImportRun(
            kind=options.kind,
            file_name=path.name,
            sha256=file_sha256(path),
            actor_name=actor.name,
            status=ImportRun.Status.PARTIAL if scan.problems else ImportRun.Status.COMPLETE,
            rejected=len(scan.rejected),
        )
        run.save()
        touched = write_chunks(scan, run, options, actor)
        run.finished_at = timezone.now()
        run.save()
        refresh_counts(touched)
        record_change(
            actor=actor,
            action="create",
            instance=run,
            before=None,
            after={
                "file": run.file_name,
                "sha256": run.sha256,
                "added": run.added,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "rejected": run.rejected,
            },
            reason=f"{options.kind} import",
        )
    return run


def chunks(rows: Iterable[EventRow], size: int) -> Iterator[list[EventRow]]:
    """Rows in lists of ``size``."""
    chunk: list[EventRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_chunks(scan: Scan, run: ImportRun, options: ImportOptions, actor: Actor) -> set[str]:
    """Insert, update or skip each chunk of good rows; returns the countries touched."""
    touched: set[str] = set()
    source_known = Event.objects.filter(source=options.source).exists()
    for chunk in chunks(scan.rows(), BATCH):
        known = (
            dict(
                Event.objects.filter(
                    source=options.source, source_id__in=[row.source_id for row in chunk]
                ).values_list("source_id", "row_hash")
            )
            if source_known
            else {}
        )
        fresh = [row for row in chunk if row.source_id not in known]
        changed = [row for row in chunk if row.source_id in known and known[row.source_id] != row.row_hash]
        insert_events(fresh, run, options)
        update_events(changed, run, options, actor)
        run.added += len(fresh)
        run.updated += len(changed)
        run.unchanged += len(chunk) - len(fresh) - len(changed)
        touched.update(row.country for row in fresh + changed)
        if options.progress:
            options.progress(len(chunk), scan.good)
    return touched


VALUE_COLUMNS = (
    "date",
    "date_end",
    "date_precision",
    "place",
    "place_precision",
    "latitude",
    "longitude",
    "admin1",
    "country",
    "region",
    "category",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "description",
)
COUNTRY_INDEX = VALUE_COLUMNS.index("country")
INSERT_COLUMNS = (
    "source",
    "source_id",
    "import_run_id",
    "line",
    *VALUE_COLUMNS,
    "attributes",
    "row_hash",
    "classification",
    "releasability",
    "release_to",
)


def iso_if_date(value: Any) -> Any:
    """SQLite keeps dates as ISO text."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def insert_events(rows: list[EventRow], run: ImportRun, options: ImportOptions) -> None:
    """Insert new events with the database's own bulk path: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    postgres = connection.vendor == "postgresql"
    records = [
        (
            options.source,
            row.source_id,
            run.pk,
            row.line,
            *(row.fields if postgres else [iso_if_date(value) for value in row.fields]),
            row.attributes,
            row.row_hash,
            options.classification,
            options.releasability,
            "",
        )
        for row in rows
    ]
    table = connection.ops.quote_name(Event._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in INSERT_COLUMNS)
    with connection.cursor() as cursor:
        if postgres:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
        else:
            placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", records)


def update_events(rows: list[EventRow], run: ImportRun, options: ImportOptions, actor: Actor) -> None:
    """Update changed events one by one, each change on the record."""
    by_id = {
        event.source_id: event
        for event in Event.objects.filter(
            source=options.source, source_id__in=[row.source_id for row in rows]
        )
    }
    for row in rows:
        save_with_record(
            by_id[row.source_id],
            actor=actor,
            reason=f"changed in {run.file_name} line {row.line}",
            fields={**row.values, "row_hash": row.row_hash, "line": row.line, "import_run": run},
        )


def refresh_counts(countries: set[str]) -> None:
    """Recount events per country, category and period for the countries an import touched.

    Day-precise events are grouped by the database itself; the few coarser ones are grouped into
    their week, month or year here.
    """
    if not countries:
        return
    EventCount.objects.filter(country__in=countries).delete()
    public = "CASE WHEN classification = 0 AND releasability = 'everyone' THEN {} ELSE 0 END"
    placeholders = ", ".join(["%s"] * len(countries))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EventCount._meta.db_table} (country, region, category, date, date_precision, "
            f"events, fatalities, public_events, public_fatalities) "
            f"SELECT country, MAX(region), category, date, 'day', COUNT(*), "
            f"COALESCE(SUM(fatalities_best), 0), "
            f"SUM({public.format(1)}), COALESCE(SUM({public.format('fatalities_best')}), 0) "
            f"FROM {Event._meta.db_table} WHERE date_precision = 'day' AND country IN ({placeholders}) "
            f"GROUP BY country, category, date",
            sorted(countries),
        )
    grouped = (
        Event.objects.filter(country__in=countries)
        .exclude(date_precision="day")
        .values("country", "region", "category", "date", "date_precision")
        .annotate(
            events=Count("id"),
            fatalities=Sum("fatalities_best"),
            public_events=Count("id", filter=Q(classification=0, releasability="everyone")),
            public_fatalities=Sum("fatalities_best", filter=Q(classification=0, releasability="everyone")),
        )
        .order_by()
    )
    EventCount.objects.bulk_create(
        [
            EventCount(
                country=row["country"],
                region=row["region"],
                category=row["category"],
                date=period_start(row["date"], row["date_precision"]),
                date_precision=row["date_precision"],
                events=row["events"],
                fatalities=row["fatalities"] or 0,
                public_events=row["public_events"],
                public_fatalities=row["public_fatalities"] or 0,
            )
            for row in merge_periods(grouped)
        ],
        batch_size=BATCH,
    )


def count_event(event: Event) -> None:
    """Add one new event to its period's count (a situation report), without recounting its country."""
    public = event.classification == Classification.PUBLIC and event.releasability == Releasability.EVERYONE
    fatalities = event.fatalities_best or 0
    count, _ = EventCount.objects.select_for_update().get_or_create(
        country=event.country,
        category=event.category,
        date=period_start(event.date, event.date_precision),
        date_precision=event.date_precision,
        defaults={
            "region": event.region,
            "events": 0,
            "fatalities": 0,
            "public_events": 0,
            "public_fatalities": 0,
        },
    )
    EventCount.objects.filter(pk=count.pk).update(
        events=F("events") + 1,
        fatalities=F("fatalities") + fatalities,
        public_events=F("public_events") + int(public),
        public_fatalities=F("public_fatalities") + (fatalities if public else 0),
    )


def period_start(day: datetime.date, precision: str) -> datetime.date:
    """The first day of the week, month or year a coarse date stands for."""
    if precision == "week":
        return day - datetime.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def merge_periods(grouped: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add up groups that fall into the same period (two days of one week known only to the week)."""
    merged: dict[tuple, dict[str, Any]] = {}
    for row in grouped:
        key = (
            row["country"],
            row["category"],
            period_start(row["date"], row["date_precision"]),
            row["date_precision"],
        )
        if key in merged:
            for name in ("events", "fatalities", "public_events", "public_fatalities"):
                merged[key][name] = (merged[key][name] or 0) + (row[name] or 0)
        else:
            merged[key] = dict(row)
    return list(merged.values())


def import_ged(
    path: Path,
    *,
    actor: Actor,
    keep_good: bool = False,
    rejects: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Import a UCDP GED CSV file."""
    options = ImportOptions(
        source="ucdp-ged", kind="ucdp-ged", keep_good=keep_good, rejects=rejects, progress=progress
    )
    scan = ged_scan(path, Gazetteer.load())
    with transaction.atomic():
        dataset_source(GED_SOURCE, actor)
        return import_rows(path, scan, options, actor)


def load_mapping(path: Path) -> dict[str, Any]:
    """A mapping file (YAML): which column holds the id, the date, the place, the category …"""
    try:
        mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ImportRefused(path, [RowProblem(0, "mapping", f"cannot read the mapping: {error}")]) from None
    required = ("name", "id", "date", "country", "category")
    missing = [key for key in required if key not in (mapping or {})]
    if missing:
        raise ImportRefused(path, [RowProblem(0, ", ".join(missing), "required in a mapping file")])
    return mapping


def column_of(spec: Any) -> str:
    return spec["column"] if isinstance(spec, dict) else str(spec)


def mapped_rows(path: Path, mapping: dict[str, Any], gazetteer: Gazetteer) -> Scan:
    """Read a CSV or JSON file through a mapping and check every row."""
    required = [column_of(mapping[key]) for key in ("id", "date", "country", "category")]
    if path.suffix.lower() == ".json":
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ImportRefused(path, [RowProblem(error.lineno, "json", error.msg)]) from None
        if not isinstance(records, list) or not all(isinstance(item, dict) for item in records):
            raise ImportRefused(path, [RowProblem(1, "json", "expected a list of objects")])
        missing = [column for column in required if records and column not in records[0]]
        if missing:
            raise ImportRefused(path, [RowProblem(1, ", ".join(missing), "required field is missing")])
        numbered = (
            (index, {key: "" if value is None else str(value) for key, value in item.items()})
            for index, item in enumerate(records, start=1)
        )
    else:
        _, numbered = read_csv(path, required)
    scan = Scan()
    good: list[EventRow] = []
    for line, raw in numbered:
        row_problems: list[RowProblem] = []
        values = mapped_values(line, raw, mapping, gazetteer, row_problems)
        source_id = raw.get(column_of(mapping["id"]), "").strip()
        if not source_id:
            row_problems.append(RowProblem(line, column_of(mapping["id"]), "required value is missing"))
        if scan.check(line, source_id, raw, row_problems):
            good.append(EventRow.from_values(line, source_id, values, raw_hash(raw)))
    scan.rows = lambda: iter(good)
    return scan


def mapped_values(
    line: int, raw: dict[str, str], mapping: dict[str, Any], gazetteer: Gazetteer, problems: list[RowProblem]
) -> dict[str, Any]:
    """One mapped row as event values."""
    date_spec = mapping["date"]
    date_column = column_of(date_spec)
    day = parse_day(
        raw.get(date_column, ""),
        date_column,
        line,
        problems,
        date_spec.get("format", "") if isinstance(date_spec, dict) else "",
    )
    country = mapped_country(line, raw, mapping["country"], gazetteer, problems)
    category_spec = mapping["category"]
    category_value = raw.get(column_of(category_spec), "").strip()
    category = (
        category_spec.get("values", {}).get(category_value, category_spec.get("default"))
        if isinstance(category_spec, dict)
        else category_value
    )
    if category not in Category.values:
        problems.append(
            RowProblem(line, column_of(category_spec), f"{category_value!r} maps to no known category")
        )
    latitude = (
        parse_coordinate(
            raw.get(column_of(mapping.get("latitude", "")), ""),
            column_of(mapping.get("latitude", "latitude")),
            90,
            line,
            problems,
        )
        if mapping.get("latitude")
        else None
    )
    longitude = (
        parse_coordinate(
            raw.get(column_of(mapping.get("longitude", "")), ""),
            column_of(mapping.get("longitude", "longitude")),
            180,
            line,
            problems,
        )
        if mapping.get("longitude")
        else None
    )
    fatalities = (
        parse_int(
            raw.get(column_of(mapping["fatalities"]), ""), column_of(mapping["fatalities"]), line, problems
        )
        if mapping.get("fatalities")
        else None
    )
    return {
        "date": day,
        "date_end": day,
        "date_precision": mapped_choice(raw, mapping.get("date_precision"), "day"),
        "place": raw.get(column_of(mapping["place"]), "")[:300] if mapping.get("place") else "",
        "place_precision": mapped_choice(
            raw,
            mapping.get("place_precision"),
            "point" if latitude is not None and longitude is not None else "country",
        ),
        "latitude": latitude,
        "longitude": longitude,
        "admin1": raw.get(column_of(mapping["admin1"]), "")[:200] if mapping.get("admin1") else "",
        "country": country,
        "region": gazetteer.region_of.get(country or "", ""),
        "category": category,
        "fatalities_best": fatalities,
        "fatalities_low": None,
        "fatalities_high": None,
        "description": raw.get(column_of(mapping["description"]), "")[:500]
        if mapping.get("description")
        else "",
        "attributes": {key: raw[key] for key in mapping.get("keep", []) if key in raw},
    }


def mapped_choice(raw: dict[str, str], spec: Any, default: str) -> str:
    """A precision looked up through the mapping's value table."""
    if not spec:
        return default
    if isinstance(spec, str):
        return spec
    return str(spec.get("values", {}).get(raw.get(spec["column"], "").strip(), spec.get("default", default)))


def mapped_country(
    line: int, raw: dict[str, str], spec: Any, gazetteer: Gazetteer, problems: list[RowProblem]
) -> str | None:
    """The ISO code of the row's country, from a code, a Gleditsch-Ward number or a name."""
    column = column_of(spec)
    kind = spec.get("kind", "iso3") if isinstance(spec, dict) else "iso3"
    value = raw.get(column, "").strip()
    if kind == "gwno" and value.isdigit():
        code = gazetteer.by_gwno.get(int(value))
    elif kind == "name":
        code = gazetteer.by_name.get(value.casefold())
    else:
        code = value.upper() if value.upper() in gazetteer.codes else None
    if code is None:
        problems.append(RowProblem(line, column, f"unknown country {value!r}"))
    return code


def import_mapped(
    path: Path,
    mapping_path: Path,
    *,
    actor: Actor,
    keep_good: bool = False,
    rejects: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Import any CSV or JSON file through a mapping file."""
    mapping = load_mapping(mapping_path)
    options = ImportOptions(
        source=f"csv:{mapping['name']}",
        kind=f"mapped:{mapping['name']}",
        keep_good=keep_good,
        rejects=rejects,
        progress=progress,
    )
    return import_rows(path, mapped_rows(path, mapping, Gazetteer.load()), options, actor)
