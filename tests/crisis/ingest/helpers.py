"""Event files for the import tests: the shipped GED sample, changed a field at a time, and ACLED-like
files read through the shipped mapping.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from accord.charter.gazetteer import Gazetteer
from accord.core.audit import Actor
from accord.core.importing import ImportRefused
from accord.core.models import Run
from accord.crisis.ingest.ged import ged_scan, import_ged
from accord.crisis.ingest.writer import ImportOptions, import_rows
from accord.crisis.models import Event

ROOT = Path(__file__).resolve().parents[3]
SHARED_GED = ROOT.parent / "shared" / "data" / "ucdp" / "ged-23.1-sample.csv"
SHIPPED_GED = ROOT / "src" / "accord" / "data" / "demo" / "ged-23.1-sample.csv"
COVID = ROOT / "src" / "accord" / "data" / "demo" / "countries-aggregated.csv"
MEMBERS = {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}
MAPPING = ROOT / "src" / "accord" / "data" / "mappings" / "acled.yaml"


def ged_lines() -> list[str]:
    return SHIPPED_GED.read_text(encoding="utf-8").splitlines(keepends=True)


def write_ged(tmp_path: Path, lines: list[str], name: str = "ged.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def replace_field(line: str, column: str, value: str) -> str:
    """The same CSV line with one column changed."""
    header = next(csv.reader(io.StringIO(ged_lines()[0])))
    row = next(csv.reader(io.StringIO(line)))
    row[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def event_values() -> list[tuple]:
    """Every stored event, without its database id and import."""
    columns = [field.name for field in Event._meta.fields if field.name not in ("id", "import_run")]
    return sorted(Event.objects.values_list(*columns))


def import_row_by_row(path: Path, actor) -> Run:
    """The row-by-row way, as the importer takes it when the columnar reader gives up."""
    options = ImportOptions(source="ucdp-ged", kind="ucdp-ged")
    return import_rows(path, ged_scan(path, Gazetteer.load()), options, actor)


def broken_file(tmp_path: Path) -> Path:
    lines = ged_lines()
    lines[2] = replace_field(lines[2], "date_start", "2013-02-30")
    lines[4] = replace_field(lines[4], "country_id", "999")
    lines[6] = replace_field(lines[6], "latitude", "95.5")
    return write_ged(tmp_path, lines)


ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "iso3",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
]


def acled_file(tmp_path: Path, rows: list[list[str]], suffix: str = ".csv") -> Path:
    path = tmp_path / f"events{suffix}"
    if suffix == ".json":
        path.write_text(
            json.dumps([dict(zip(ACLED_COLUMNS, row, strict=True)) for row in rows]), encoding="utf-8"
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(ACLED_COLUMNS)
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


ROWS = [
    [
        "TJK1",
        "03 March 2021",
        "1",
        "Battles",
        "Armed clash",
        "TJK",
        "Sughd",
        "Isfara",
        "40.12",
        "70.63",
        "1",
        "4",
        "(free text)",
    ],
    ["KGZ1", "05 March 2021", "3", "Riots", "Mob violence", "KGZ", "Batken", "Batken", "", "", "2", "0", ""],
]


def refusal(path: Path, way=None, **options) -> list[str]:
    """The problems an import reports, as ``FILE:LINE: field: reason`` lines."""
    with pytest.raises(ImportRefused) as caught:
        (way or import_ged)(path, actor=Actor.system("tests"), **options)
    return str(caught.value).splitlines()[1:]


def members_only(tmp_path: Path) -> Path:
    """The real file cut down to the six member states, to keep the tests quick."""
    path = tmp_path / "covid.csv"
    with COVID.open(encoding="utf-8") as source, path.open("w", encoding="utf-8", newline="") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if row["Country"] in MEMBERS)
    return path
