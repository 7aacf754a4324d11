"""Importing any CSV or JSON file of events through a mapping file (:mod:`.mapping`).

The mapping names the columns that hold the id, the date, the country, the category …; every row is
checked and converted to event values here, and :mod:`.writer` writes them as it writes GED events.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accord.charter.gazetteer import Gazetteer
from accord.core.audit import Actor
from accord.core.importing import (
    ImportRefused,
    RowProblem,
    Scan,
    parse_coordinate,
    parse_day,
    parse_int,
    read_csv,
    recording_refusal,
    refusing_unreadable_files,
    unreadable_row_problems,
)
from accord.core.ingest import check_input_file, check_output_path, json_records
from accord.core.models import Run
from accord.crisis.ingest.mapping import load_mapping
from accord.crisis.ingest.writer import (
    EventRow,
    ImportOptions,
    Progress,
    check_source_id,
    import_rows,
)
from accord.crisis.models import Category


def column_of(spec: Any) -> str:
    return spec["column"] if isinstance(spec, dict) else str(spec)


def json_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The records of a JSON event file, each with its line and its values as text (numbers as
    written, so that they are checked like a CSV file's).
    """
    for index, (line, record) in enumerate(json_records(path)):
        if not isinstance(record, dict):
            raise ImportRefused(path, [RowProblem(line, "json", "expected a list of objects")])
        missing = [column for column in required if column not in record] if index == 0 else []
        if missing:
            raise ImportRefused(path, [RowProblem(line, ", ".join(missing), "required field is missing")])
        yield line, {key: "" if value is None else str(value) for key, value in record.items()}


def mapped_rows(path: Path, mapping: dict[str, Any], gazetteer: Gazetteer) -> Scan[EventRow]:
    """Read a CSV or JSON file through a mapping and check every row."""
    required = [column_of(mapping[key]) for key in ("id", "date", "country", "category")]
    header: list[str] = []
    if path.suffix.lower() == ".json":
        numbered = json_rows(path, required)
    else:
        header, numbered = read_csv(path, required)
    scan: Scan[EventRow] = Scan()
    good: list[EventRow] = []
    id_column = column_of(mapping["id"])
    for line, raw in numbered:
        row_problems = unreadable_row_problems(line, raw, header)
        values = mapped_values(line, raw, mapping, gazetteer, row_problems) if not row_problems else {}
        source_id = (raw.get(id_column) or "").strip()
        check_source_id(source_id, id_column, line, row_problems)
        if scan.check(line, source_id, raw, row_problems):
            good.append(EventRow.from_values(line, source_id, values))
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
    value = (raw.get(spec.get("column") or "") or "").strip()
    return str(spec.get("values", {}).get(value, spec.get("default", default)))


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
    progress: Progress | None = None,
    run: Run | None = None,
) -> Run:
    """Import any CSV or JSON file through a mapping file; ``run``, when given, is a run made beforehand
    (by a queued job) that the import fills in, or ends as refused.
    """
    with recording_refusal(run), refusing_unreadable_files():
        mapping = load_mapping(mapping_path)
        check_input_file(path, what="CSV or JSON file")
        if keep_good and rejects is not None:
            check_output_path(rejects)
        options = ImportOptions(
            source=f"csv:{mapping['name']}",
            kind=f"mapped:{mapping['name']}",
            keep_good=keep_good,
            rejects=rejects,
            progress=progress,
            run=run,
        )
        scan = mapped_rows(path, mapping, Gazetteer.load(actor.access_user))
        return import_rows(path, scan, options, actor)
