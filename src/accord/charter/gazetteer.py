"""States and collective security regions by any name or code a data set uses for them.

Data sets name a state by its ISO 3166 alpha-3 or alpha-2 code, its Gleditsch-Ward number (UCDP),
or its name in English or Russian; this is the one place that turns any of them into the state's
alpha-3 code, which Accord's records carry, and a state into its region. A source's own spellings
(the JHU data's ``Korea, South``) belong to that source's importer, not here.

Every read goes through ``restrict()``: the charter is public today, but the gazetteer must not be
the one door that stays open when it no longer is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Any

from accord.charter.models import AreaOfInterest, Region, State
from accord.charter.reference import GW_FILE
from accord.core.access import SYSTEM_USER, Action


def states(user: Any = SYSTEM_USER) -> Any:
    """The states ``user`` may see."""
    return State.objects.restrict(user, Action.VIEW)


def regions(user: Any = SYSTEM_USER) -> Any:
    """The collective security regions ``user`` may see."""
    return Region.objects.restrict(user, Action.VIEW)


@dataclass
class Gazetteer:
    """Every state's codes and names, and the region of each state, read once for a whole import."""

    by_gwno: dict[int, str]
    codes: set[str]
    by_name: dict[str, str]
    region_of: dict[str, str]
    by_alpha2: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, user: Any = SYSTEM_USER) -> Gazetteer:
        """The gazetteer as ``user`` may see it: the states of the charter, Gleditsch-Ward numbers from
        the reference file where a state has none of its own.
        """
        with GW_FILE.open(encoding="utf-8", newline="") as handle:
            by_gwno = {int(row["gwno"]): row["alpha3"] for row in csv.DictReader(handle) if row["alpha3"]}
        codes: set[str] = set()
        by_name: dict[str, str] = {}
        by_alpha2: dict[str, str] = {}
        for code, alpha2, gwno, name_en, name_ru in states(user).values_list(
            "code", "alpha2", "gwno", "name_en", "name_ru"
        ):
            codes.add(code)
            if gwno is not None:
                by_gwno[gwno] = code
            if alpha2:
                by_alpha2[alpha2.upper()] = code
            for name in (name_en, name_ru):
                if name:
                    by_name[name.casefold()] = code
        # A state in two regions is in the last one (in the regions' order), as it always was.
        region_of = dict(regions(user).filter(states__isnull=False).values_list("states__code", "key"))
        return cls(by_gwno, codes, by_name, region_of, by_alpha2)

    def state_code(self, text: str) -> str | None:
        """The alpha-3 code of the state ``text`` names: an alpha-3 or alpha-2 code, a Gleditsch-Ward
        number, or a name in English or Russian (any case); None for a name it does not know.
        """
        value = text.strip()
        if value.isdigit():
            return self.by_gwno.get(int(value))
        if value.upper() in self.codes:
            return value.upper()
        if len(value) == 2 and value.upper() in self.by_alpha2:
            return self.by_alpha2[value.upper()]
        return self.by_name.get(value.casefold())


def region_named(key: str, user: Any = SYSTEM_USER) -> Region | None:
    """The region with this key, or None."""
    return regions(user).filter(key=key).first() if key else None


def region_keys(user: Any = SYSTEM_USER) -> list[str]:
    """Every region's key, in order."""
    return list(regions(user).order_by("key").values_list("key", flat=True))


def region_state_codes(key: str, user: Any = SYSTEM_USER) -> list[str]:
    """The alpha-3 codes of a region's states (none for an unknown region)."""
    codes = regions(user).filter(key=key).values_list("states__code", flat=True)
    return [code for code in codes if code is not None]


def numeric_codes(codes: set[str] | list[str], user: Any = SYSTEM_USER) -> dict[str, str]:
    """ISO numeric codes by alpha-3 code, as map outlines name countries."""
    return dict(states(user).filter(code__in=codes).values_list("code", "numeric"))


@dataclass(frozen=True)
class AreaView:
    """An area of interest as the dashboard filters by it: its states and, for a border strip, its box."""

    key: str
    name: str
    state_codes: list[str]
    bbox: tuple[float, float, float, float] | None


def areas_of_interest(user: Any = SYSTEM_USER) -> list[AreaView]:
    """The areas of interest ``user`` may see, named in the active language, in key order."""
    areas = AreaOfInterest.objects.restrict(user, Action.VIEW).order_by("key").prefetch_related("states")
    return [
        AreaView(area.key, str(area.name), sorted(state.code for state in area.states.all()), area.bbox)
        for area in areas
    ]


def area_named(key: str, user: Any = SYSTEM_USER) -> AreaView | None:
    """The area of interest with this key, or None."""
    return next((area for area in areas_of_interest(user) if area.key == key), None) if key else None
