"""Reference data shipped with Accord: ISO 3166 states, UN membership, the UCDP/PRIO conflicts.

Each data set is loaded as a whole and recorded as one change of its :class:`Source` (with the
file's SHA-256), so loading the same file again changes nothing. States are matched by ISO code
and, for the conflict data, by Gleditsch-Ward number through one mapping.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from accord.charter.loader import Problem
from accord.charter.models import ConflictYear, State
from accord.core.audit import Actor, save_with_record
from accord.core.ingest import file_sha256
from accord.core.models import Source
from accord.core.sources import ensure_source

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
COUNTRIES_FILE = REFERENCE_DIR / "countries.csv"
GW_FILE = REFERENCE_DIR / "gw_states.csv"
ACD_FILE = REFERENCE_DIR / "ucdp-prio-acd-23.1.csv"

REFERENCE_SOURCES = {
    "ref-iso3166": {
        "title": "ISO 3166-1 country codes and names (English and Russian)",
        "publisher": "International Organization for Standardization, via the pycountry data",
        "address": "data/reference/countries.csv",
    },
    "ref-un-members": {
        "title": "United Nations member states and their dates of admission",
        "publisher": "United Nations",
        "address": "data/reference/countries.csv",
    },
    "ref-ucdp-prio-acd": {
        "title": "UCDP/PRIO Armed Conflict Dataset version 23.1",
        "publisher": "Uppsala Conflict Data Program / Peace Research Institute Oslo",
        "address": "data/reference/ucdp-prio-acd-23.1.csv",
        "licence": "CC BY 4.0",
    },
}
ACD_COLUMNS = (
    "conflict_id",
    "location",
    "side_a",
    "side_b",
    "year",
    "intensity_level",
    "type_of_conflict",
    "gwno_a",
    "gwno_b",
    "gwno_a_2nd",
    "gwno_b_2nd",
)


class ReferenceDataError(Exception):
    """A reference file with bad rows; ``problems`` names file, line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems[:30]))


@dataclass(frozen=True)
class ReferenceReport:
    """What a reference load did."""

    states_created: int
    states_updated: int
    conflicts_loaded: int | None


def parse_gwno_list(text: str) -> list[int]:
    """``"365, 700"`` → ``[365, 700]``."""
    return [int(part) for part in text.replace(" ", "").split(",") if part]


def read_countries(path: Path) -> list[dict]:
    """Rows of the countries file, checked: codes, GW numbers and dates must parse."""
    problems: list[Problem] = []
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(
                    {
                        "code": row["alpha3"],
                        "alpha2": row["alpha2"],
                        "numeric": row["numeric"],
                        "name_en": row["name_en"],
                        "name_ru": row["name_ru"],
                        "gwno": int(row["gwno"]) if row["gwno"] else None,
                        "un_member_since": datetime.date.fromisoformat(row["un_member_since"])
                        if row["un_member_since"]
                        else None,
                    }
                )
            except (ValueError, KeyError) as error:
                problems.append(Problem(str(path), line, "", f"cannot read the row: {error}"))
    if problems:
        raise ReferenceDataError(problems)
    return rows


def read_conflicts(path: Path, known_gwno: set[int]) -> list[ConflictYear]:
    """Rows of the UCDP/PRIO ACD as unsaved records, every GW number checked against the mapping."""
    problems: list[Problem] = []
    records = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in ACD_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(
                [Problem(str(path), 1, ", ".join(missing), "required column is missing")]
            )
        for line, row in enumerate(reader, start=2):
            try:
                lists = {
                    column: parse_gwno_list(row[column])
                    for column in ("gwno_a", "gwno_b", "gwno_a_2nd", "gwno_b_2nd")
                }
                record = ConflictYear(
                    conflict_id=int(row["conflict_id"]),
                    year=int(row["year"]),
                    location=row["location"],
                    side_a=row["side_a"],
                    side_b=row["side_b"],
                    type_of_conflict=int(row["type_of_conflict"]),
                    intensity_level=int(row["intensity_level"]),
                    **lists,
                )
            except ValueError as error:
                problems.append(Problem(str(path), line, "", f"cannot read the row: {error}"))
                continue
            for column, codes in lists.items():
                for code in codes:
                    if code not in known_gwno:
                        problems.append(
                            Problem(str(path), line, column, f"unknown Gleditsch-Ward number {code}")
                        )
            records.append(record)
    if problems:
        raise ReferenceDataError(problems)
    return records


def known_gw_numbers(path: Path = GW_FILE) -> set[int]:
    """Every Gleditsch-Ward number in the mapping file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["gwno"]) for row in csv.DictReader(handle)}


def ensure_reference_sources(actor: Actor) -> dict[str, Source]:
    """The sources the reference data sets cite."""
    sources = {}
    for key, values in REFERENCE_SOURCES.items():
        sources[key] = ensure_source(key, values, actor=actor, reason="reference data")
    return sources


def sync_states(rows: list[dict], actor: Actor) -> tuple[int, int]:
    """Create missing states and update their codes and UN dates; never overwrite what a charter says."""
    existing = {state.code: state for state in State.objects.all()}
    created = updated = 0
    for row in rows:
        state = existing.get(row["code"])
        fields = {key: row[key] for key in ("alpha2", "numeric", "gwno", "un_member_since")}
        if state is None:
            fields["source_keys"] = ["ref-iso3166", "ref-un-members"]
            state = State(code=row["code"], name_en=row["name_en"], name_ru=row["name_ru"])
            save_with_record(state, actor=actor, reason="reference data", fields=fields)
            created += 1
        elif save_with_record(state, actor=actor, reason="reference data", fields=fields):
            updated += 1
    return created, updated


def sync_conflicts(path: Path, source: Source, actor: Actor) -> int | None:
    """Replace the conflict data when the file differs from the one loaded; None when unchanged."""
    digest = file_sha256(path)
    if source.content_sha256 == digest:
        return None
    records = read_conflicts(path, known_gw_numbers())
    ConflictYear.objects.all().delete()
    ConflictYear.objects.bulk_create(records, batch_size=1000)
    save_with_record(
        source,
        actor=actor,
        reason=f"loaded {len(records)} conflict-years from {path.name}",
        fields={"content_sha256": digest},
    )
    return len(records)


def load_reference_data(
    *, actor: Actor, countries: Path = COUNTRIES_FILE, conflicts: Path = ACD_FILE
) -> ReferenceReport:
    """Load every reference data set in one transaction."""
    rows = read_countries(countries)
    with transaction.atomic():
        sources = ensure_reference_sources(actor)
        created, updated = sync_states(rows, actor)
        loaded = sync_conflicts(conflicts, sources["ref-ucdp-prio-acd"], actor)
    return ReferenceReport(created, updated, loaded)
