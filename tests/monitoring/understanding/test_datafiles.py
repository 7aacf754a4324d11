"""The shipped monitoring data files load, and a bad file is refused naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.core.ingest import InputFileError
from accord.monitoring.understanding import datafiles
from accord.monitoring.understanding.datafiles import (
    AliasesFile,
    GivenNamesFile,
    OrganizationsFile,
    PlacesFile,
    read_checked,
)

GOOD_PLACE = (
    "  - {key: dushanbe, kind: city, state: TJK, lat: 38.56, lon: 68.77,"
    " names: {en: [Dushanbe], ru: [Душанбе]}, sources: [geonames]}\n"
)

OTHER_PLACE = GOOD_PLACE.replace("key: dushanbe", "key: khujand")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "places.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def places_text(*entries: str) -> str:
    return "sources:\n  - {key: geonames, title: GeoNames}\nplaces:\n" + "".join(entries)


def test_the_shipped_files_load():
    places = datafiles.places_file().places
    assert 80 <= len(places) <= 150
    assert {"dushanbe", "bishkek", "almaty", "sughd", "gorno-badakhshan", "issyk-kul", "pyanj"} <= {
        place.key for place in places
    }
    assert {place.kind for place in places} == {
        "city",
        "region",
        "district",
        "border-area",
        "training-ground",
        "river",
        "lake",
    }
    organizations = {item.key for item in datafiles.organizations_file().organizations}
    assert {
        "csto",
        "un",
        "osce",
        "cis",
        "sco",
        "nato",
        "eu",
        "eaeu",
        "cica",
        "interpol",
        "cis-atc",
        "unodc",
    } <= (organizations)
    assert len(datafiles.given_names_file().en) >= 200
    assert "Валерий" in datafiles.given_names_file().ru
    assert {item.key for item in datafiles.aliases_file().states} >= {
        "ARM",
        "BLR",
        "KAZ",
        "KGZ",
        "RUS",
        "TJK",
    }


def test_every_place_has_sane_coordinates_for_its_state():
    boxes = {  # rough boxes (south, west, north, east) of the states the file places things in
        "ARM": (38.8, 43.4, 41.4, 46.7),
        "BLR": (51.2, 23.1, 56.2, 32.8),
        "KAZ": (40.5, 46.4, 55.5, 87.4),
        "KGZ": (39.1, 69.2, 43.3, 80.3),
        "TJK": (36.6, 67.3, 41.1, 75.2),
        "UZB": (37.1, 55.9, 45.6, 73.2),
        "AFG": (29.3, 60.5, 38.5, 74.9),
    }
    for place in datafiles.places_file().places:
        if place.state in boxes:
            south, west, north, east = boxes[place.state]
            assert south <= place.lat <= north and west <= place.lon <= east, place.key


@pytest.mark.parametrize(
    ("entry", "line", "field", "message"),
    [
        (OTHER_PLACE.replace("kind: city", "kind: town"), 5, "places[1].kind", "'town' is not allowed"),
        (OTHER_PLACE.replace("state: TJK", "state: Tajikistan"), 5, "places[1].state", "pattern"),
        (OTHER_PLACE.replace("lat: 38.56", "lat: 138.56"), 5, "places[1].lat", "less than or equal to 90"),
        (OTHER_PLACE.replace("ru: [Душанбе]", "ru: []"), 5, "places[1].names.ru", "at least 1 item"),
        (
            OTHER_PLACE.replace("sources: [geonames]", "sources: [wiki]"),
            5,
            "places[1].sources",
            "unknown source",
        ),
        (GOOD_PLACE, 5, "places[1].key", "this key appears twice"),
        (OTHER_PLACE.replace("lon:", "long:"), 5, "places[1].long", "unknown field"),
    ],
)
def test_a_bad_places_file_is_refused_with_file_and_line(tmp_path, entry, line, field, message):
    path = write(tmp_path, places_text(GOOD_PLACE, entry))
    with pytest.raises(InputFileError) as refused:
        read_checked(path, PlacesFile, ["places"])
    problem = next(problem for problem in refused.value.problems if problem.field == field)
    assert problem.file == str(path)
    assert problem.line == line
    assert message in problem.message
    assert f"{path}:{line}: {field}:" in str(refused.value)


def test_broken_yaml_and_aliases_are_refused(tmp_path):
    path = write(tmp_path, places_text(GOOD_PLACE) + "  - {key: [broken\n")
    with pytest.raises(InputFileError) as refused:
        read_checked(path, PlacesFile, ["places"])
    assert refused.value.problems[0].line >= 5
    path = write(tmp_path, "sources: &s [x]\nplaces: *s\n")
    with pytest.raises(InputFileError, match="anchors"):
        read_checked(path, PlacesFile, ["places"])


@pytest.mark.parametrize("schema", [OrganizationsFile, AliasesFile, GivenNamesFile])
def test_the_other_files_are_checked_too(tmp_path, schema):
    path = write(tmp_path, "sources:\n  - {key: x, title: X}\nunknown: 1\n")
    with pytest.raises(InputFileError) as refused:
        read_checked(path, schema)
    assert any(problem.line == 3 and "unknown field" in problem.message for problem in refused.value.problems)
