"""States and regions by any name or code a data set uses for them."""

from __future__ import annotations

import pytest

from accord.charter import gazetteer
from accord.charter.gazetteer import Gazetteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def places() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    "text",
    ["KAZ", "kaz", "KZ", "kz", "705", "Kazakhstan", "KAZAKHSTAN", "Казахстан", "казахстан", " Kazakhstan "],
)
def test_a_state_is_found_by_any_code_or_name_in_either_language(places, text):
    assert places.state_code(text) == "KAZ"


@pytest.mark.parametrize("text", ["Atlantis", "Атлантида", "ZZ", "ZZZ", "99999", ""])
def test_an_unknown_name_or_code_is_none(places, text):
    assert places.state_code(text) is None


def test_gleditsch_ward_numbers_come_from_the_states_and_the_reference_file(places):
    assert (places.by_gwno[365], places.by_gwno[371], places.by_gwno[2]) == ("RUS", "ARM", "USA")


def test_each_member_state_is_in_its_collective_security_region(places):
    assert {code: places.region_of[code] for code in ("KAZ", "RUS", "ARM")} == {
        "KAZ": "central-asian",
        "RUS": "east-european",
        "ARM": "caucasian",
    }
    assert "USA" not in places.region_of


def test_regions_their_states_and_the_numeric_codes_of_the_map():
    assert sorted(gazetteer.region_state_codes("central-asian")) == ["KAZ", "KGZ", "TJK"]
    assert gazetteer.region_state_codes("nowhere") == []
    assert gazetteer.region_named("caucasian").key == "caucasian"
    assert gazetteer.region_named("nowhere") is None
    assert gazetteer.region_keys() == ["caucasian", "central-asian", "east-european"]
    assert gazetteer.numeric_codes({"KAZ", "ARM", "ZZZ"}) == {"KAZ": "398", "ARM": "051"}
