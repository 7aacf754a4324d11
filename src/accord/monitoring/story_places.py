"""Where a story happened, for its event on the map: the places list's coordinates and kinds, and
the centre of each state for a story that names no place more precise than its state.

The places list (``data/csto/monitoring/places.yaml``: key, kind, state, lat, lon, names) is read
once per path. A place's kind says how precisely its coordinates place an event: a city or a
training ground is a point, a region or district an administrative region; a lake, a river or a
border strip is too wide for a point, so the event is placed at its state's centre, with the
precision "country".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PLACES_PATH = Path(__file__).resolve().parent.parent / "data" / "csto" / "monitoring" / "places.yaml"
POINT_KINDS = frozenset({"city", "town", "village", "settlement", "training-ground", "base", "airport"})
ADMIN_KINDS = frozenset({"region", "district", "province"})

# The approximate centre of each state the charter and its neighbourhood name (WGS 84, rounded): the
# place of an event known only to its state, as the event importers place one.
STATE_CENTRES: dict[str, tuple[float, float]] = {
    "AFG": (33.9, 67.7),
    "ARM": (40.1, 45.0),
    "AZE": (40.1, 47.6),
    "BLR": (53.7, 27.9),
    "CHN": (35.9, 104.2),
    "GEO": (42.3, 43.4),
    "IRN": (32.4, 53.7),
    "KAZ": (48.0, 66.9),
    "KGZ": (41.2, 74.8),
    "MDA": (47.4, 28.4),
    "MNG": (46.9, 103.8),
    "RUS": (61.5, 105.3),
    "SRB": (44.0, 21.0),
    "TJK": (38.9, 71.3),
    "TKM": (38.97, 59.6),
    "UKR": (48.4, 31.2),
    "UZB": (41.4, 64.6),
}


@dataclass(frozen=True)
class Place:
    """A place of the list, as the map needs it."""

    key: str
    kind: str
    state: str
    lat: float
    lon: float
    name_en: str
    name_ru: str

    @property
    def precision(self) -> str:
        """How precisely the place locates an event (the values of ``crisis.PlacePrecision``)."""
        if self.kind in POINT_KINDS:
            return "point"
        if self.kind in ADMIN_KINDS:
            return "admin"
        return "country"


def first_name(names: dict, language: str, fallback: str) -> str:
    found = names.get(language) or []
    return str(found[0]) if found else fallback


@cache
def places_in(path: Path) -> dict[str, Place]:
    """The places of a list file by key (none when the file is absent)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = {}
    for entry in data.get("places") or []:
        names = entry.get("names") or {}
        found[entry["key"]] = Place(
            key=entry["key"],
            kind=entry.get("kind", ""),
            state=entry.get("state", ""),
            lat=float(entry["lat"]),
            lon=float(entry["lon"]),
            name_en=first_name(names, "en", entry["key"]),
            name_ru=first_name(names, "ru", first_name(names, "en", entry["key"])),
        )
    return found


def known_places() -> dict[str, Place]:
    """The places of the list in force (:data:`PLACES_PATH`)."""
    return places_in(PLACES_PATH)
