"""Areas of interest: places the Organization watches beyond its regions, loaded from the charter."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from accord.charter import gazetteer
from accord.charter.loader import CharterFileError, load_charter, read_charter
from accord.charter.models import AreaOfInterest
from accord.core.models import ChangeRecord
from tests.charter.test_loader import CSTO, CSTO_TEXT, write

pytestmark = pytest.mark.django_db


def test_the_shipped_charter_names_afghanistan_and_the_tajik_afghan_border():
    spec = read_charter(CSTO)
    areas = {area.key: area for area in spec.areas_of_interest}
    assert set(areas) == {"afghanistan", "tajik-afghan-border"}
    assert areas["tajik-afghan-border"].states == ["TJK", "AFG"]
    assert areas["afghanistan"].bbox is None
    assert all(area.sources and area.name.ru and area.note for area in areas.values())


def test_the_gazetteer_lists_each_area_with_its_states_box_and_localized_name():
    by_key = {area.key: area for area in gazetteer.areas_of_interest()}
    border = by_key["tajik-afghan-border"]
    assert border.state_codes == ["AFG", "TJK"]
    south, west, north, east = border.bbox
    assert south < 37.2 < north and west < 68 and east > 74.9  # from the Uzbek tripoint to the Chinese
    assert by_key["afghanistan"].bbox is None and by_key["afghanistan"].state_codes == ["AFG"]
    with translation.override("ru"):
        assert gazetteer.area_named("tajik-afghan-border").name == "Таджикско-афганская граница"
    assert gazetteer.area_named("nowhere") is None


def test_an_area_is_public_like_a_region():
    assert AreaOfInterest.access_public is True
    assert gazetteer.areas_of_interest(None)


def test_an_unknown_state_in_an_area_names_its_line(tmp_path):
    text = CSTO_TEXT.replace("    states: [TJK, AFG]\n", "    states: [TJK, XXX]\n")
    with pytest.raises(CharterFileError) as caught:
        read_charter(write(tmp_path, text))
    assert any("areas_of_interest[1].states[1]: unknown state 'XXX'" in str(p) for p in caught.value.problems)


def test_a_box_with_its_edges_swapped_is_refused(tmp_path):
    text = CSTO_TEXT.replace("south: 36.4, west: 67.3, north: 38.7", "south: 38.7, west: 67.3, north: 36.4")
    with pytest.raises(CharterFileError) as caught:
        read_charter(write(tmp_path, text))
    assert "north must be greater than south" in str(caught.value.problems)


def test_an_area_dropped_from_the_file_is_deleted_and_recorded(tmp_path: Path, actor):
    text = CSTO_TEXT.split("  - key: tajik-afghan-border\n")
    rest = text[1].split("\n\n", 1)[1]
    load_charter(write(tmp_path, text[0] + "\n" + rest), actor=actor)
    assert not AreaOfInterest.objects.filter(key="tajik-afghan-border").exists()
    assert ChangeRecord.objects.filter(object_type="charter.areaofinterest", action="delete").exists()
